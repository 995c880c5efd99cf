import { Decimal, type Instrument, type OrderRequest } from '@silvertine/core';
import { BINANCE_SPOT_COMMISSION, type CommissionModelConfig } from '../models/commission';
import { NO_SLIPPAGE, type SlippageModelConfig } from '../models/slippage';
import type { EngineOrder } from './engine-events';
import type { SessionEndConfig } from './session';

/** What a pre-trade check (buying power, risk limits) is told about an order before it is accepted. */
export interface PreTradeContext {
  /** The engine's net position in the symbol. */
  readonly position: Decimal;
  /** Best estimate of the execution price: the limit, else the opposite quote, else the last trade. */
  readonly referencePrice?: Decimal;
  /** Open orders in the same symbol. */
  readonly openOrders: readonly EngineOrder[];
}

/** A pre-trade check's refusal. */
export interface PreTradeRejection {
  readonly reason: 'INSUFFICIENT_FUNDS' | 'RISK_CHECK';
  readonly message: string;
}

/** Configuration of a MatchingEngine. Everything except `instruments` has a default. */
export interface MatchingEngineConfig {
  /** The venue's instruments; orders for any other symbol are rejected with UNKNOWN_SYMBOL. */
  readonly instruments: readonly Instrument[];
  /** Default slippage for taker fills (default: none). */
  readonly slippage?: SlippageModelConfig;
  /** Per-symbol slippage overriding the default. */
  readonly slippageBySymbol?: Readonly<Record<string, SlippageModelConfig>>;
  /** Default commission schedule (default: Binance spot, 0.1 % maker and taker, in the quote asset). */
  readonly commission?: CommissionModelConfig;
  /** Per-symbol commission overriding the default. */
  readonly commissionBySymbol?: Readonly<Record<string, CommissionModelConfig>>;
  /**
   * Largest share (0 < share <= 1) of a print's size our orders on one side may take per update
   * (default 1: all of it, which suits emulators whose orders are the venue's book; PaperTradingConfig
   * defaults to 0.25 because a paper order competes with everyone else at that price). Quotes are
   * limited by their visible size instead.
   */
  readonly maxVolumeShare?: Decimal;
  /** When DAY orders expire (default "00:00" UTC). */
  readonly sessionEndTime?: SessionEndConfig;
  /** Prefix of venueOrderIds and tradeIds (default none: plain increasing integers, as Binance uses). */
  readonly idPrefix?: string;
  /** Net positions the engine starts with (for reduceOnly), by symbol. */
  readonly initialPositions?: Readonly<Record<string, Decimal>>;
  /** Called after validation and before acceptance; a returned rejection rejects the order. */
  readonly preTradeCheck?: (request: OrderRequest, context: PreTradeContext) => PreTradeRejection | undefined;
  /** EXPIRE_TAKER (default): a taker that would trade with our own resting order is canceled. */
  readonly selfTradePrevention?: 'NONE' | 'EXPIRE_TAKER';
  /** Closed orders remembered for queries and duplicate-id checks (default 100,000; oldest forgotten first). */
  readonly closedOrderRetention?: number;
}

/** Defaults applied to a MatchingEngineConfig. */
export const ENGINE_DEFAULTS = {
  slippage: NO_SLIPPAGE,
  commission: BINANCE_SPOT_COMMISSION,
  /** Deliberately 1, not PaperTradingConfig's 0.25: see MatchingEngineConfig.maxVolumeShare. */
  maxVolumeShare: Decimal.ONE,
  selfTradePrevention: 'EXPIRE_TAKER',
  closedOrderRetention: 100_000,
} as const;

/** Throws RangeError for a configuration that cannot work. */
export function validateEngineConfig(config: MatchingEngineConfig): void {
  const seen = new Set<string>();
  for (const instrument of config.instruments) {
    if (seen.has(instrument.symbol)) throw new RangeError(`instrument ${instrument.symbol} is listed twice`);
    seen.add(instrument.symbol);
    if (!instrument.tickSize.isPositive() || !instrument.stepSize.isPositive()) {
      throw new RangeError(`instrument ${instrument.symbol} needs a positive tickSize and stepSize`);
    }
  }
  const share = config.maxVolumeShare;
  if (share !== undefined && (!share.isPositive() || share.gt(Decimal.ONE))) {
    throw new RangeError(`maxVolumeShare must be in (0, 1], got ${share}`);
  }
  const retention = config.closedOrderRetention;
  if (retention !== undefined && !(Number.isInteger(retention) && retention >= 0)) {
    throw new RangeError('closedOrderRetention must be a whole number >= 0');
  }
}
