import { createRequire } from 'node:module';
import * as path from 'node:path';
import { ConfigurationError, type BrokerPluginManifest, type BrokerRegistration, type BrokerRegistry } from '@silvertine/core';

/** A plugin loaded from `plugins:`. */
export interface LoadedPlugin {
  /** As written under `plugins:`. */
  readonly specifier: string;
  readonly manifest: BrokerPluginManifest;
  readonly registrations: readonly BrokerRegistration[];
}

/** How modules are imported (replaceable in tests). */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

// `import()` as written here compiles to require() under CommonJS; Node 20.19+ can require() ESM too
const defaultImporter: ModuleImporter = (specifier) => import(specifier);

function isPath(specifier: string): boolean {
  return specifier.startsWith('.') || path.isAbsolute(specifier);
}

/** True when `error` says that `specifier` itself (not something it imports) cannot be found. */
function isNotFound(error: unknown, specifier: string): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return false;
  const message = (error as Error).message;
  return message.includes(`'${specifier}'`) || message.includes(`"${specifier}"`);
}

/**
 * Imports one plugin and checks its manifest. A path is resolved relative to `baseDir` (the config
 * file's directory); a package name is looked up from this package, then from `baseDir` (a project's
 * own node_modules). A package that cannot be found fails with "install <name>"; one that throws while
 * loading fails with its error as `cause`.
 */
export async function importPlugin(specifier: string, baseDir: string, importer: ModuleImporter = defaultImporter): Promise<BrokerPluginManifest> {
  let loaded: unknown;
  const target = isPath(specifier) ? path.resolve(baseDir, specifier) : specifier;
  try {
    loaded = await importer(target);
  } catch (error) {
    if (!isNotFound(error, target)) {
      throw new ConfigurationError(`plugin ${specifier} failed to load: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
    if (isPath(specifier)) throw new ConfigurationError(`plugin ${specifier} not found (looked for ${target})`, { cause: error });
    loaded = await importFromProject(specifier, baseDir, importer, error);
  }
  return checkManifest(specifier, loaded);
}

async function importFromProject(specifier: string, baseDir: string, importer: ModuleImporter, firstError: unknown): Promise<unknown> {
  let resolved: string;
  try {
    resolved = createRequire(path.join(baseDir, 'silvertine.config.js')).resolve(specifier);
  } catch {
    throw new ConfigurationError(`plugin ${specifier} is not installed: install ${specifier} (npm install ${specifier})`, { cause: firstError });
  }
  try {
    return await importer(resolved);
  } catch (error) {
    throw new ConfigurationError(`plugin ${specifier} failed to load: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
}

/** The module must export `plugin` = { name, brokers: [classes] } (a default export holding it is accepted). */
export function checkManifest(specifier: string, loaded: unknown): BrokerPluginManifest {
  const moduleObject = loaded as { plugin?: unknown; default?: { plugin?: unknown } } | undefined;
  const manifest = (moduleObject?.plugin ?? moduleObject?.default?.plugin) as Partial<BrokerPluginManifest> | undefined;
  const expected = 'export const plugin = { name, brokers: [BrokerClass] }';
  if (!manifest || typeof manifest !== 'object') {
    throw new ConfigurationError(`plugin ${specifier} does not export a plugin manifest (${expected})`);
  }
  if (typeof manifest.name !== 'string' || !manifest.name) {
    throw new ConfigurationError(`plugin ${specifier}: manifest has no name (${expected})`);
  }
  if (!Array.isArray(manifest.brokers) || manifest.brokers.some((b) => typeof b !== 'function')) {
    throw new ConfigurationError(`plugin ${specifier} (${manifest.name}): manifest.brokers must be a list of broker classes`);
  }
  return manifest as BrokerPluginManifest;
}

/**
 * Loads every plugin named under `plugins:` into the registry, in order. Registering a plugin twice is
 * harmless; two plugins claiming one broker type fail.
 */
export async function loadPlugins(
  specifiers: readonly string[],
  registry: BrokerRegistry,
  options: { readonly baseDir: string; readonly importer?: ModuleImporter },
): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = [];
  for (const specifier of specifiers) {
    const manifest = await importPlugin(specifier, options.baseDir, options.importer);
    loaded.push({ specifier, manifest, registrations: registry.registerPlugin(manifest) });
  }
  return loaded;
}
