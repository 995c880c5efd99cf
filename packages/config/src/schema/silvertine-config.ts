import type { RiskLimits } from '@silvertine/core';
import { ConfigValidationError, type ConfigIssue } from '../errors/config-issue';
import type { ConfigSources } from '../loading/config-sources';
import { isPlainObject } from '../loading/config-sources';
import { BrokerEntryConfig, FACTORY_BROKER_KEYS } from './broker-entry.schema';
import { LoggingConfig, MarketDataConfig, MonitoringConfig, SilvertineConfigSchema } from './silvertine.schema';
import { ResilienceConfig, type RedisConfig } from './safety.schema';
import type { ShadowConfig } from './shadow.schema';
import { validateSection } from './validate-section';

/** One validated `brokers.<name>` entry (the plugin's own section is checked later, against the registry). */
export interface BrokerSpec {
  /** The key under `brokers:`; also the broker's id. */
  readonly name: string;
  readonly type: string;
  readonly enabled: boolean;
  readonly description?: string;
  /** Parsed limits (Decimal money), enforced by a pre-trade check. Empty when none are configured. */
  readonly riskLimits: RiskLimits;
  /** Brokers tried in order when this one fails to connect. */
  readonly fallback: readonly string[];
  /** The `shadow:` section, when written (`silvertine shadow` mirrors this broker into paper). */
  readonly shadow?: ShadowConfig;
  /** The rest of the entry (credentials, connection, trading, plugin keys), camelCase, not yet validated. */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** A loaded configuration: structure validated, environment applied, layers merged. */
export interface SilvertineConfig {
  /** Absolute path of the base file (undefined for a configuration parsed from a string). */
  readonly file?: string;
  /** Directory that relative plugin paths and log files are resolved against. */
  readonly baseDir: string;
  readonly environment?: string;
  readonly brokers: Readonly<Record<string, BrokerSpec>>;
  readonly plugins: readonly string[];
  readonly monitoring: MonitoringConfig;
  readonly logging: LoggingConfig;
  /** The process-wide market data feed (`source: none` when not configured). */
  readonly marketData: MarketDataConfig;
  /** The safety stack of live brokers (an empty section when not written: everything on by default). */
  readonly resilience: ResilienceConfig;
  /** The Redis server, when the file names one. */
  readonly redis?: RedisConfig;
  /** Where each value came from, for messages naming file and path. */
  readonly sources: ConfigSources;
  /** Values to mask in logs and messages (substituted env values and secret-looking keys). Pass to createLogger({ secrets }). */
  readonly secrets: readonly string[];
}

/**
 * Validates the merged camelCase tree: top-level keys, monitoring, logging, each broker's factory keys
 * and fallback references. Collects every issue and throws one ConfigValidationError.
 */
export function validateConfigTree(tree: Record<string, unknown>, sources: ConfigSources, meta: { file?: string; baseDir: string; secrets: readonly string[] }): SilvertineConfig {
  const issues: ConfigIssue[] = [];
  const top = validateSection(SilvertineConfigSchema, tree, [], sources);
  issues.push(...top.issues);
  const brokers: Record<string, BrokerSpec> = {};
  const rawBrokers = tree['brokers'];
  if (isPlainObject(rawBrokers)) {
    if (Object.keys(rawBrokers).length === 0) {
      const where = sources.locate(['brokers']);
      issues.push({ file: where.file, path: where.path, rule: 'arrayNotEmpty', message: 'must define at least one broker' });
    }
    for (const [name, entry] of Object.entries(rawBrokers)) {
      const spec = validateBrokerEntry(name, entry, sources, issues);
      if (spec) brokers[name] = spec;
    }
    // checked on the written entries (valid or not) against every written name
    const names = Object.keys(rawBrokers);
    for (const [name, entry] of Object.entries(rawBrokers)) {
      const fallback = isPlainObject(entry) ? entry['fallback'] : undefined;
      if (Array.isArray(fallback)) checkFallbacks(name, fallback, names, sources, issues);
    }
  }
  // Implicit conversion reads `plugins: { a: 1 }` as an empty list (a string is refused by the schema).
  const rawPlugins = tree['plugins'];
  if (isPlainObject(rawPlugins)) {
    const where = sources.locate(['plugins']);
    issues.push({ file: where.file, path: where.path, rule: 'isArray', message: 'must be a list of package names or paths' });
  }
  if (top.value) issues.push(...monitoringExposureIssues(top.value.monitoring, sources), ...redisJournalIssues(top.value, sources), ...marketDataSourceIssues(top.value, rawBrokers, sources));
  if (issues.length || !top.value) throw new ConfigValidationError(issues, meta.secrets);
  return {
    file: meta.file,
    baseDir: meta.baseDir,
    environment: top.value.environment,
    brokers,
    plugins: top.value.plugins ?? [],
    monitoring: top.value.monitoring ?? new MonitoringConfig(),
    logging: top.value.logging ?? new LoggingConfig(),
    marketData: top.value.marketData ?? new MarketDataConfig(),
    resilience: top.value.resilience ?? new ResilienceConfig(),
    redis: top.value.redis,
    sources,
    secrets: meta.secrets,
  };
}

/** True for names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) || bare === '::ffff:127.0.0.1';
}

/** Monitoring serves positions, orders and P&L: off loopback it must ask for a token. */
function monitoringExposureIssues(monitoring: MonitoringConfig | undefined, sources: ConfigSources): ConfigIssue[] {
  if (!monitoring || monitoring.enabled === false || monitoring.host === undefined || isLoopbackHost(monitoring.host) || monitoring.token) return [];
  const where = sources.locate(['monitoring', 'host']);
  return [{
    file: where.file, path: where.path, rule: 'monitoringToken',
    message: 'binding monitoring to a non-loopback address requires monitoring.token (e.g. token: ${SILVERTINE_MONITORING_TOKEN})',
  }];
}

/** A Redis journal needs a Redis server. */
/** `market_data.sources`: each entry is a configured broker or the section's own feed, never both. */
function marketDataSourceIssues(top: SilvertineConfigSchema, rawBrokers: unknown, sources: ConfigSources): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const names = isPlainObject(rawBrokers) ? Object.keys(rawBrokers) : [];
  (top.marketData?.sources ?? []).forEach((entry, i) => {
    const at: (string | number)[] = ['market_data', 'sources', i];
    if (entry.broker !== undefined && entry.source !== undefined) {
      const where = sources.locate(at);
      issues.push({ file: where.file, path: where.path, rule: 'oneSource', message: 'give either broker: or source:, not both' });
    }
    if (entry.broker !== undefined && !names.includes(entry.broker)) {
      const where = sources.locate([...at, 'broker']);
      issues.push({ file: where.file, path: where.path, rule: 'brokerKnown', message: `no broker named ${entry.broker} under brokers:` });
    }
    if (entry.source !== undefined && entry.pollMs !== undefined) {
      const where = sources.locate([...at, 'poll_ms']);
      issues.push({ file: where.file, path: where.path, rule: 'pollBroker', message: 'only a broker: source can be polled' });
    }
  });
  return issues;
}

