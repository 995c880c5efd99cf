// Runs TypeScript sources directly under Node (for benchmarks and dev scripts): compiles each .ts file
// with swc on require, and resolves @silvertine/* to package sources through tsconfig paths.
const fs = require('fs');
const path = require('path');
const Module = require('module');
const { transformSync } = require('@swc/core');
const swcOptions = require('./swc-options.js');
const { paths } = require('../../tsconfig.base.json').compilerOptions;

const root = path.join(__dirname, '..', '..');
const originalResolve = Module._resolveFilename;
/** Workspace code, not an installed package: only its imports are aliased (a plugin's own core stays its own). */
function inWorkspace(parent) {
  const file = parent && parent.filename;
  return !file || (file.startsWith(root + path.sep) && !file.includes(`${path.sep}node_modules${path.sep}`));
}
Module._resolveFilename = function resolve(request, parent, ...rest) {
  const target = paths[request];
  if (target && inWorkspace(parent)) return originalResolve.call(this, path.join(root, target[0]), parent, ...rest);
  return originalResolve.call(this, request, parent, ...rest);
};

// Prefer foo.ts over a stale compiled foo.js beside it: move '.js' after '.ts' in the lookup order.
const jsLoader = require.extensions['.js'];
require.extensions['.ts'] = function compile(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...swcOptions, filename });
  module._compile(code, filename);
};
delete require.extensions['.js'];
require.extensions['.js'] = jsLoader;
