// Lets a child `node` process run the TypeScript sources (for the CLI test) the way Jest does: swc
// transpiles .ts on require and workspace aliases resolve to their sources through tsconfig paths.
const fs = require('fs');
const path = require('path');
const Module = require('module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../../..');
const { paths } = require(path.join(root, 'tsconfig.base.json')).compilerOptions;
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const target = paths[request];
  return originalResolve.call(this, target ? path.join(root, target[0]) : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
