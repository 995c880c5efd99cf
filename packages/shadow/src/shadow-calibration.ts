import { Decimal, type OrderSide } from '@silvertine/core';
import type { OrderGap } from './shadow-gap';
import { fitMarketImpact, impactFraction, type MarketImpactFit, type MarketImpactParameters, type MarketLiquidity } from './shadow-impact-fit';

const BPS = Decimal.from(10000);
const AMOUNT_PLACES = 8;
const BPS_PLACES = 4;
const FEE_RATE_TOLERANCE_BPS = Decimal.from('0.01');

/** The slippage model the paper shadow ran with (needed to recover each fill's reference price). */
export type SlippageInUse =
  | { readonly model: 'FIXED'; readonly amount: Decimal }
  | { readonly model: 'PERCENTAGE'; readonly bps: Decimal }
  | ({ readonly model: 'MARKET_IMPACT' } & MarketImpactParameters);

/** What the paper shadow ran with during the session. */
export interface PaperModelsInUse {
  /** Default: FIXED 0 (paper's default, no slippage). */
  readonly slippage?: SlippageInUse;
  /** The paper broker's order latency, when it was FIXED (ms; default 0 = NONE). */
  readonly latencyMs?: number;
}

/** One fitted slippage model: the parameter, the unclamped estimate, and how well it explains the orders. */
export interface SlippageFit<P extends string> {
  readonly model: 'FIXED' | 'PERCENTAGE';
  readonly parameter: P;
  /** The fitted value, clamped at zero (paper slippage is never in the trader's favour). */
  readonly value: Decimal;
  /** The least-squares estimate before clamping: negative when live filled better than the reference. */
  readonly estimate: Decimal;
  /** Root mean square of what the fitted model leaves unexplained, in bps of the reference price. */
  readonly residualRmsBps: number;
}

/** What a shadow session says about the paper models. */
export interface ShadowCalibration {
  /** MARKET orders filled on both sides: the only ones whose price gap is slippage alone. */
  readonly samples: number;
  readonly fixed?: SlippageFit<'amount'>;
  readonly percentage?: SlippageFit<'bps'>;
  /** Slippage as a function of order size against the market's liquidity, when identifiable (see fitMarketImpact). */
  readonly marketImpact?: MarketImpactFit;
  /**
   * The fit with the smallest residual (FIXED on a tie). MARKET_IMPACT has two parameters, so it is
   * recommended only when η is known and it leaves less than 90 % of the better one-parameter residual.
   */
  readonly recommended?: 'FIXED' | 'PERCENTAGE' | 'MARKET_IMPACT';
  /** The live order latency implied by the time-to-fill gaps of the same MARKET orders (ms). */
  readonly latency?: { readonly meanMs: number; readonly stdDevMs: number; readonly samples: number };
  /** What the data could and could not identify. */
  readonly notes: readonly string[];
}

interface Sample {
  readonly symbol: string;
  readonly quantity: Decimal;
  readonly side: OrderSide;
  readonly live: Decimal;
  readonly reference: Decimal;
}

/**
 * The price paper slipped from, given its fill and the model in use: FIXED r = p ∓ a, PERCENTAGE
 * r = p / (1 ± b/10⁴), MARKET_IMPACT r = p / (1 ± f(Q)) (its fraction depends on the size only).
 */
function referenceOf(side: OrderSide, paper: Decimal, quantity: Decimal, inUse: SlippageInUse): Decimal {
  const sign = side === 'BUY' ? 1 : -1;
  if (inUse.model === 'FIXED') return paper.minus(inUse.amount.times(sign));
  const fraction = inUse.model === 'PERCENTAGE' ? inUse.bps.div(BPS) : Decimal.from(impactFraction(inUse, quantity).toFixed(12));
  return paper.div(Decimal.ONE.plus(fraction.times(sign)));
}

/** How far live filled from the reference against the trader: price units and bps of the reference. */
function adverse(sample: Sample): { amount: Decimal; bps: Decimal } {
  const amount = sample.side === 'BUY' ? sample.live.minus(sample.reference) : sample.reference.minus(sample.live);
  return { amount, bps: amount.times(BPS).div(sample.reference) };
}

