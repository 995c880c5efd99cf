import type { Logger } from '@silvertine/core';
import type { Logger as IbLogger } from '@stoqey/ib';

/**
 * Routes @stoqey/ib's own log lines into our structured logger (its default writes to the console).
 * Its info lines ("Connecting to TWS...") are debug detail for us; warnings and errors stay warnings,
 * because every error that matters is also delivered on its error event and classified there.
 */
export function ibLoggerBridge(logger: Logger): IbLogger {
  const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ');
  return {
    debug: (tag, ...args) => logger.debug('ib', { tag, message: text(args) }),
    info: (tag, ...args) => logger.debug('ib', { tag, message: text(args) }),
    warn: (tag, ...args) => logger.warn('ib', { tag, message: text(args) }),
    error: (tag, ...args) => logger.warn('ib', { tag, message: text(args) }),
  };
}
