/**
 * Import first in every bench script. tools/scripts/register-ts.js maps `@silvertine/x` to
 * `packages/x/src/index.ts`, but relative imports inside a package are resolved by Node, which tries
 * `.js` before `.ts`: a stray compiled `.js` beside a source (left by a `tsc` run without outDir) would
 * silently replace the current TypeScript. This redirects such hits to the `.ts` sibling and says so once.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import Module from 'node:module';

type Resolve = (request: string, parent: unknown, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const original = loader._resolveFilename;
const workspace = path.resolve(__dirname, '..', '..', '..', '..');
const redirected = new Set<string>();

loader._resolveFilename = function resolve(request: string, parent: unknown, ...rest: unknown[]): string {
  const resolved = original.call(this, request, parent, ...rest);
  if (resolved.endsWith('.js') && resolved.startsWith(workspace) && resolved.includes(`${path.sep}src${path.sep}`) && !resolved.includes('node_modules')) {
    const source = `${resolved.slice(0, -3)}.ts`;
    if (existsSync(source)) {
      const pkg = path.relative(workspace, resolved).split(path.sep).slice(0, 2).join('/');
      if (!redirected.has(pkg)) {
        redirected.add(pkg);
        process.stderr.write(`note: stray compiled .js beside sources in ${pkg}/src — using the .ts sources\n`);
      }
      return source;
    }
  }
  return resolved;
};
