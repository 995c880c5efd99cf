import { type RandomSource, sampleStandardNormal } from './random';

/**
 * Delay, in milliseconds, between a request leaving the client and reaching the (simulated) venue.
 * Applied to submissions and to cancels alike, so a cancel can arrive after the fill it meant to stop.
 */
export type LatencyModelConfig =
  | { readonly model: 'NONE' }
  | { readonly model: 'FIXED'; readonly ms: number }
  | { readonly model: 'UNIFORM'; readonly minMs: number; readonly maxMs: number }
  | {
      readonly model: 'NORMAL';
      readonly meanMs: number;
      readonly stdDevMs: number;
      /** Lower bound of a sample (default 0): a normal tail must not produce negative or absurdly small delays. */
      readonly minMs?: number;
      /** Upper bound of a sample (default unbounded). */
      readonly maxMs?: number;
    };

/** The kind names of the latency models. */
export type LatencyModelKind = LatencyModelConfig['model'];

/** Draws delays. Pure apart from the seeded generator's state: no clock, no timers. */
export interface LatencyModel {
  /** The next delay in ms (>= 0). */
  next(): number;
}

/** Throws RangeError for parameters that cannot describe a delay (negative, min > max, NaN). */
export function validateLatencyConfig(config: LatencyModelConfig): void {
  const check = (name: string, value: number | undefined): void => {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`latency ${name} must be a finite number >= 0, got ${value}`);
    }
  };
  switch (config.model) {
    case 'NONE':
      return;
    case 'FIXED':
      check('ms', config.ms);
      return;
    case 'UNIFORM':
      check('minMs', config.minMs);
      check('maxMs', config.maxMs);
      if (config.minMs > config.maxMs) throw new RangeError('latency minMs must be <= maxMs');
      return;
    case 'NORMAL':
      check('meanMs', config.meanMs);
      check('stdDevMs', config.stdDevMs);
      check('minMs', config.minMs);
      check('maxMs', config.maxMs);
      if (config.maxMs !== undefined && (config.minMs ?? 0) > config.maxMs) {
        throw new RangeError('latency minMs must be <= maxMs');
      }
      return;
  }
}

/**
 * Builds a latency model. Randomness comes only from `random` (a seeded generator), so two models built
 * with generators of the same seed produce the same sequence of delays. Every delay is a whole number of
 * milliseconds (rounded half-up): venues stamp events in whole milliseconds (Binance's `transactTime`,
 * `E` and `T`; TWS's execution times in seconds), so a fill delayed on a virtual clock must not carry a
 * fraction of one (a 0.4 ms draw becomes 0: the request reaches the venue within the same millisecond).
 */
export function createLatencyModel(config: LatencyModelConfig, random: RandomSource): LatencyModel {
  const model = drawModel(config, random);
  return { next: () => Math.round(model.next()) };
}

function drawModel(config: LatencyModelConfig, random: RandomSource): LatencyModel {
  validateLatencyConfig(config);
  switch (config.model) {
    case 'NONE':
      return { next: () => 0 };
    case 'FIXED':
      return { next: () => config.ms };
    case 'UNIFORM': {
      const span = config.maxMs - config.minMs;
      return { next: () => config.minMs + random() * span };
    }
    case 'NORMAL': {
      const min = config.minMs ?? 0;
      const max = config.maxMs ?? Number.POSITIVE_INFINITY;
      // Clamping (not redrawing) keeps exactly one draw pair per sample, so sequences stay aligned across runs.
      return {
        next: () => Math.min(max, Math.max(min, config.meanMs + config.stdDevMs * sampleStandardNormal(random))),
      };
    }
  }
}
