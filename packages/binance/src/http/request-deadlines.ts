import type { Clock, TimerHandle } from '@silvertine/core';

/** One request's total deadline: when the clock reaches `deadlineAt`, `expire` fails the request. */
export interface RequestDeadline {
  readonly deadlineAt: number;
  expire(): void;
}

/**
 * The total deadlines of a transport's requests, on the injected clock (so a test on a ManualClock
 * times a request out by advancing it, never by waiting). One timer serves every request in flight,
 * armed for the earliest deadline: a request costs a clock read and a Set entry, not a timer of its own.
 * The timer is dropped as soon as nothing is in flight, so an idle transport holds no timer.
 */
export class RequestDeadlines {
  private readonly pending = new Set<RequestDeadline>();
  private timer: TimerHandle | undefined;
  private timerAt = Infinity;

  constructor(private readonly clock: Clock) {}

  /** The deadline of a request that starts now and may take `timeoutMs`. */
  deadlineIn(timeoutMs: number): number {
    return this.clock.now() + timeoutMs;
  }

  /** Starts watching `deadline` until `delete` (the request settled) or its expiry. */
  add(deadline: RequestDeadline): void {
    this.pending.add(deadline);
    if (deadline.deadlineAt < this.timerAt) this.arm(deadline.deadlineAt);
  }

  delete(deadline: RequestDeadline): void {
    if (!this.pending.delete(deadline) || this.pending.size > 0) return;
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** Stops the timer; requests still in flight are failed by whoever closes their connections. */
  close(): void {
    this.pending.clear();
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private arm(at: number): void {
    this.timer?.cancel();
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => this.sweep(), Math.max(0, at - this.clock.now()));
  }

  /** Expires every request past its deadline, then re-arms for the earliest one left. */
  private sweep(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    let next = Infinity;
    for (const deadline of this.pending) {
      if (deadline.deadlineAt > now) {
        if (deadline.deadlineAt < next) next = deadline.deadlineAt;
        continue;
      }
      this.pending.delete(deadline);
      deadline.expire();
    }
    if (next < Infinity && next < this.timerAt) this.arm(next);
  }
}
