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
}
/** The wall clock. Timers are unref'd so a forgotten one never keeps a process alive. */
export declare const systemClock: Clock;
/** Resolves after `ms` on the given clock. */
export declare function sleep(clock: Clock, ms: number): Promise<void>;
