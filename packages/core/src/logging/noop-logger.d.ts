import type { Logger } from './logger';
/** A logger that does nothing at all: no formatting, no allocation (the hot-path default). */
export declare const noopLogger: Logger;
