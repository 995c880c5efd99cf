import type { Clock, TimerHandle } from './clock';
/**
 * Virtual time for deterministic tests: time moves only when `advance` or `set` is called, and timers
 * fire in due order (ties in scheduling order).
 */
export declare class ManualClock implements Clock {
    private current;
    private seq;
    private timers;
    constructor(start?: number);
    now(): number;
    setTimeout(callback: () => void, delayMs: number): TimerHandle;
    /** Number of timers still scheduled. */
    get pendingTimers(): number;
    /** Moves time forward by `ms`, firing every timer due on the way. */
    advance(ms: number): void;
    /** Moves time to `time` (never backwards), firing every timer due on the way. */
    set(time: number): void;
}
