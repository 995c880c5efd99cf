/** A handle returned by Clock.setTimeout. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Time as a port: components ask the clock for the time and for timers, so tests and replays can run
 * them in virtual time (ManualClock in `@silvertine/core/testing`) without sleeping.
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  /**
   * Milliseconds with sub-millisecond resolution from a monotonic source, for measuring durations
   * (latency metrics). Optional: without it, durations come from `now()`.
   */
  monotonicNow?(): number;
}

/** A duration-measuring reading of `clock` (monotonic and high-resolution where the clock offers it). */
export function monotonicNow(clock: Clock): number {
  return clock.monotonicNow ? clock.monotonicNow() : clock.now();
}

/** The wall clock. Timers are unref'd so a forgotten one never keeps a process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonicNow: () => performance.now(),
  setTimeout(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  },
};

/** Resolves after `ms` on the given clock. */
export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
