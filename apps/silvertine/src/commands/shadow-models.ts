import { Decimal, type Instrument } from '@silvertine/core';
import type { ShadowConfig, ShadowLatencyConfig, ShadowSlippageConfig } from '@silvertine/config';
import { MARKET_IMPACT_DEFAULTS, PaperTradingConfig, validatePaperTradingConfig, type LatencyModelConfig, type SlippageModelConfig } from '@silvertine/paper';
import type { MarketLiquidity, PaperModelsInUse, SlippageInUse } from '@silvertine/shadow';
import { plainToInstance } from 'class-transformer';

/** What a `shadow:` section turns into: the paper broker's config and what calibration must know of it. */
export interface ShadowModels {
  readonly paper: PaperTradingConfig;
  /** The models in use, for calibration; undefined when paper's own estimates were in play (MARKET_IMPACT without sigma or adv). */
  readonly inUse?: PaperModelsInUse;
  /** σ and ADV by symbol, when the section gives them (MARKET_IMPACT with sigma and adv). */
  readonly liquidity?: Readonly<Record<string, MarketLiquidity>>;
  /** Why `inUse` is missing, to print. */
  readonly notes: readonly string[];
}

/** Paper's slippage config from the validated section (only the fields the model reads). */
export function paperSlippage(s: ShadowSlippageConfig): SlippageModelConfig {
  switch (s.model) {
    case 'FIXED':
      return { model: 'FIXED', amount: s.amount, ticks: s.ticks };
    case 'PERCENTAGE':
      return { model: 'PERCENTAGE', bps: s.bps ?? Decimal.ZERO };
    case 'MARKET_IMPACT':
      return { model: 'MARKET_IMPACT', eta: s.eta, beta: s.beta, gamma: s.gamma, alpha: s.alpha, sigma: s.sigma, adv: s.adv, permanent: s.permanent };
  }
}

/** Paper's latency config from the validated section (the schema guarantees each model's fields). */
export function paperLatency(l: ShadowLatencyConfig): LatencyModelConfig {
  switch (l.model) {
    case 'NONE':
      return { model: 'NONE' };
    case 'FIXED':
      return { model: 'FIXED', ms: l.ms ?? 0 };
    case 'UNIFORM':
      return { model: 'UNIFORM', minMs: l.minMs ?? 0, maxMs: l.maxMs ?? 0 };
    case 'NORMAL':
      return { model: 'NORMAL', meanMs: l.meanMs ?? 0, stdDevMs: l.stdDevMs ?? 0, minMs: l.minMs, maxMs: l.maxMs };
  }
}

/**
 * The slippage calibration must take out of paper's fills: FIXED amount plus ticks (at `tickSize`),
 * PERCENTAGE bps, MARKET_IMPACT with every parameter explicit (paper's defaults filled in). Undefined
 * when paper estimates σ or ADV itself: its reference prices cannot be recovered then.
 */
export function slippageInUse(s: ShadowSlippageConfig | undefined, tickSize: Decimal): SlippageInUse | undefined {
  if (!s) return { model: 'FIXED', amount: Decimal.ZERO };
  if (s.model === 'FIXED') return { model: 'FIXED', amount: (s.amount ?? Decimal.ZERO).plus(tickSize.times(s.ticks ?? 0)) };
  if (s.model === 'PERCENTAGE') return { model: 'PERCENTAGE', bps: s.bps ?? Decimal.ZERO };
  if (s.sigma === undefined || s.adv === undefined) return undefined;
  const d = MARKET_IMPACT_DEFAULTS;
  return { model: 'MARKET_IMPACT', eta: s.eta ?? d.eta, beta: s.beta ?? d.beta, sigma: s.sigma, adv: s.adv, permanent: s.permanent, gamma: s.gamma ?? d.gamma, alpha: s.alpha ?? d.alpha };
}

/**
 * Builds the shadow's paper config from a broker's `shadow:` section, on the live broker's instruments
 * and (unless the section gives some) its balances. Paper validates the result (its ConfigurationError
 * names what is wrong, e.g. a commission model's field).
 */
export function shadowModels(section: ShadowConfig, instruments: readonly Instrument[], liveBalances: Readonly<Record<string, Decimal>>, traded: string): ShadowModels {
  const plain = {
    instruments: [...instruments],
    initialBalances: section.initialBalances ?? liveBalances,
    slippage: section.slippage && paperSlippage(section.slippage),
    latency: section.latency && paperLatency(section.latency),
    commission: section.commission,
    maxVolumeShare: section.maxVolumeShare,
    seed: section.seed,
  };
  // plainToInstance runs paper's own decimal transforms (commission rates arrive as strings) and keeps its defaults.
  const paper = plainToInstance(PaperTradingConfig, Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined)), { exposeDefaultValues: true });
  validatePaperTradingConfig(paper);
  const tick = instruments.find((i) => i.symbol === traded)?.tickSize ?? Decimal.ZERO;
  const slippage = slippageInUse(section.slippage, tick);
  const latency = section.latency;
  // Calibration adds paper's latency back to each time-to-fill gap: its mean is exact for the mean.
  const latencyMs = !latency || latency.model === 'NONE' ? 0 : latency.model === 'FIXED' ? (latency.ms ?? 0) : latency.model === 'UNIFORM' ? ((latency.minMs ?? 0) + (latency.maxMs ?? 0)) / 2 : (latency.meanMs ?? 0);
  const notes: string[] = [];
  if (!slippage) notes.push('paper ran MARKET_IMPACT with its own sigma/adv estimates: fill reference prices cannot be recovered, so no calibration (give shadow.slippage sigma and adv)');
  if (latency?.model === 'UNIFORM' || latency?.model === 'NORMAL') notes.push(`paper ran ${latency.model} latency: the fitted mean adds paper's mean back, the fitted spread still holds paper's own jitter`);
  const s = section.slippage;
  const sigma = s?.model === 'MARKET_IMPACT' ? s.sigma : undefined;
  const adv = s?.model === 'MARKET_IMPACT' ? s.adv : undefined;
  const liquidity = sigma !== undefined && adv !== undefined ? Object.fromEntries(instruments.map((i) => [i.symbol, { sigma, adv }])) : undefined;
  return { paper, inUse: slippage ? { slippage, latencyMs } : undefined, liquidity, notes };
}
