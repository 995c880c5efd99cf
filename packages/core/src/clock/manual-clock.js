"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ManualClock = void 0;
/**
 * Virtual time for deterministic tests: time moves only when `advance` or `set` is called, and timers
 * fire in due order (ties in scheduling order).
 */
class ManualClock {
    current;
    seq = 0;
    timers = [];
    constructor(start = 0) {
        this.current = start;
    }
    now() {
        return this.current;
    }
    setTimeout(callback, delayMs) {
        const timer = { at: this.current + Math.max(0, delayMs), seq: this.seq++, callback, cancelled: false };
        this.timers.push(timer);
        return { cancel: () => (timer.cancelled = true) };
    }
    /** Number of timers still scheduled. */
    get pendingTimers() {
        return this.timers.filter((t) => !t.cancelled).length;
    }
    /** Moves time forward by `ms`, firing every timer due on the way. */
    advance(ms) {
        this.set(this.current + ms);
    }
    /** Moves time to `time` (never backwards), firing every timer due on the way. */
    set(time) {
        for (;;) {
            const due = this.timers
                .filter((t) => !t.cancelled && t.at <= time)
                .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
            if (!due)
                break;
            this.current = Math.max(this.current, due.at);
            due.cancelled = true;
            due.callback();
        }
        this.timers = this.timers.filter((t) => !t.cancelled);
        this.current = Math.max(this.current, time);
    }
}
exports.ManualClock = ManualClock;
//# sourceMappingURL=manual-clock.js.map