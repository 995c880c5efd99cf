/** Exponential backoff settings shared by reconnects (here) and read retries (@silvertine/resilience). */
export interface BackoffOptions {
  /** First delay before jitter (ms). */
  readonly initialDelayMs: number;
  /** Cap on any delay (ms). */
  readonly maxDelayMs: number;
  /** Fraction of each delay that is randomised: 0 = none, 0.5 = delay × [0.5, 1). Default 0.5. */
  readonly jitter?: number;
  /** Source of randomness (inject a seeded one for replayable tests and chaos runs). */
  readonly random?: () => number;
}

/**
 * The delay before attempt `attempt` (0 for the first): initial × 2^attempt capped at max, of which the
 * `jitter` fraction is drawn from `random`, in whole milliseconds.
 */
export function backoffDelay(attempt: number, initialDelayMs: number, maxDelayMs: number, jitter: number, random: () => number): number {
  const base = Math.min(maxDelayMs, initialDelayMs * 2 ** attempt);
  return Math.floor(base * (1 - jitter) + base * jitter * random());
}

/** A sequence of delays: call `next()` for each attempt; `reset()` starts over from the initial delay. */
export class BackoffSchedule {
  private attempt = 0;
  private readonly jitter: number;
  private readonly random: () => number;

  constructor(private readonly options: BackoffOptions) {
    this.jitter = options.jitter ?? 0.5;
    this.random = options.random ?? Math.random;
  }

  /** The next delay in ms. */
  next(): number {
    return backoffDelay(this.attempt++, this.options.initialDelayMs, this.options.maxDelayMs, this.jitter, this.random);
  }

  reset(): void {
    this.attempt = 0;
  }
}
