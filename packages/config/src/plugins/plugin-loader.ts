import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigurationError, type BrokerPluginManifest, type BrokerRegistration, type BrokerRegistry, type Logger } from '@silvertine/core';

/** A plugin loaded from `plugins:`. */
export interface LoadedPlugin {
  /** As written under `plugins:`. */
  readonly specifier: string;
  readonly manifest: BrokerPluginManifest;
  readonly registrations: readonly BrokerRegistration[];
  /** The file it was loaded from (undefined when a custom importer resolved it). */
  readonly resolvedPath?: string;
  /** Set when the plugin resolves its own copy of @silvertine/core, not the one this app uses. */
  readonly coreCopy?: CoreCopies;
}

/** The two copies of @silvertine/core seen when a plugin brings its own: their package directories. */
export interface CoreCopies {
  readonly app: string;
  readonly plugin: string;
}

/** How modules are imported (replaceable in tests). */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** Where a plugin named by package is looked for, in this order; then beside this package (the CLI's own). */
export interface PluginSearchOptions {
  /** The working directory (default `process.cwd()`). */
  readonly cwd?: string;
  /** Global install folders (default: npm's global node_modules, see `globalModuleDirs`). */
  readonly globalDirs?: readonly string[];
}

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
 * npm's global node_modules folders: `$npm_config_prefix/lib/node_modules` when npm set it, and the one
 * beside the running node (`<prefix>/lib/node_modules`, or `<prefix>/node_modules` on Windows).
 */
export function globalModuleDirs(env: NodeJS.ProcessEnv = process.env, execPath: string = process.execPath): string[] {
  // npm exports npm_config_prefix / npm_config_global_prefix to what it runs (npx, npm run)
  const prefixes = [env.npm_config_prefix, env.NPM_CONFIG_PREFIX, env.npm_config_global_prefix, path.dirname(path.dirname(execPath))].filter((p): p is string => !!p);
  const dirs = prefixes.map((prefix) => (process.platform === 'win32' ? path.join(prefix, 'node_modules') : path.join(prefix, 'lib', 'node_modules')));
  return [...new Set(dirs)];
}

/** The file `specifier` resolves to from `dir` (its node_modules and those above), or undefined. */
function resolveFrom(specifier: string, dir: string): string | undefined {
  try {
    return require.resolve(specifier, { paths: [dir] });
  } catch {
    return undefined;
  }
}

/**
 * Finds a plugin package: from the config file's directory, then the working directory, then the global
 * install folders (first found wins). Undefined when none has it.
 */
export function resolvePluginPackage(specifier: string, baseDir: string, search: PluginSearchOptions = {}): string | undefined {
  const dirs = [baseDir, search.cwd ?? process.cwd(), ...(search.globalDirs ?? globalModuleDirs())];
  for (const dir of dirs) {
    const found = resolveFrom(specifier, dir);
    if (found) return found;
  }
  return undefined;
}

/**
 * Imports one plugin and checks its manifest. A path is resolved relative to `baseDir` (the config
 * file's directory); a package name is looked for from `baseDir`, then the working directory, then the
 * global install folders, and last beside this package (plugins installed with the CLI). A package that
 * cannot be found fails with "install <name>"; one that throws while loading fails with its error as `cause`.
 */
export async function importPlugin(specifier: string, baseDir: string, importer: ModuleImporter = defaultImporter, search: PluginSearchOptions = {}): Promise<BrokerPluginManifest> {
  return (await locateAndImport(specifier, baseDir, importer, search)).manifest;
}

async function locateAndImport(
  specifier: string,
  baseDir: string,
  importer: ModuleImporter,
  search: PluginSearchOptions,
): Promise<{ manifest: BrokerPluginManifest; resolvedPath?: string }> {
  if (isPath(specifier)) {
    const target = path.resolve(baseDir, specifier);
    const loaded = await importOrExplain(specifier, target, importer, (error) => {
      throw new ConfigurationError(`plugin ${specifier} not found (looked for ${target})`, { cause: error });
    });
    return { manifest: checkManifest(specifier, loaded), resolvedPath: resolveFrom(target, baseDir) };
  }
  const found = resolvePluginPackage(specifier, baseDir, search);
  const target = found ?? specifier;
  const loaded = await importOrExplain(specifier, target, importer, (error) => {
    throw new ConfigurationError(`plugin ${specifier} is not installed: install ${specifier} (npm install ${specifier})`, { cause: error });
  });
  return { manifest: checkManifest(specifier, loaded), resolvedPath: found ?? resolveFrom(specifier, __dirname) };
}

async function importOrExplain(specifier: string, target: string, importer: ModuleImporter, notFound: (error: unknown) => never): Promise<unknown> {
  try {
    return await importer(target);
  } catch (error) {
    if (isNotFound(error, target)) notFound(error);
    throw new ConfigurationError(`plugin ${specifier} failed to load: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
}

/** The package directory of the @silvertine/core that code in `fromDir` gets, or undefined. */
function corePackageDir(fromDir: string): string | undefined {
  const manifest = resolveFrom('@silvertine/core/package.json', fromDir);
  return manifest === undefined ? undefined : path.dirname(realpathSync(manifest));
}

/**
 * Compares the @silvertine/core a plugin resolves with the one this package uses. Two copies still
 * interoperate (Decimals and errors are recognised by their `Symbol.for` brands), but each has its own
 * classes and module state, so the loader says which two it found.
 */
export function detectCoreCopy(pluginPath: string, appDir: string = __dirname): CoreCopies | undefined {
  const app = corePackageDir(appDir);
  const plugin = corePackageDir(path.dirname(pluginPath));
  return app !== undefined && plugin !== undefined && app !== plugin ? { app, plugin } : undefined;
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
  options: { readonly baseDir: string; readonly importer?: ModuleImporter; readonly search?: PluginSearchOptions; readonly logger?: Logger },
): Promise<LoadedPlugin[]> {
  const loaded: LoadedPlugin[] = [];
  for (const specifier of specifiers) {
    const { manifest, resolvedPath } = await locateAndImport(specifier, options.baseDir, options.importer ?? defaultImporter, options.search ?? {});
    const coreCopy = resolvedPath === undefined ? undefined : detectCoreCopy(resolvedPath);
    if (coreCopy) {
      options.logger?.warn('plugin loads its own copy of @silvertine/core', { plugin: specifier, appCore: coreCopy.app, pluginCore: coreCopy.plugin });
    }
    loaded.push({ specifier, manifest, registrations: registry.registerPlugin(manifest), resolvedPath, coreCopy });
  }
  return loaded;
}
