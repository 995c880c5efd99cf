/** The reconnect schedule: exponential, capped, optionally bounded in attempts. */
export interface BackoffPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
  /** 0 = unbounded. */
  readonly maxAttempts: number;
}

/**
 * Delay before reconnect attempt `attempt` (1-based), or undefined when attempts are exhausted.
 * Deterministic (no jitter): one client per TWS, so there is no herd to spread, and tests stay exact.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number): number | undefined {
  if (attempt < 1) throw new RangeError('attempt is 1-based');
  if (policy.maxAttempts > 0 && attempt > policy.maxAttempts) return undefined;
  const raw = policy.initialDelayMs * Math.pow(policy.multiplier, attempt - 1);
  return Math.min(policy.maxDelayMs, Math.round(raw));
}
