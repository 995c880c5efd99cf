import 'reflect-metadata';

// Public surface of @silvertine/config. Everything else is internal.
export * from './errors/config-issue';
export { loadConfig, parseConfig, type LoadConfigOptions } from './loading/config-loader';
export { substituteEnv, type EnvLookup, type SubstitutionResult } from './loading/env-substitution';
export { loadDotenv } from './loading/dotenv-loader';
export { parseYaml, DEFAULT_MAX_CONFIG_BYTES, MAX_YAML_ALIASES, type YamlLimits } from './loading/yaml-reader';
export { FORBIDDEN_KEYS } from './loading/forbidden-keys';
export { ConfigSources, deepMerge, type ConfigSource, type SourceLocation } from './loading/config-sources';
export { snakeToCamel, camelToSnake } from './loading/key-case';
export { DecimalField, DecimalRecordField, ToBoolean, type DecimalFieldOptions } from './schema/decimal.field';
export { BrokerEntryConfig, RiskLimitsConfig, FACTORY_BROKER_KEYS } from './schema/broker-entry.schema';
export { SilvertineConfigSchema, MonitoringConfig, LoggingConfig, MarketDataConfig, MarketDataSourceConfig } from './schema/silvertine.schema';
export { ResilienceConfig, JournalConfig, ReconciliationConfig, KillSwitchConfig, RedisConfig, RedisBridgeConfig, RedisGatewayConfig } from './schema/safety.schema';
export { ShadowConfig, ShadowSlippageConfig, ShadowLatencyConfig, SHADOW_SLIPPAGE_MODELS, SHADOW_LATENCY_MODELS } from './schema/shadow.schema';
export { resolveSafetyPaths, type SafetyPaths } from './schema/safety-paths';
export { flattenSections, BROKER_SECTIONS, type FlattenedSection } from './schema/section-flattening';
export { validateSection, type ConfigClass, type SectionResult } from './schema/validate-section';
export { validateConfigTree, isLoopbackHost, type BrokerSpec, type SilvertineConfig } from './schema/silvertine-config';
export { resolveBrokers, type ResolvedBroker } from './schema/broker-resolver';
export {
  importPlugin,
  checkManifest,
  loadPlugins,
  resolvePluginPackage,
  globalModuleDirs,
  detectCoreCopy,
  type LoadedPlugin,
  type ModuleImporter,
  type CoreCopies,
  type PluginSearchOptions,
} from './plugins/plugin-loader';
export { BrokerFactory, type BrokerFactoryDeps } from './factory/broker-factory';
export { PositionTracker } from './factory/position-tracker';
export type { BrokerLifecycle, BrokerBuildInfo } from './factory/broker-lifecycle';
export { CONFIG_TOKENS } from './di/tokens';
export { createConfigModule } from './di/config.module';
