import { Type } from 'class-transformer';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { ToBoolean } from './decimal.field';

/** `resilience.journal:` where live brokers write every order before any I/O. */
export class JournalConfig {
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  enabled?: boolean;

  /** `file` (append-only JSON lines, the default) or `redis` (a Redis stream; needs the `redis:` section). */
  @IsOptional()
  @IsIn(['file', 'redis'])
  kind?: 'file' | 'redis';

  /** The file, relative to `state_dir` (default `orders.journal`). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  path?: string;

  /** `always` (every submit synced before it is sent, the default), `interval`, or `never`. */
  @IsOptional()
  @IsIn(['always', 'interval', 'never'])
  fsync?: 'always' | 'interval' | 'never';

  @IsOptional()
  @IsInt()
  @Min(1)
  fsyncIntervalMs?: number;
}

/** `resilience.reconciliation:` asking the venue what really happened. */
export class ReconciliationConfig {
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  enabled?: boolean;

  /** Right after connect, restoring what the journal had in flight (default true). */
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  onConnect?: boolean;

  /** After every reconnect (default true). */
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  onReconnect?: boolean;

  /** How far back fills are asked for (default 24 h). */
  @IsOptional()
  @IsInt()
  @Min(1)
  fillLookbackMs?: number;
}

/** `resilience.kill_switch:` one call stops trading everywhere; its state survives restarts. */
export class KillSwitchConfig {
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  enabled?: boolean;

  /** Relative to `state_dir` (default `kill-switch.json`). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  stateFile?: string;
}

/**
 * `resilience:` the safety stack of live brokers (every broker that is not paper): an order journal,
 * reconciliation at connect and after every reconnect, a kill switch. On unless `enabled: false`.
 */
export class ResilienceConfig {
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  enabled?: boolean;

  /** Where the journal and the kill switch's state live: relative to the config file, `~` for home (default `~/.silvertine`). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  stateDir?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => JournalConfig)
  journal?: JournalConfig;

  @IsOptional()
  @ValidateNested()
  @Type(() => ReconciliationConfig)
  reconciliation?: ReconciliationConfig;

  @IsOptional()
  @ValidateNested()
  @Type(() => KillSwitchConfig)
  killSwitch?: KillSwitchConfig;
}

/** `redis.bridge:` copies bus events to Redis Streams (and reads order events from other processes). */
export class RedisBridgeConfig {
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  enabled?: boolean;

  /** Key prefix of the streams (default `silvertine:`). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  prefix?: string;
}

/**
 * `redis.gateway:` what `silvertine gateway` serves to strategy processes over Redis Streams (see
 * docs/SCALE-OUT.md): the brokers, under a key prefix, as one consumer of a consumer group.
 */
export class RedisGatewayConfig {
  /** Key prefix of the gateway's streams, journal and claims (default `silvertine:`). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  prefix?: string;

  /** Brokers served, by name (default: every enabled broker). */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsString({ each: true })
  brokers?: string[];

  /** Consumer group of the command streams (default `gateway`). */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: '$property may hold letters, digits, _ . - only' })
  group?: string;

  /** This instance's consumer name, stable across its restarts (default `gateway-1`). */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: '$property may hold letters, digits, _ . - only' })
  consumer?: string;

  /**
   * High availability: serve only while holding a Redis lease of this many ms, with a fencing token;
   * run several instances (distinct consumer names) and one serves. Unset: this instance serves alone.
   */
  @IsOptional()
  @IsInt()
  @Min(100)
  leaseMs?: number;
}

/** `redis:` a Redis server for the journal (`resilience.journal.kind: redis`) and the bus bridge. */
export class RedisConfig {
  /** `redis://host:port` (credentials in the URL come from the environment and are masked). */
  @IsString()
  @Matches(/^rediss?:\/\//, { message: '$property must start with redis:// or rediss://' })
  url!: string;

  /** The journal's stream key (default `silvertine:journal`). */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  journalStream?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => RedisBridgeConfig)
  bridge?: RedisBridgeConfig;

  @IsOptional()
  @ValidateNested()
  @Type(() => RedisGatewayConfig)
  gateway?: RedisGatewayConfig;
}