function mean(values: readonly Decimal[]): Decimal {
  return Decimal.sum(values).div(values.length);
}

function rms(values: readonly number[]): number {
  return Math.sqrt(values.reduce((sum, v) => sum + v * v, 0) / values.length);
}

/**
 * Fits FIXED and PERCENTAGE slippage to a session's MARKET orders filled on both sides (pure, closed form).
 * Each order's reference price is recovered from paper's fill and the model in use; the least-squares
 * parameter is then the mean of live's adverse offset from the reference — in price units for FIXED,
 * in bps of the reference for PERCENTAGE — which makes the mean price gap zero. The latency estimate is
 * paper's fixed latency plus each order's time-to-fill gap (a MARKET order fills on arrival on both sides).
 */
export function calibrateShadow(gaps: readonly OrderGap[], inUse: PaperModelsInUse = {}, liquidity: Readonly<Record<string, MarketLiquidity>> = {}): ShadowCalibration {
  const slippage = inUse.slippage ?? { model: 'FIXED', amount: Decimal.ZERO };
  const market = gaps.filter((g) => g.type === 'MARKET' && g.filledOn === 'BOTH');
  const samples: Sample[] = market.flatMap((g) => {
    const live = g.live.averagePrice;
    const paper = g.paper.averagePrice;
    return live && paper ? [{ symbol: g.symbol, quantity: g.quantity, side: g.side, live, reference: referenceOf(g.side, paper, g.quantity, slippage) }] : [];
  });
  const notes = identifiability(samples, gaps);
  if (samples.length === 0) return { samples: 0, notes: [...notes, ...fitMarketImpact([]).notes] };
  const offsets = samples.map(adverse);
  const amount = mean(offsets.map((o) => o.amount)).round(AMOUNT_PLACES);
  const bps = mean(offsets.map((o) => o.bps)).round(BPS_PLACES);
  const fixedResiduals = samples.map((s, i) => offsets[i].amount.minus(amount).times(BPS).div(s.reference).toNumber());
  const percentageResiduals = offsets.map((o) => o.bps.minus(bps).toNumber());
  const fixed: SlippageFit<'amount'> = { model: 'FIXED', parameter: 'amount', value: Decimal.max(amount, Decimal.ZERO), estimate: amount, residualRmsBps: round3(rms(fixedResiduals)) };
  const percentage: SlippageFit<'bps'> = { model: 'PERCENTAGE', parameter: 'bps', value: Decimal.max(bps, Decimal.ZERO), estimate: bps, residualRmsBps: round3(rms(percentageResiduals)) };
  const impact = fitMarketImpact(samples.map((s, i) => ({ symbol: s.symbol, quantity: s.quantity, adverseFraction: offsets[i].bps.toNumber() / 10_000 })), liquidity);
  const oneParameter = percentage.residualRmsBps < fixed.residualRmsBps ? percentage : fixed;
  const impactWins = impact.fit?.eta !== undefined && impact.fit.residualRmsBps < 0.9 * oneParameter.residualRmsBps;
  return {
    samples: samples.length, fixed, percentage, marketImpact: impact.fit,
    recommended: impactWins ? 'MARKET_IMPACT' : oneParameter.model,
    latency: latencyOf(market, inUse.latencyMs ?? 0), notes: [...notes, ...impact.notes],
  };
}

function latencyOf(market: readonly OrderGap[], paperLatencyMs: number): ShadowCalibration['latency'] {
  const delays = market.flatMap((g) => (g.timeToFillGapMs === undefined ? [] : [paperLatencyMs + g.timeToFillGapMs]));
  if (delays.length === 0) return undefined;
  const meanMs = delays.reduce((a, b) => a + b, 0) / delays.length;
  // Sample standard deviation (n − 1): the session is a sample of the venue's latency.
  const variance = delays.length > 1 ? delays.reduce((sum, d) => sum + (d - meanMs) ** 2, 0) / (delays.length - 1) : 0;
  return { meanMs: round3(meanMs), stdDevMs: round3(Math.sqrt(variance)), samples: delays.length };
}

