import type { Decimal } from '@silvertine/core';

/**
 * What the market offers one symbol, in the terms of paper's MARKET_IMPACT model: `sigma`, the daily
 * volatility of returns as a fraction (0.02 = 2 %), and `adv`, the average daily volume in instrument
 * units. Impact is a function of an order's size against this liquidity (its participation Q / ADV).
 */
export interface MarketLiquidity {
  readonly sigma: number;
  readonly adv: Decimal;
}

/**
 * Paper's MARKET_IMPACT parameters, every one explicit (the app fills in paper's defaults), so that a
 * fill's reference price can be recovered: impact fraction `η·σ·(Q/ADV)^β`, plus `½·γ·σ·(Q/ADV)^α`
 * when `permanent`.
 */
export interface MarketImpactParameters {
  readonly eta: number;
  readonly beta: number;
  readonly sigma: number;
  readonly adv: Decimal;
  readonly permanent?: boolean;
  readonly gamma?: number;
  readonly alpha?: number;
}

/** The impact fraction of an order of `quantity` under `p` (the formula paper's engine applies). */
export function impactFraction(p: MarketImpactParameters, quantity: Decimal): number {
  // σ and the exponents are statistics: float maths, as in paper's engine.
  const participation = quantity.abs().toNumber() / p.adv.toNumber();
  let fraction = p.eta * p.sigma * Math.pow(participation, p.beta);
  if (p.permanent) fraction += 0.5 * (p.gamma ?? 0) * p.sigma * Math.pow(participation, p.alpha ?? 1);
  return Math.min(1, Math.max(0, fraction));
}

/** One order for the impact fit: its size and how far live filled from the reference, as a fraction of it. */
export interface ImpactSample {
  readonly symbol: string;
  readonly quantity: Decimal;
  /** Adverse offset of live's fill from the reference price, as a fraction of the reference (may be ≤ 0). */
  readonly adverseFraction: number;
}

/** A fitted MARKET_IMPACT model (temporary impact only: `η·σ·(Q/ADV)^β`). */
export interface MarketImpactFit {
  readonly model: 'MARKET_IMPACT';
  /** The exponent of participation: 0.5 is the square-root law, 0 a size-blind (PERCENTAGE-like) venue. */
  readonly beta: number;
  /**
   * Impact of an order of one unit, as a fraction of price: `η·σ·ADV^−β` when one symbol is fitted
   * without its liquidity (only this product is identified then).
   */
  readonly scale?: number;
  /** η, when every fitted symbol's σ and ADV were given. */
  readonly eta?: number;
  /** The σ and ADV η was fitted against, by symbol (printed with the model: paper must use the same). */
  readonly liquidity?: Readonly<Record<string, MarketLiquidity>>;
  /** Orders with a positive adverse offset: the log-linear fit can only use those. */
  readonly fitted: number;
  /** Root mean square of what the model leaves unexplained over every sample, in bps of the reference. */
  readonly residualRmsBps: number;
}

/** The fit, or why there is none. */
export type ImpactFitResult = { readonly fit: MarketImpactFit; readonly notes: readonly string[] } | { readonly fit?: undefined; readonly notes: readonly string[] };

const SIGNIFICANT = 6;

/**
 * Fits `η·σ·(Q/ADV)^β` to the adverse offsets (pure): ordinary least squares of
 * `ln(offset / σ) = ln η + β·ln(Q / ADV)` over the orders that slipped (a log needs a positive offset).
 * β is identified by orders of at least two sizes; η needs each symbol's σ and ADV (`liquidity`);
 * without them, one symbol's `η·σ·ADV^−β` (`scale`) is still identified, several symbols' are not.
 */
export function fitMarketImpact(samples: readonly ImpactSample[], liquidity: Readonly<Record<string, MarketLiquidity>> = {}): ImpactFitResult {
  const symbols = [...new Set(samples.map((s) => s.symbol))].sort();
  const missing = symbols.filter((s) => liquidity[s] === undefined);
  const known = missing.length === 0;
  if (!known && symbols.length > 1) {
    return { notes: [`MARKET_IMPACT is not fitted: orders on several symbols need each one's sigma and adv (missing for ${missing.join(', ')})`] };
  }
  // x = participation (or the bare quantity without liquidity), z = offset / σ (or the bare offset)
  const point = (s: ImpactSample) => {
    const l = liquidity[s.symbol];
    return { x: l ? s.quantity.toNumber() / l.adv.toNumber() : s.quantity.toNumber(), sigma: l ? l.sigma : 1, y: s.adverseFraction };
  };
  const points = samples.map(point);
  const usable = points.filter((p) => p.y > 0 && p.x > 0 && p.sigma > 0);
  if (new Set(usable.map((p) => p.x)).size < 2) {
    return { notes: ['MARKET_IMPACT is not fitted: its exponent needs slipped orders of at least two sizes'] };
  }
  const lx = usable.map((p) => Math.log(p.x));
  const lz = usable.map((p) => Math.log(p.y / p.sigma));
  const mx = meanOf(lx);
  const mz = meanOf(lz);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i] - mx) * (lz[i] - mz);
    sxx += (lx[i] - mx) ** 2;
  }
  const notes: string[] = [];
  const rawBeta = sxy / sxx;
  // The model's own bounds (config accepts 0..2): outside them it is not the square-root family any more.
  const beta = Math.min(2, Math.max(0, rawBeta));
  if (beta !== rawBeta) notes.push(`MARKET_IMPACT exponent beta estimated at ${significant(rawBeta)}, clamped to ${beta}`);
  // Intercept for the (possibly clamped) β: the least-squares ln η given β.
  const eta = Math.exp(meanOf(lz.map((z, i) => z - beta * lx[i])));
  const predicted = (p: { x: number; sigma: number }) => eta * p.sigma * Math.pow(p.x, beta);
  const residualRmsBps = Math.round(Math.sqrt(meanOf(points.map((p) => ((p.y - predicted(p)) * 10_000) ** 2))) * 1000) / 1000;
  if (usable.length < points.length) notes.push(`MARKET_IMPACT fitted on the ${usable.length} of ${points.length} orders that slipped against the trader (a log needs a positive offset)`);
  notes.push('MARKET_IMPACT fits the temporary term only; a permanent term (gamma, alpha) moves later prices, which one order\'s fill cannot separate');
  const only = symbols[0];
  if (!known) {
    notes.push(`MARKET_IMPACT eta needs ${only}'s sigma and adv (shadow report --sigma --adv): only eta·sigma·adv^-beta = ${significant(eta)} is identified`);
    return { fit: { model: 'MARKET_IMPACT', beta: round4(beta), scale: significant(eta), fitted: usable.length, residualRmsBps }, notes };
  }
  const used = Object.fromEntries(symbols.map((s) => [s, liquidity[s]]));
  const scale = symbols.length === 1 ? significant(eta * liquidity[only].sigma * Math.pow(liquidity[only].adv.toNumber(), -beta)) : undefined;
  return { fit: { model: 'MARKET_IMPACT', beta: round4(beta), scale, eta: significant(eta), liquidity: used, fitted: usable.length, residualRmsBps }, notes };
}

function meanOf(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function significant(value: number): number {
  return Number(value.toPrecision(SIGNIFICANT));
}
