import { Decimal, type OrderSide } from '@silvertine/core';

/** Names of the slippage models, usable as values (`SlippageModel.FIXED`) and as a type. */
export const SlippageModel = {
  FIXED: 'FIXED',
  PERCENTAGE: 'PERCENTAGE',
  MARKET_IMPACT: 'MARKET_IMPACT',
} as const;
/** One of `FIXED`, `PERCENTAGE`, `MARKET_IMPACT`. */
export type SlippageModel = (typeof SlippageModel)[keyof typeof SlippageModel];

/** LEAN's MarketImpactSlippageModel defaults (Almgren et al. 2005 calibration). */
export const MARKET_IMPACT_DEFAULTS = { eta: 0.142, beta: 0.6, gamma: 0.314, alpha: 0.891 } as const;

/**
 * How far a taker fill lands from the reference price (the opposite best quote or the trade price).
 *
 * - FIXED: `amount` in price units and/or `ticks` whole ticks (both given: their sum).
 * - PERCENTAGE: `bps` basis points of the reference price.
 * - MARKET_IMPACT: square-root style impact, as a fraction of price,
 *   `η·σ·(Q/ADV)^β` (temporary) plus, when `permanent` is true, half of the permanent impact
 *   `γ·σ·(Q/ADV)^α` (a trader feels half the permanent move on average). σ is the daily volatility of
 *   returns as a fraction (0.02 = 2 %), ADV the average daily volume in instrument units; either may
 *   be left out to use the engine's estimate from the data it has seen. No estimate → no impact.
 */
export type SlippageModelConfig =
  | { readonly model: 'FIXED'; readonly amount?: Decimal; readonly ticks?: number }
  | { readonly model: 'PERCENTAGE'; readonly bps: Decimal }
  | {
      readonly model: 'MARKET_IMPACT';
      readonly eta?: number;
      readonly beta?: number;
      readonly gamma?: number;
      readonly alpha?: number;
      readonly sigma?: number;
      readonly adv?: Decimal;
      readonly permanent?: boolean;
    };

/** No slippage at all (the default when none is configured). */
export const NO_SLIPPAGE: SlippageModelConfig = { model: 'FIXED', amount: Decimal.ZERO };

/** What a slippage model needs to know about one fill. */
export interface SlippageContext {
  readonly side: OrderSide;
  /** The price the fill would get without slippage (ask for a buy, bid for a sell, or the trade price). */
  readonly referencePrice: Decimal;
  /** The whole order's quantity: impact comes from the parent order, not from one partial fill. */
  readonly orderQuantity: Decimal;
  readonly tickSize: Decimal;
  /** Estimated daily volatility (fraction), used when the config gives none. */
  readonly estimatedSigma?: number;
  /** Estimated average daily volume, used when the config gives none. */
  readonly estimatedAdv?: Decimal;
}

const BPS = Decimal.from(10000);

/** Impact as a fraction of price for the MARKET_IMPACT model; undefined when σ or ADV is unknown. */
export function marketImpactFraction(
  config: Extract<SlippageModelConfig, { model: 'MARKET_IMPACT' }>,
  orderQuantity: Decimal,
  estimatedSigma?: number,
  estimatedAdv?: Decimal,
): number | undefined {
  const sigma = config.sigma ?? estimatedSigma;
  const adv = config.adv ?? estimatedAdv;
  if (sigma === undefined || adv === undefined || !adv.isPositive() || !(sigma >= 0)) return undefined;
  // σ and the exponents are statistics, so float maths is fine here; the result goes back through Decimal.
  const participation = orderQuantity.abs().toNumber() / adv.toNumber();
  const eta = config.eta ?? MARKET_IMPACT_DEFAULTS.eta;
  const beta = config.beta ?? MARKET_IMPACT_DEFAULTS.beta;
  let fraction = eta * sigma * Math.pow(participation, beta);
  if (config.permanent) {
    const gamma = config.gamma ?? MARKET_IMPACT_DEFAULTS.gamma;
    const alpha = config.alpha ?? MARKET_IMPACT_DEFAULTS.alpha;
    fraction += 0.5 * gamma * sigma * Math.pow(participation, alpha);
  }
  // Like LEAN: impact can at most equal the price itself.
  return Math.min(1, Math.max(0, fraction));
}

/**
 * The slippage in price units (>= 0) for one fill, rounded UP to a whole tick: a model's cost is never
 * rounded away, so paper fills are never kinder than the model says.
 */
export function slippageAmount(config: SlippageModelConfig, ctx: SlippageContext): Decimal {
  let raw: Decimal;
  switch (config.model) {
    case 'FIXED': {
      const ticks = config.ticks ?? 0;
      if (!Number.isInteger(ticks) || ticks < 0) throw new RangeError('FIXED slippage ticks must be a whole number >= 0');
      raw = ticks === 0 ? config.amount ?? Decimal.ZERO : (config.amount ?? Decimal.ZERO).plus(ctx.tickSize.times(ticks));
      break;
    }
    case 'PERCENTAGE':
      raw = ctx.referencePrice.abs().times(config.bps).div(BPS);
      break;
    case 'MARKET_IMPACT': {
      const fraction = marketImpactFraction(config, ctx.orderQuantity, ctx.estimatedSigma, ctx.estimatedAdv);
      if (fraction === undefined || fraction === 0) return Decimal.ZERO;
      raw = ctx.referencePrice.abs().times(Decimal.from(fraction.toFixed(12)));
      break;
    }
  }
  if (raw.isNegative()) throw new RangeError('slippage must not be negative');
  return raw.isZero() ? raw : raw.roundToStep(ctx.tickSize, 'UP');
}

/**
 * Moves `referencePrice` against the trader by `amount`: up for a buy, down for a sell. The result is on
 * the tick grid (rounded adversely when the reference itself is off-grid), never beyond `limitPrice`,
 * and a sell from a positive reference never goes below one tick.
 */
export function applySlippage(
  side: OrderSide,
  referencePrice: Decimal,
  amount: Decimal,
  tickSize: Decimal,
  limitPrice?: Decimal,
): Decimal {
  if (side === 'BUY') {
    const price = referencePrice.plus(amount).roundToStep(tickSize, 'CEIL');
    return limitPrice !== undefined && price.gt(limitPrice) ? limitPrice : price;
  }
  let price = referencePrice.minus(amount).roundToStep(tickSize, 'FLOOR');
  if (referencePrice.isPositive() && price.lt(tickSize)) price = tickSize;
  return limitPrice !== undefined && price.lt(limitPrice) ? limitPrice : price;
}

/** The fill price after slippage: `applySlippage(slippageAmount(...))`. */
export function slippedPrice(config: SlippageModelConfig, ctx: SlippageContext, limitPrice?: Decimal): Decimal {
  return applySlippage(ctx.side, ctx.referencePrice, slippageAmount(config, ctx), ctx.tickSize, limitPrice);
}
