import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsDefined, IsInt, IsOptional, IsString, Matches, Min, ValidateNested, IsBoolean } from 'class-validator';
import type { Decimal } from '@silvertine/core';
import { DecimalField, ToBoolean } from './decimal.field';
import { ShadowConfig } from './shadow.schema';

/**
 * `risk_limits:` of a broker, enforced before any order leaves the process (core's risk-limit
 * pre-trade check). Every limit is optional; a zero limit is refused because it would block every
 * order (disable the broker instead).
 */
export class RiskLimitsConfig {
  /** Largest quantity × price × multiplier of one order, in the quote asset. */
  @IsOptional()
  @DecimalField({ sign: 'positive' })
  maxOrderNotional?: Decimal;

  /** Largest absolute position per symbol once the order fills. */
  @IsOptional()
  @DecimalField({ sign: 'positive' })
  maxPosition?: Decimal;

  @IsOptional()
  @IsInt()
  @Min(1)
  maxOpenOrders?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  maxOrdersPerMinute?: number;
}

/** The keys of a broker entry owned by the factory; every other key belongs to the plugin's configClass. */
export const FACTORY_BROKER_KEYS = ['type', 'enabled', 'description', 'riskLimits', 'fallback', 'shadow'] as const;

/**
 * The factory-owned part of `brokers.<name>`. The rest of the entry (`credentials`, `connection`,
 * `trading` and any plugin-specific key) is validated by the plugin's own config class.
 */
export class BrokerEntryConfig {
  /** Registered broker type (`paper`, `binance`, `ib`, or a plugin's). */
  @IsDefined()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]*$/, { message: '$property must be lower-case letters, digits and dashes' })
  type!: string;

  /** Disabled brokers are not created by createAll(), but may still serve as a fallback. */
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  enabled?: boolean;

  @IsOptional()
  @IsString()
  description?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => RiskLimitsConfig)
  riskLimits?: RiskLimitsConfig;

  /** Other brokers of this file tried in order when this one fails to connect. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsString({ each: true })
  fallback?: string[];

  /** Mirror this broker's orders into a paper broker and measure the fill gap (`silvertine shadow`). */
  @IsOptional()
  @ValidateNested()
  @Type(() => ShadowConfig)
  shadow?: ShadowConfig;
}
