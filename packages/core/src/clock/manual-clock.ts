import type { Clock, TimerHandle } from './clock';

interface ScheduledTimer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * Virtual time for deterministic tests: time moves only when `advance` or `set` is called, and timers
 * fire in due order (ties in scheduling order).
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: ScheduledTimer[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Virtual time measures durations too, so latency in tests is exactly what the test advanced. */
  monotonicNow(): number {
    return this.current;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer: ScheduledTimer = { at: this.current + Math.max(0, delayMs), seq: this.seq++, callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  }

  /** Number of timers still scheduled. */
  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, firing every timer due on the way. */
  advance(ms: number): void {
    this.set(this.current + ms);
  }

  /** Moves time to `time` (never backwards), firing every timer due on the way. */
  set(time: number): void {
    for (;;) {
      const due = this.earliestDue(time);
      if (!due) break;
      this.current = Math.max(this.current, due.at);
      due.cancelled = true;
      due.callback();
    }
    // A backtest sets the time once per market-data event: no array is copied unless a timer went.
    if (this.timers.some((t) => t.cancelled)) this.timers = this.timers.filter((t) => !t.cancelled);
    this.current = Math.max(this.current, time);
  }

  /** The live timer due at or before `time` that comes first (by time, then by scheduling order). */
  private earliestDue(time: number): ScheduledTimer | undefined {
    let due: ScheduledTimer | undefined;
    const timers = this.timers;
    for (let i = 0; i < timers.length; i++) {
      const t = timers[i];
      if (t.cancelled || t.at > time) continue;
      if (due === undefined || t.at < due.at || (t.at === due.at && t.seq < due.seq)) due = t;
    }
    return due;
  }
}
