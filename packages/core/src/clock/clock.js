"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.systemClock = void 0;
exports.sleep = sleep;
/** The wall clock. Timers are unref'd so a forgotten one never keeps a process alive. */
exports.systemClock = {
    now: () => Date.now(),
    setTimeout(callback, delayMs) {
        const timer = setTimeout(callback, delayMs);
        timer.unref?.();
        return { cancel: () => clearTimeout(timer) };
    },
};
/** Resolves after `ms` on the given clock. */
function sleep(clock, ms) {
    return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
//# sourceMappingURL=clock.js.map