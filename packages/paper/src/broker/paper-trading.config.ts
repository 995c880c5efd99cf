import 'reflect-metadata';
import { ConfigurationError, type AccountType, type AssetClass, type Decimal, type Instrument } from '@silvertine/core';
import { ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Min, validateSync } from 'class-validator';
import type { SessionEndConfig } from '../engine/session';
import type { CommissionModelConfig } from '../models/commission';
import type { LatencyModelConfig } from '../models/latency';
import { validateLatencyConfig } from '../models/latency';
import type { SlippageModelConfig } from '../models/slippage';
import type { MarginRates } from '../portfolio/portfolio';

/**
 * Configuration of a PaperTradingBroker, validated with class-validator (field shapes) and by
 * `validatePaperTradingConfig` (decimal values and model parameters, which class-validator cannot see).
 */
export class PaperTradingConfig {
  /** Instruments the paper venue lists; orders for others are rejected. */
  @IsArray()
  @ArrayNotEmpty()
  instruments: Instrument[] = [];

  @IsIn(['CASH', 'MARGIN'])
  accountType: AccountType = 'CASH';

  @IsString()
  @Matches(/^[A-Z0-9]{2,10}$/)
  baseCurrency = 'USDT';

  /** Starting balances per asset, e.g. { USDT: dec(100000) }. */
  @IsObject()
  initialBalances: Record<string, Decimal> = {};

  /** MARGIN: leverage (initial margin 1 / leverage unless `margin` says otherwise). */
  @IsOptional()
  leverage?: Decimal;

  /** MARGIN: initial and maintenance rates per asset class. */
  @IsOptional()
  @IsObject()
  margin?: Partial<Record<AssetClass, MarginRates>>;

  /** Delay between a request and its arrival at the paper venue (default none). */
  @IsOptional()
  @IsObject()
  latency?: LatencyModelConfig;

  @IsOptional()
  @IsObject()
  slippage?: SlippageModelConfig;

  @IsOptional()
  @IsObject()
  slippageBySymbol?: Record<string, SlippageModelConfig>;

  /** Default: Binance spot, 0.1 % maker and taker. */
  @IsOptional()
  @IsObject()
  commission?: CommissionModelConfig;

  /** Partial fills: the largest share of a print our orders may take (default 1). */
  @IsOptional()
  maxVolumeShare?: Decimal;

  /** When DAY orders expire ("HH:MM" UTC, default "00:00"). */
  @IsOptional()
  sessionEndTime?: SessionEndConfig;

  /** Seed of the generator behind the latency model: the same seed and data replay identically. */
  @IsInt()
  @Min(0)
  seed = 1;

  /** On a margin call, close every position with market orders. */
  @IsBoolean()
  liquidateOnMarginCall = false;
}

/** Builds a config with defaults applied (for use without @silvertine/config). */
export function paperTradingConfig(values: Partial<PaperTradingConfig> & Pick<PaperTradingConfig, 'instruments' | 'initialBalances'>): PaperTradingConfig {
  return Object.assign(new PaperTradingConfig(), values);
}

/** Validates a config completely; throws ConfigurationError listing every problem. */
export function validatePaperTradingConfig(config: PaperTradingConfig): void {
  const problems = validateSync(config).flatMap((e) => Object.values(e.constraints ?? {}));
  if (config.latency) {
    try {
      validateLatencyConfig(config.latency);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (config.leverage !== undefined && !config.leverage.isPositive()) problems.push('leverage must be positive');
  for (const [asset, amount] of Object.entries(config.initialBalances)) {
    if (amount.isNegative()) problems.push(`initial balance of ${asset} must not be negative`);
  }
  if (problems.length > 0) throw new ConfigurationError(`paper: invalid config: ${problems.join('; ')}`);
}
