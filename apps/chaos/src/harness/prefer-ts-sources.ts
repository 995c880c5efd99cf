/**
 * Makes Node load a workspace package's TypeScript source even when a stale compiled `.js` sits beside
 * it (packages/core/src/**.js left by a tsc run that emitted in place: git ignores them, but Node's
 * resolver prefers `.js` over `.ts`, so the chaos run would exercise old code). Jest is unaffected (its
 * moduleFileExtensions put `ts` first). Import this module before any @silvertine package.
 */
import { existsSync } from 'node:fs';
import Module from 'node:module';
import { dirname, resolve } from 'node:path';

type Resolve = (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const original = loader._resolveFilename;

loader._resolveFilename = function preferTs(request, parent, ...rest) {
  const from = parent?.filename;
  if (from?.endsWith('.ts') && (request.startsWith('./') || request.startsWith('../'))) {
    const base = resolve(dirname(from), request);
    for (const candidate of [`${base}.ts`, `${base}/index.ts`]) if (existsSync(candidate)) return candidate;
  }
  return original.call(this, request, parent, ...rest);
};
