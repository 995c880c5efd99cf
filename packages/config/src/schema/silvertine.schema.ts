import { Type } from 'class-transformer';
import type { Decimal } from '@silvertine/core';
import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateIf, ValidateNested, IsDefined } from 'class-validator';
import { DecimalRecordField, ToBoolean } from './decimal.field';
import { RedisConfig, ResilienceConfig } from './safety.schema';

/** `monitoring:`: the metrics and health endpoints (served by @silvertine/monitoring when installed). */
export class MonitoringConfig {
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  enabled?: boolean;

  /** Interface to bind (default 127.0.0.1). Any non-loopback address requires `token`. */
  @IsOptional()
  @IsString()
  host?: string;

  /**
   * Bearer token every request must present (`Authorization: Bearer <token>`); set it from the
   * environment (`token: ${SILVERTINE_MONITORING_TOKEN}`), never in the file. Required off loopback.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  token?: string;

  /** 0 picks a free port. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  port?: number;

  @IsOptional()
  @IsString()
  @Matches(/^\//, { message: '$property must start with "/"' })
  metricsPath?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\//, { message: '$property must start with "/"' })
  healthPath?: string;
}

/** `logging:`: passed to core's createLogger. */
export class LoggingConfig {
  @IsOptional()
  @IsIn(['error', 'warn', 'info', 'debug'])
  level?: 'error' | 'warn' | 'info' | 'debug';

  @IsOptional()
  @IsIn(['json', 'pretty'])
  format?: 'json' | 'pretty';

  /** Also write JSON lines to this file (relative to the config file). */
  @IsOptional()
  @IsString()
  file?: string;
}

/**
 * `market_data:`: the process-wide feed published on the bus as MarketDataEvents (paper brokers fill
 * against it). Started by the app, not by a broker.
 */
/**
 * One entry of `market_data.sources`, in order of preference: a broker's stream (`broker:`), the same
 * broker polled over REST (`broker:` with `poll_ms`), or the section's csv/synthetic feed (`source:`).
 */
export class MarketDataSourceConfig {
  /** A configured broker whose market data (stream, or ticker polls with `poll_ms`) this source is. */
  @ValidateIf((c: MarketDataSourceConfig) => c.source === undefined)
  @IsString()
  @IsNotEmpty()
  broker?: string;

  /** The section's own generated or replayed feed. */
  @ValidateIf((c: MarketDataSourceConfig) => c.broker === undefined)
  @IsIn(['synthetic', 'csv'])
  source?: 'synthetic' | 'csv';

  /** Silent longer than this: stale, the next source takes over (default 2000). */
  @IsOptional()
  @IsInt()
  @Min(1)
  staleMs?: number;

  /** Poll the broker's ticker at this period instead of listening to its stream. */
  @IsOptional()
  @IsInt()
  @Min(1)
  pollMs?: number;
}

export class MarketDataConfig {
  /** `synthetic` (seeded generator), `csv` (replay of `file`) or `none` (adapters stream their own). */
  @IsIn(['none', 'synthetic', 'csv'])
  source: 'none' | 'synthetic' | 'csv' = 'none';

  /** CSV file to replay (relative to the config file). */
  @ValidateIf((c: MarketDataConfig) => c.source === 'csv' || c.file !== undefined)
  @IsString()
  file?: string;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  symbols?: string[];

  /** Synthetic: time between generated quotes/trades. CSV: 0 replays as fast as possible. */
  @IsOptional()
  @IsInt()
  @Min(0)
  intervalMs?: number;

  /** Synthetic: generator seed; the same seed replays the same prices. */
  @IsOptional()
  @IsInt()
  @Min(0)
  seed?: number;

  /** Synthetic: first price per symbol. */
  @IsOptional()
  @DecimalRecordField({ sign: 'positive' })
  startPrices?: Record<string, Decimal>;

  /** Ordered sources with failover (the first healthy one publishes); without it, `source` alone. */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MarketDataSourceConfig)
  sources?: MarketDataSourceConfig[];

  /** A preferred source takes back only after it has been healthy this long (default 5000). */
  @IsOptional()
  @IsInt()
  @Min(0)
  holdMs?: number;
}

/** The top level of a Silvertine YAML file (brokers are validated entry by entry, see validateConfigTree). */
export class SilvertineConfigSchema {
  /** Selects `<name>.<environment>.yaml` and `environments.<environment>` overlays. */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]*$/, { message: '$property must be lower-case letters, digits and dashes (development, testing, production...)' })
  environment?: string;

  @IsDefined({ message: '$property must define at least one broker' })
  @IsObject()
  brokers!: Record<string, unknown>;

  /** Packages or paths (relative to this file) exporting a `plugin` manifest. */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  plugins?: string[];

  @IsOptional()
  @ValidateNested()
  @Type(() => MonitoringConfig)
  monitoring?: MonitoringConfig;

  @IsOptional()
  @ValidateNested()
  @Type(() => LoggingConfig)
  logging?: LoggingConfig;

  @IsOptional()
  @ValidateNested()
  @Type(() => MarketDataConfig)
  marketData?: MarketDataConfig;

  @IsOptional()
  @ValidateNested()
  @Type(() => ResilienceConfig)
  resilience?: ResilienceConfig;

  @IsOptional()
  @ValidateNested()
  @Type(() => RedisConfig)
  redis?: RedisConfig;
}
