import type { Clock, TimerHandle } from '@silvertine/core';

/**
 * The injected clock's time, read at most once per `resolutionMs` on the order path.
 *
 * Order-path timestamps only place orders, fills and latency samples in windows of minutes (cut into
 * slices of seconds), yet a clock read costs 100-250 ns on some VMs (Date.now without a vDSO clock
 * source) — as much as all of BrokerMetrics' counting for one order. So the time is read once, kept,
 * and marked stale by a timer on the same clock after `resolutionMs`; the next call reads it again.
 * A timestamp is thus at most `resolutionMs` old, or older while the event loop never reaches timers
 * (a burst of orders awaiting only microtasks is stamped with the time it started). At most one
 * timer is pending, only after a read, and systemClock's timers never keep a process alive.
 */
export class CoarseTime {
  private cached = 0;
  private stale = true;
  private timer?: TimerHandle;

  constructor(private readonly clock: Clock, readonly resolutionMs: number) {
    if (!(resolutionMs > 0)) throw new RangeError(`resolutionMs must be positive, got ${resolutionMs}`);
  }

  /** The time of the latest read, reading the clock again when it is stale. */
  now(): number {
    return this.stale ? this.read() : this.cached;
  }

  /** Cancels the pending timer; the next `now()` reads the clock. */
  close(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.stale = true;
  }

  private read(): number {
    this.cached = this.clock.now();
    this.stale = false;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.stale = true;
    }, this.resolutionMs);
    return this.cached;
  }
}