function identifiability(samples: readonly Sample[], gaps: readonly OrderGap[]): string[] {
  const notes: string[] = [];
  if (samples.length === 0) notes.push('no MARKET order filled on both sides: no slippage or latency can be fitted');
  const references = new Set(samples.map((s) => s.reference.toString()));
  if (samples.length > 0 && references.size < 2) notes.push('every sample has the same reference price: FIXED and PERCENTAGE cannot be told apart');
  notes.push('LIMIT and stop orders are left out: their fills are at the limit or depend on the path, so their gap is not slippage');
  notes.push('latency assumes paper ran with a FIXED (or no) latency; the fitted NORMAL is the live submit-to-first-fill time, which also contains the venue matching time');
  const fees = gaps.filter(feeRateDiffers).length;
  if (fees > 0) notes.push(`${fees} orders were charged another fee rate live than on paper: check the commission model (it is not a slippage parameter)`);
  return notes;
}

/** Fee per notional, in bps, of one leg; undefined without fills or comparable fees. */
function feeRateBps(leg: OrderGap['live']): Decimal | undefined {
  const price = leg.averagePrice;
  if (price === undefined || leg.feesInQuote === undefined || leg.filledQuantity.isZero()) return undefined;
  return leg.feesInQuote.times(BPS).div(leg.filledQuantity.times(price));
}

/** True when live and paper charged rates more than 0.01 bps apart (fee amounts differ with price alone). */
function feeRateDiffers(gap: OrderGap): boolean {
  const live = feeRateBps(gap.live);
  const paper = feeRateBps(gap.paper);
  return live !== undefined && paper !== undefined && live.minus(paper).abs().gt(FEE_RATE_TOLERANCE_BPS);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * The paper broker YAML for a calibration: the recommended slippage model and the fitted latency, to
 * paste under `brokers.<name>.trading` of a Silvertine config (keys in the config's snake_case).
 */
export function calibrationYaml(calibration: ShadowCalibration): string {
  const lines = [`# fitted from ${calibration.samples} MARKET orders filled live and on paper`];
  const fit = calibration.recommended === 'PERCENTAGE' ? calibration.percentage : calibration.fixed;
  const impact = calibration.marketImpact;
  if (fit) {
    lines.push(`# FIXED amount ${calibration.fixed?.estimate} (residual ${calibration.fixed?.residualRmsBps} bps rms), PERCENTAGE ${calibration.percentage?.estimate} bps (residual ${calibration.percentage?.residualRmsBps} bps rms)`);
    if (impact) lines.push(`# MARKET_IMPACT beta ${impact.beta}${impact.eta === undefined ? `, eta·sigma·adv^-beta ${impact.scale}` : `, eta ${impact.eta}`} (residual ${impact.residualRmsBps} bps rms)`);
    if (calibration.recommended === 'MARKET_IMPACT' && impact) lines.push(...impactYaml(impact));
    else lines.push(`slippage: { model: ${fit.model}, ${fit.parameter}: "${fit.value}" }`);
  }
  const latency = calibration.latency;
  if (latency) lines.push(`latency: { model: NORMAL, mean_ms: ${latency.meanMs}, std_dev_ms: ${latency.stdDevMs}, min_ms: 0 }`);
  for (const note of calibration.notes) lines.push(`# ${note}`);
  return lines.join('\n') + '\n';
}

/** The MARKET_IMPACT YAML: inline for one symbol, per symbol (`slippage_by_symbol`) for several. */
function impactYaml(fit: MarketImpactFit): string[] {
  const entries = Object.entries(fit.liquidity ?? {});
  const model = (l: MarketLiquidity) => `{ model: MARKET_IMPACT, eta: ${fit.eta}, beta: ${fit.beta}, sigma: ${l.sigma}, adv: "${l.adv}" }`;
  if (entries.length === 1) return [`slippage: ${model(entries[0][1])}`];
  return ['slippage_by_symbol:', ...entries.map(([symbol, l]) => `  ${symbol}: ${model(l)}`)];
}
