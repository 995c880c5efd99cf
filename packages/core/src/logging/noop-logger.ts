import type { Logger } from './logger';

/** A logger that does nothing at all: no formatting, no allocation (the hot-path default). */
export const noopLogger: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => noopLogger,
};
