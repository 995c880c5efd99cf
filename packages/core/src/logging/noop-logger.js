"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.noopLogger = void 0;
/** A logger that does nothing at all: no formatting, no allocation (the hot-path default). */
exports.noopLogger = {
    error: () => undefined,
    warn: () => undefined,
    info: () => undefined,
    debug: () => undefined,
    child: () => exports.noopLogger,
};
//# sourceMappingURL=noop-logger.js.map