import * as winston from 'winston';
/** The logging port: the subset of winston that Silvertine code uses. */
export interface Logger {
    error(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
    info(message: string, fields?: Record<string, unknown>): void;
    debug(message: string, fields?: Record<string, unknown>): void;
    /** A logger that adds `fields` (brokerId, orderId...) to every entry. */
    child(fields: Record<string, unknown>): Logger;
}
export interface LoggerOptions {
    readonly level?: 'error' | 'warn' | 'info' | 'debug';
    /** Values to mask wherever they appear (API keys and secrets from config). */
    readonly secrets?: readonly string[];
    readonly silent?: boolean;
    /** Extra transports; the default writes JSON lines to stdout. */
    readonly transports?: winston.transport[];
}
/**
 * A structured JSON logger. Redaction runs as a format before every transport, so no transport can
 * receive a secret, whatever the caller logged.
 */
export declare function createLogger(options?: LoggerOptions): Logger;
/** A logger that drops everything (the default in tests and libraries); costs nothing per call. */
export declare function createSilentLogger(): Logger;
