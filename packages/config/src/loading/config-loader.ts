import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { SECRET_KEY_PATTERN } from '@silvertine/core';
import { ConfigValidationError, displayFile, type ConfigIssue } from '../errors/config-issue';
import { validateConfigTree, type SilvertineConfig } from '../schema/silvertine-config';
import { ConfigSources, deepMerge, isPlainObject, type ConfigSource } from './config-sources';
import { loadDotenv } from './dotenv-loader';
import { substituteEnv, type EnvLookup } from './env-substitution';
import { normalizeKeys } from './key-case';
import { parseYaml, readYamlFile } from './yaml-reader';

/** Options of loadConfig / parseConfig. */
export interface LoadConfigOptions {
  /** Variables for `${VAR}` (default process.env). `.env` files fill in what is not set here. */
  readonly env?: EnvLookup;
  /** Environment to layer (overrides SILVERTINE_ENV and the file's `environment:` key). */
  readonly environment?: string;
  /** Working directory for relative paths, `.env` and messages (default process.cwd()). */
  readonly cwd?: string;
  /** Read `.env` files (default true). */
  readonly dotenv?: boolean;
  /** Largest configuration file (or text) accepted, in bytes (default 1 MiB, DEFAULT_MAX_CONFIG_BYTES). */
  readonly maxConfigBytes?: number;
}

interface Layer {
  readonly source: ConfigSource;
  readonly issues: readonly ConfigIssue[];
  readonly secrets: readonly string[];
}

/** Substitutes variables, then normalizes keys, recording where everything came from. */
function toLayer(raw: Record<string, unknown>, file: string, env: EnvLookup): Layer {
  const substituted = substituteEnv(raw, env, file);
  const normalized = normalizeKeys(substituted.value as Record<string, unknown>, file);
  const source: ConfigSource = { file, prefix: [], tree: normalized.value, origins: normalized.origins, variables: substituted.variables };
  return { source, issues: [...substituted.issues, ...normalized.issues], secrets: substituted.substitutedValues };
}

/** The file's own `environment:` value, with variables substituted (`environment: ${APP_ENV:-development}`). */
function declaredEnvironment(raw: Record<string, unknown>, env: EnvLookup, file: string): string | undefined {
  const value = substituteEnv({ environment: raw['environment'] }, env, file).value as { environment?: unknown };
  return typeof value.environment === 'string' && value.environment ? value.environment : undefined;
}

/** Values under secret-looking keys (api_secret, password, token...) anywhere in the tree. */
function secretValues(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => secretValues(item, out));
  else if (isPlainObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (SECRET_KEY_PATTERN.test(key) && typeof value === 'string' && value) out.add(value);
      else secretValues(value, out);
    }
  }
  return out;
}

/**
 * Loads a Silvertine configuration file: YAML parsed first, `${VAR}` / `${VAR:-default}` substituted in
 * the parsed values (from the environment, then `.env` beside the file or in the working directory),
 * keys mapped from snake_case to camelCase, the active environment layered on top (an
 * `environments.<env>:` section, then `<name>.<env>.yaml` beside the file), and the structure
 * validated. Broker sections are validated against their plugins' config classes later, once plugins
 * are loaded (see `loadPlugins` and `BrokerFactory`). Throws ConfigValidationError listing every issue.
 */
export async function loadConfig(file: string, options: LoadConfigOptions = {}): Promise<SilvertineConfig> {
  const cwd = options.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, file);
  const display = displayFile(absolute, cwd);
  const limits = { maxBytes: options.maxConfigBytes };
  const raw = await readYamlFile(absolute, display, limits);
  const overlayFile = async (environment: string) => {
    const ext = path.extname(absolute);
    const candidate = path.join(path.dirname(absolute), `${path.basename(absolute, ext)}.${environment}${ext || '.yaml'}`);
    return existsSync(candidate) ? { raw: await readYamlFile(candidate, displayFile(candidate, cwd), limits), file: displayFile(candidate, cwd) } : undefined;
  };
  return buildConfig(raw, display, path.dirname(absolute), absolute, options, overlayFile);
}

/**
 * Parses a configuration held in a string (an embedded default, a test). `file` names it in messages;
 * `baseDir` resolves relative plugin paths (default cwd). No `<name>.<env>.yaml` overlay is read.
 */
export async function parseConfig(text: string, options: LoadConfigOptions & { readonly file?: string; readonly baseDir?: string } = {}): Promise<SilvertineConfig> {
  const display = options.file ?? '(inline configuration)';
  const baseDir = options.baseDir ?? options.cwd ?? process.cwd();
  return buildConfig(parseYaml(text, display, { maxBytes: options.maxConfigBytes }), display, baseDir, undefined, options, async () => undefined);
}

async function buildConfig(
  raw: Record<string, unknown>,
  display: string,
  baseDir: string,
  absolute: string | undefined,
  options: LoadConfigOptions,
  overlayFile: (environment: string) => Promise<{ raw: Record<string, unknown>; file: string } | undefined>,
): Promise<SilvertineConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.dotenv === false ? (options.env ?? process.env) : loadDotenv(baseDir, cwd, options.env ?? process.env);
  const environment = options.environment ?? env['SILVERTINE_ENV'] ?? declaredEnvironment(raw, env, display);
  // only the active environment's section is substituted: another one may use variables not set here
  const { environments: allEnvironments, ...rest } = raw;
  const active = environment && isPlainObject(allEnvironments) ? allEnvironments[environment] : undefined;
  const base = toLayer(active === undefined ? rest : { ...rest, environments: { [environment as string]: active } }, display, env);
  const layers: Layer[] = [base];
  const inline = base.source.tree['environments'];
  if (environment && isPlainObject(inline) && isPlainObject(inline[environment])) {
    layers.push({ source: { ...base.source, prefix: ['environments', environment], tree: inline[environment] as Record<string, unknown> }, issues: [], secrets: [] });
  }
  if (environment) {
    const overlay = await overlayFile(environment);
    if (overlay) layers.push(toLayer(overlay.raw, overlay.file, env));
  }
  const issues = layers.flatMap((l) => l.issues);
  const secrets = new Set(layers.flatMap((l) => l.secrets));
  if (issues.length) throw new ConfigValidationError(issues, [...secrets]);

  let merged: unknown = {};
  for (const layer of layers) {
    const { environments: _inline, environment: _declared, ...rest } = layer.source.tree;
    merged = deepMerge(merged, rest);
  }
  const tree = { ...(merged as Record<string, unknown>), ...(environment && { environment }) };
  secretValues(tree, secrets);
  return validateConfigTree(tree, new ConfigSources(layers.map((l) => l.source)), { file: absolute, baseDir, secrets: [...secrets] });
}
