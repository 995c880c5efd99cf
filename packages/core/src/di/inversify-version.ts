import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigurationError } from '../errors/errors';

/**
 * The Inversify versions core's modules are written for, as in core's peerDependencies. Inversify 8
 * changed the container API (`loadSync`, `rebindSync` and friends are gone), so an app that installed it
 * would fail later with "container.loadSync is not a function"; this range is checked when the core
 * module is created, with a message that says what to install.
 */
export const SUPPORTED_INVERSIFY_RANGE = '~7.11.0';

/** An installed Inversify: its version and package directory. */
export interface InstalledPackage {
  readonly version: string;
  readonly dir: string;
}

let found: { readonly installed: InstalledPackage | undefined } | undefined;

/** The Inversify that core itself resolves (its package.json is not exported, so it is found on disk; once per process). */
export function installedInversify(): InstalledPackage | undefined {
  found ??= { installed: findInversify() };
  return found.installed;
}

function findInversify(): InstalledPackage | undefined {
  let dir: string;
  try {
    dir = path.dirname(require.resolve('inversify'));
  } catch {
    return undefined;
  }
  for (; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'inversify' && typeof manifest.version === 'string') return { version: manifest.version, dir };
    } catch {
      // no package.json at this level: keep walking up
    }
  }
  return undefined;
}

/** True for 7.11.x (what `~7.11.0` allows). */
export function isSupportedInversify(version: string): boolean {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match !== null && match[1] === '7' && match[2] === '11';
}

/**
 * Throws ConfigurationError naming the version found, where, and the supported range, when the
 * installed Inversify is not one core works with. Nothing is thrown when it cannot be found on disk
 * (a bundled app): then the import itself has already succeeded.
 */
export function assertSupportedInversify(installed: InstalledPackage | undefined = installedInversify()): void {
  if (installed === undefined || isSupportedInversify(installed.version)) return;
  throw new ConfigurationError(
    `@silvertine/core supports inversify ${SUPPORTED_INVERSIFY_RANGE}, but inversify ${installed.version} is installed (${installed.dir}); ` +
      `install a supported version: npm install inversify@${SUPPORTED_INVERSIFY_RANGE}`,
  );
}
