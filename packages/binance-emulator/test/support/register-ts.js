// Lets a child `node` process run the TypeScript sources (src/cli.ts) directly: swc transpiles each .ts file
// and workspace packages resolve through tsconfig.base.json paths, as in Jest. This keeps the CLI test
// independent of any package's dist/, which other builds may be rewriting at the same moment.
const fs = require('fs');
const Module = require('module');
const path = require('path');
const { transformSync } = require('@swc/core');

const root = path.join(__dirname, '../../../..');
const { paths } = require(path.join(root, 'tsconfig.base.json')).compilerOptions;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const target = paths[request];
  return resolve.call(this, target ? path.join(root, target[0]) : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
