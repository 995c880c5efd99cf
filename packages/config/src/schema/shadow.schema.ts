import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsNumber, IsObject, IsOptional, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import type { Decimal } from '@silvertine/core';
import { DecimalField, DecimalRecordField, ToBoolean } from './decimal.field';

/** Slippage models a shadow paper broker can run (the paper package's names). */
export const SHADOW_SLIPPAGE_MODELS = ['FIXED', 'PERCENTAGE', 'MARKET_IMPACT'] as const;
/** Latency models a shadow paper broker can run (the paper package's names). */
export const SHADOW_LATENCY_MODELS = ['NONE', 'FIXED', 'UNIFORM', 'NORMAL'] as const;

const isModel = (model: string) => (c: { model?: string }) => c.model === model;

/**
 * `brokers.<name>.shadow.slippage:` the paper model the mirror fills with. Fields per model:
 * FIXED `amount` and/or `ticks`; PERCENTAGE `bps`; MARKET_IMPACT `eta`, `beta`, `gamma`, `alpha`,
 * `sigma` (daily volatility, a fraction), `adv` (average daily volume, instrument units), `permanent`.
 */
export class ShadowSlippageConfig {
  @IsDefined()
  @IsIn(SHADOW_SLIPPAGE_MODELS)
  model!: (typeof SHADOW_SLIPPAGE_MODELS)[number];

  @IsOptional()
  @DecimalField({ sign: 'nonNegative' })
  amount?: Decimal;

  @IsOptional()
  @IsInt()
  @Min(0)
  ticks?: number;

  /** Required for PERCENTAGE. */
  @ValidateIf((c: ShadowSlippageConfig) => c.model === 'PERCENTAGE' || c.bps !== undefined)
  @IsDefined()
  @DecimalField({ sign: 'nonNegative' })
  bps?: Decimal;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  eta?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(2)
  beta?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  gamma?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(2)
  alpha?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  sigma?: number;

  @IsOptional()
  @DecimalField({ sign: 'positive' })
  adv?: Decimal;

  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  permanent?: boolean;
}

/** `brokers.<name>.shadow.latency:` the delay before a mirror reaches the paper venue (ms). */
export class ShadowLatencyConfig {
  @IsDefined()
  @IsIn(SHADOW_LATENCY_MODELS)
  model!: (typeof SHADOW_LATENCY_MODELS)[number];

  /** Required for FIXED. */
  @ValidateIf(isModel('FIXED'))
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  ms?: number;

  /** Required for UNIFORM; a lower bound for NORMAL. */
  @ValidateIf((c: ShadowLatencyConfig) => c.model === 'UNIFORM' || c.minMs !== undefined)
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  minMs?: number;

  /** Required for UNIFORM; an upper bound for NORMAL. */
  @ValidateIf((c: ShadowLatencyConfig) => c.model === 'UNIFORM' || c.maxMs !== undefined)
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  maxMs?: number;

  /** Required for NORMAL. */
  @ValidateIf(isModel('NORMAL'))
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  meanMs?: number;

  /** Required for NORMAL. */
  @ValidateIf(isModel('NORMAL'))
  @IsDefined()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  stdDevMs?: number;
}

/**
 * `brokers.<name>.shadow:` mirror this broker's orders into a paper broker (see @silvertine/shadow),
 * which fills them with these models against the same market data, so that the gap between the live
 * fills and paper's can be measured. Used by `silvertine shadow`; every key is optional.
 */
export class ShadowConfig {
  /** `false` turns shadowing off for this broker without deleting the section. */
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  enabled?: boolean;

  /** The paper broker's starting balances (default: the live broker's balances at start). */
  @IsOptional()
  @DecimalRecordField({ sign: 'nonNegative' })
  initialBalances?: Record<string, Decimal>;

  /** Default: paper's default, no slippage. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ShadowSlippageConfig)
  slippage?: ShadowSlippageConfig;

  /** Default: none. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ShadowLatencyConfig)
  latency?: ShadowLatencyConfig;

  /** Passed to the paper broker as its `commission:` (paper's models; default Binance spot 0.1 %). */
  @IsOptional()
  @IsObject()
  commission?: Record<string, unknown>;

  /** Largest share of a print a resting mirror may take (paper's `max_volume_share`, in (0, 1]). */
  @IsOptional()
  @DecimalField({ sign: 'positive' })
  maxVolumeShare?: Decimal;

  /** Seed of the paper broker's generator (latency draws). */
  @IsOptional()
  @IsInt()
  @Min(0)
  seed?: number;
}