function redisJournalIssues(top: SilvertineConfigSchema, sources: ConfigSources): ConfigIssue[] {
  if (top.resilience?.journal?.kind !== 'redis' || top.redis) return [];
  const where = sources.locate(['resilience', 'journal', 'kind']);
  return [{ file: where.file, path: where.path, rule: 'redisRequired', message: 'a redis journal needs the redis: section (redis.url)' }];
}

function validateBrokerEntry(name: string, entry: unknown, sources: ConfigSources, issues: ConfigIssue[]): BrokerSpec | undefined {
  const at = ['brokers', name];
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    const where = sources.locate(at);
    issues.push({ file: where.file, path: where.path, rule: 'brokerName', message: 'broker names are letters, digits, "_", "." and "-"' });
  }
  if (!isPlainObject(entry)) {
    const where = sources.locate(at);
    issues.push({ file: where.file, path: where.path, rule: 'isObject', message: 'must be a mapping with at least `type:`' });
    return undefined;
  }
  const own: Record<string, unknown> = {};
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if ((FACTORY_BROKER_KEYS as readonly string[]).includes(key)) own[key] = value;
    else settings[key] = value;
  }
  // the conventional sections must at least be mappings, even for a plugin without a configClass
  for (const section of ['credentials', 'connection', 'trading']) {
    if (section in settings && !isPlainObject(settings[section])) {
      const where = sources.locate([...at, section]);
      issues.push({ file: where.file, path: where.path, rule: 'isObject', message: 'must be a mapping (key: value pairs)' });
    }
  }
  const result = validateSection(BrokerEntryConfig, own, at, sources);
  issues.push(...result.issues);
  if (!result.value) return undefined;
  const limits = result.value.riskLimits;
  return {
    name,
    type: result.value.type,
    enabled: result.value.enabled ?? true,
    description: result.value.description,
    riskLimits: {
      ...(limits?.maxOrderNotional && { maxOrderNotional: limits.maxOrderNotional }),
      ...(limits?.maxPosition && { maxPosition: limits.maxPosition }),
      ...(limits?.maxOpenOrders !== undefined && { maxOpenOrders: limits.maxOpenOrders }),
      ...(limits?.maxOrdersPerMinute !== undefined && { maxOrdersPerMinute: limits.maxOrdersPerMinute }),
    },
    fallback: result.value.fallback ?? [],
    shadow: result.value.shadow,
    settings,
  };
}

function checkFallbacks(name: string, fallback: readonly unknown[], names: readonly string[], sources: ConfigSources, issues: ConfigIssue[]): void {
  fallback.forEach((target, index) => {
    if (typeof target !== 'string') return; // reported by the schema
    const where = sources.locate(['brokers', name, 'fallback', index]);
    if (target === name) {
      issues.push({ file: where.file, path: where.path, rule: 'fallbackSelf', message: 'a broker cannot be its own fallback' });
    } else if (!names.includes(target)) {
      const known = names.filter((n) => n !== name);
      issues.push({ file: where.file, path: where.path, rule: 'fallbackUnknown', message: `names no broker of this configuration (brokers: ${known.join(', ') || 'none'})` });
    }
  });
}
