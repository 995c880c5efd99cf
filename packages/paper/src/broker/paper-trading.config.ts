import 'reflect-metadata';
import { ConfigurationError, Decimal, type AccountType, type AssetClass, type Instrument } from '@silvertine/core';
import { Transform } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Min, validateSync } from 'class-validator';
import type { SessionEndConfig } from '../engine/session';
import type { CommissionModelConfig } from '../models/commission';
import type { LatencyModelConfig } from '../models/latency';
import { validateLatencyConfig } from '../models/latency';
import type { SlippageModelConfig } from '../models/slippage';
import type { MarginRates } from '../portfolio/portfolio';
import { decimalizeConfig } from './config-decimals';

/** Turns decimal strings from a configuration file into Decimal (see config-decimals.ts). */
const Decimals = () => Transform(({ obj, key }) => decimalizeConfig((obj as Record<string, unknown>)[key], key));

/** Default share of a print our paper orders may take (see PaperTradingConfig.maxVolumeShare). */
export const PAPER_DEFAULT_MAX_VOLUME_SHARE = Decimal.from('0.25');

/**
 * Configuration of a PaperTradingBroker, validated with class-validator (field shapes) and by
 * `validatePaperTradingConfig` (decimal values and model parameters, which class-validator cannot see).
 */
export class PaperTradingConfig {
  /** Instruments the paper venue lists; orders for others are rejected. */
  @IsArray()
  @ArrayNotEmpty()
  @Decimals()
  instruments: Instrument[] = [];

  @IsIn(['CASH', 'MARGIN'])
  accountType: AccountType = 'CASH';

  @IsString()
  @Matches(/^[A-Z0-9]{2,10}$/)
  baseCurrency = 'USDT';

  /** Starting balances per asset, e.g. { USDT: dec(100000) }. */
  @IsObject()
  @Decimals()
  initialBalances: Record<string, Decimal> = {};

  /** MARGIN: leverage (initial margin 1 / leverage unless `margin` says otherwise). */
  @IsOptional()
  @Decimals()
  leverage?: Decimal;

  /** MARGIN: initial and maintenance rates per asset class. */
  @IsOptional()
  @IsObject()
  @Decimals()
  margin?: Partial<Record<AssetClass, MarginRates>>;

  /**
   * CASH accounts: an extra fraction of a buy's cost locked on top of price × quantity to cover its fee
   * (e.g. 0.001 for a 0.1 % fee charged in the quote asset). Default 0: the account locks exactly what
   * the venue locks — Binance spot locks price × quantity of a LIMIT BUY and takes the fee from the asset
   * received (binance.com FAQ "What is Binance Spot Trading Fee and How to Calculate").
   */
  @IsOptional()
  @Decimals()
  feeReserve?: Decimal;

  /** Delay between a request and its arrival at the paper venue (default none). */
  @IsOptional()
  @IsObject()
  latency?: LatencyModelConfig;

  /**
   * Delay of cancels, when their path differs from orders' (default: `latency`, drawing from the same
   * generator). With jitter a cancel can overtake its order and be refused as unknown, as over REST.
   */
  @IsOptional()
  @IsObject()
  cancelLatency?: LatencyModelConfig;

  @IsOptional()
  @IsObject()
  @Decimals()
  slippage?: SlippageModelConfig;

  @IsOptional()
  @IsObject()
  @Decimals()
  slippageBySymbol?: Record<string, SlippageModelConfig>;

  /** Default: Binance spot, 0.1 % maker and taker. */
  @IsOptional()
  @IsObject()
  @Decimals()
  commission?: CommissionModelConfig;

  /**
   * Partial fills: the largest share of each print (trade, or a point of a bar's path) our resting
   * orders may take per update. Default 0.25: a simulated order that takes a whole print assumes no one
   * else was trading at that price, which is the "too kind" fill paper trading is known for. (The
   * MatchingEngine's own default stays 1, explicit in ENGINE_DEFAULTS, for emulators that model a
   * venue's own book.) Quotes are limited by their visible size instead.
   */
  @Decimals()
  @IsOptional()
  maxVolumeShare: Decimal = PAPER_DEFAULT_MAX_VOLUME_SHARE;

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
  for (const latency of [config.latency, config.cancelLatency]) {
    if (!latency) continue;
    try {
      validateLatencyConfig(latency);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const share = config.maxVolumeShare as Decimal | undefined; // undefined (from a Partial) means the default
  if (share !== undefined && (!Decimal.isDecimal(share) || !share.isPositive() || share.gt(Decimal.ONE))) {
    problems.push(`maxVolumeShare must be a Decimal in (0, 1], got ${String(share)}`);
  }
  if (config.leverage !== undefined && !config.leverage.isPositive()) problems.push('leverage must be positive');
  if (config.feeReserve !== undefined && (!Decimal.isDecimal(config.feeReserve) || config.feeReserve.isNegative() || config.feeReserve.gte(Decimal.ONE))) {
    problems.push(`feeReserve must be a Decimal in [0, 1), got ${String(config.feeReserve)}`);
  }
  for (const [asset, amount] of Object.entries(config.initialBalances)) {
    if (amount.isNegative()) problems.push(`initial balance of ${asset} must not be negative`);
  }
  if (problems.length > 0) throw new ConfigurationError(`paper: invalid config: ${problems.join('; ')}`);
}
