import * as winston from 'winston';
import { noopLogger } from './noop-logger';
import { redact } from './redaction';

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
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = [...(options.secrets ?? [])];
  const redactFormat = winston.format((info) => {
    for (const key of Object.keys(info)) {
      const redacted = redact({ [key]: info[key] }, secrets) as Record<string, unknown>;
      info[key] = redacted[key];
    }
    return info;
  });
  return winston.createLogger({
    level: options.level ?? 'info',
    silent: options.silent ?? false,
    format: winston.format.combine(redactFormat(), winston.format.timestamp(), winston.format.json()),
    transports: options.transports ?? [new winston.transports.Console()],
  }) as unknown as Logger;
}

/** A logger that drops everything (the default in tests and libraries); costs nothing per call. */
export function createSilentLogger(): Logger {
  return noopLogger;
}
