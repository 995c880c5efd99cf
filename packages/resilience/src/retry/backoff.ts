import { ExponentialBackoff, type GeneratorFn, type IBackoff } from 'cockatiel';

/** Exponential backoff settings shared by read retries and reconnects. */
export interface BackoffOptions {
  /** First delay before jitter (ms). */
  readonly initialDelayMs: number;
  /** Cap on any delay (ms). */
  readonly maxDelayMs: number;
  /** Fraction of each delay that is randomised: 0 = none, 0.5 = delay × [0.5, 1). Default 0.5. */
  readonly jitter?: number;
  /** Source of randomness (inject a seeded one for replayable tests). */
  readonly random?: () => number;
}

/**
 * A cockatiel generator: initial × 2^n capped at max, then the jittered part drawn from `random`. Unlike
 * cockatiel's own generators it takes the random source as a parameter, so chaos runs replay exactly.
 */
export function jitteredExponentialGenerator(jitter: number, random: () => number): GeneratorFn<number> {
  return (attempt = 0, options) => {
    const base = Math.min(options.maxDelay, options.initialDelay * options.exponent ** attempt);
    const delay = base * (1 - jitter) + base * jitter * random();
    return [Math.floor(delay), attempt + 1];
  };
}

/** A sequence of delays: call `next()` for each attempt; `reset()` starts over from the initial delay. */
export class BackoffSchedule {
  private current?: IBackoff<unknown>;
  private readonly factory: ExponentialBackoff<number>;

  constructor(options: BackoffOptions) {
    this.factory = new ExponentialBackoff<number>({
      initialDelay: options.initialDelayMs,
      maxDelay: options.maxDelayMs,
      exponent: 2,
      generator: jitteredExponentialGenerator(options.jitter ?? 0.5, options.random ?? Math.random),
    });
  }

  /** The next delay in ms. */
  next(): number {
    this.current = this.current ? this.current.next(undefined) : this.factory.next();
    return this.current.duration;
  }

  reset(): void {
    this.current = undefined;
  }
}
