import { Decimal, type Bar, type EventBus, type MarketData, type Quote, type Trade } from '@silvertine/core';
import { sampleStandardNormal, seededRandom, type RandomSource } from '../models/random';
import { replayMarketData, type MarketDataSource, type ReplayHandle, type ReplayOptions } from './market-data-replay';

/** Settings of the synthetic generator. */
export interface SyntheticMarketDataConfig {
  readonly symbol: string;
  /** What to generate (default `'quote'`). */
  readonly kind?: 'quote' | 'trade' | 'bar';
  /** Number of updates; the same seed and settings always give the same updates. */
  readonly count: number;
  readonly startPrice: Decimal;
  readonly tickSize: Decimal;
  /** Size grid (default 0.00001). */
  readonly stepSize?: Decimal;
  /** Default 1. */
  readonly seed?: number;
  /** Epoch ms of the first update (default 0). */
  readonly startTime?: number;
  /** Time between updates; a bar's length (default 1,000 ms; 60,000 for bars). */
  readonly intervalMs?: number;
  /**
   * Standard deviation of the relative price change per update, e.g. 0.0005 = 5 bp (default 0.0005).
   * For bars it is per bar, spread over the bar's inner steps.
   */
  readonly volatility?: number;
  /** Quotes: ask − bid in ticks (default 1). */
  readonly spreadTicks?: number;
  /** Mean size of a quote side or trade, mean volume of a bar; each draw is uniform in [½, 1½] × mean (default 1). */
  readonly meanSize?: Decimal;
}

/** Random-walk steps inside one bar: enough for a plausible high/low, few enough to stay cheap. */
const BAR_INNER_STEPS = 12;

/**
 * A seeded random walk producing quotes, trades or bars.
 *
 * Why the walk is kept in whole ticks: the random part (a normal draw scaled by volatility) is a float,
 * but it only decides how many ticks to move; every price is `tickSize × ticks` and every size
 * `stepSize × steps`, built exactly as Decimals, so the output is always on the grid and identical on
 * every machine for a seed. No Math.random, no float money.
 */
export class SyntheticMarketDataSource implements MarketDataSource {
  private readonly stepSize: Decimal;
  private readonly meanSteps: number;
  private readonly startTicks: number;

  constructor(private readonly config: SyntheticMarketDataConfig) {
    const { count, tickSize, startPrice } = config;
    this.stepSize = config.stepSize ?? Decimal.from('0.00001');
    const meanSize = config.meanSize ?? Decimal.ONE;
    if (!(Number.isInteger(count) && count >= 0)) throw new RangeError(`count must be a whole number >= 0, got ${count}`);
    if (!tickSize.isPositive() || !this.stepSize.isPositive()) throw new RangeError('tickSize and stepSize must be positive');
    if (!startPrice.isPositive()) throw new RangeError('startPrice must be positive');
    const volatility = config.volatility ?? 0.0005;
    if (!(Number.isFinite(volatility) && volatility >= 0)) throw new RangeError(`volatility must be a finite number >= 0, got ${volatility}`);
    const spread = config.spreadTicks ?? 1;
    if (!(Number.isInteger(spread) && spread >= 1)) throw new RangeError(`spreadTicks must be a whole number >= 1, got ${spread}`);
    if (config.intervalMs !== undefined && !(Number.isInteger(config.intervalMs) && config.intervalMs > 0)) {
      throw new RangeError(`intervalMs must be a positive whole number, got ${config.intervalMs}`);
    }
    // Counts of ticks and steps are integers well inside 2^53; Number is exact for them.
    this.startTicks = Math.max(1, Number(startPrice.div(tickSize).roundToStep(Decimal.ONE, 'HALF_EVEN').toString()));
    this.meanSteps = Math.max(1, Number(meanSize.div(this.stepSize).roundToStep(Decimal.ONE, 'HALF_EVEN').toString()));
  }

  *events(): Generator<MarketData, void, undefined> {
    const c = this.config;
    const kind = c.kind ?? 'quote';
    const random = seededRandom(c.seed ?? 1);
    const interval = c.intervalMs ?? (kind === 'bar' ? 60_000 : 1_000);
    const volatility = c.volatility ?? 0.0005;
    let ticks = this.startTicks;
    for (let i = 0; i < c.count; i++) {
      const timestamp = (c.startTime ?? 0) + i * interval;
      if (kind === 'bar') {
        const bar = this.bar(random, ticks, volatility, timestamp, interval);
        ticks = bar.closeTicks;
        yield bar.bar;
        continue;
      }
      ticks = step(random, ticks, volatility);
      yield kind === 'quote' ? this.quote(random, ticks, timestamp) : this.trade(random, ticks, timestamp);
    }
  }

  replay(bus: EventBus, options?: ReplayOptions): ReplayHandle {
    return replayMarketData(this.events(), bus, options);
  }

  private price(ticks: number): Decimal {
    return this.config.tickSize.times(BigInt(ticks));
  }

  private size(random: RandomSource): Decimal {
    const steps = Math.max(1, Math.round(this.meanSteps * (0.5 + random())));
    return this.stepSize.times(BigInt(steps));
  }

  private quote(random: RandomSource, ticks: number, timestamp: number): Quote {
    const spread = this.config.spreadTicks ?? 1;
    return {
      kind: 'quote', symbol: this.config.symbol, timestamp,
      bid: this.price(ticks), ask: this.price(ticks + spread), bidSize: this.size(random), askSize: this.size(random),
    };
  }

  private trade(random: RandomSource, ticks: number, timestamp: number): Trade {
    const aggressor = random() < 0.5 ? 'BUY' : 'SELL';
    return { kind: 'trade', symbol: this.config.symbol, price: this.price(ticks), size: this.size(random), timestamp, aggressor };
  }

  private bar(random: RandomSource, openTicks: number, volatility: number, timestamp: number, durationMs: number): { bar: Bar; closeTicks: number } {
    // Per-step volatility so that the bar's total move has the configured standard deviation.
    const inner = volatility / Math.sqrt(BAR_INNER_STEPS);
    let ticks = openTicks;
    let high = ticks;
    let low = ticks;
    for (let s = 0; s < BAR_INNER_STEPS; s++) {
      ticks = step(random, ticks, inner);
      high = Math.max(high, ticks);
      low = Math.min(low, ticks);
    }
    const bar: Bar = {
      kind: 'bar', symbol: this.config.symbol, timestamp, durationMs,
      open: this.price(openTicks), high: this.price(high), low: this.price(low), close: this.price(ticks), volume: this.size(random),
    };
    return { bar, closeTicks: ticks };
  }
}

/** One random-walk step in whole ticks; the price never goes below one tick. */
function step(random: RandomSource, ticks: number, volatility: number): number {
  return Math.max(1, ticks + Math.round(sampleStandardNormal(random) * volatility * ticks));
}
