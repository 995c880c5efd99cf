import type { Clock, TimerHandle } from '@silvertine/core';

/**
 * Delay of the confirming look after an apparent stall. Any delay will do: a timer set from a timer
 * callback cannot run before the event loop's next poll, which reads whatever the socket holds.
 */
const CONFIRM_DELAY_MS = 1;

/**
 * A no-progress timer: `onStall` runs only when `progress` has not been called for `silenceMs` while
 * watched. A slow but steady stream (a large frame in many small reads) never trips it, however long it
 * takes in total; a peer that stops sending mid-frame does.
 *
 * It also refuses to blame the peer for the process's own pauses. After a long synchronous stretch the
 * event loop runs due timers before it polls sockets, so bytes that arrived meanwhile sit unread in the
 * kernel and the silence looks real. An apparent stall is therefore confirmed by a second look after
 * one more turn of the loop; only a silence that survives it fires.
 *
 * One timer at a time, re-armed from its own callback: a chunk costs a clock read, not a timer.
 */
export class StallWatch {
  private timer?: TimerHandle;
  private lastProgressAt = 0;
  private confirming = false;

  constructor(
    private readonly clock: Clock,
    private readonly silenceMs: number,
    private readonly onStall: (silentMs: number) => void,
  ) {}

  /** True while watching (between a `progress` and the next `stop` or stall). */
  get watching(): boolean {
    return this.timer !== undefined;
  }

  /** Bytes of the pending frame arrived: the silence starts over. Starts watching if not already. */
  progress(): void {
    this.lastProgressAt = this.clock.now();
    this.confirming = false;
    if (!this.timer) this.arm(this.silenceMs);
  }

  /** Nothing is pending any more: stop watching. */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.confirming = false;
  }

  private arm(delayMs: number): void {
    this.timer = this.clock.setTimeout(() => this.expire(), delayMs);
  }

  private expire(): void {
    this.timer = undefined;
    const silent = this.clock.now() - this.lastProgressAt;
    if (silent < this.silenceMs) return this.arm(this.silenceMs - silent);
    if (!this.confirming) {
      this.confirming = true;
      return this.arm(CONFIRM_DELAY_MS);
    }
    this.confirming = false;
    this.onStall(silent);
  }
}
