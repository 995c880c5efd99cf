import { createLogger, type Logger } from '@silvertine/core';
import * as winston from 'winston';

/** What commands use to talk to the terminal; tests pass a recording implementation. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  /** A line that may be overwritten (progress); plain lines when not a TTY. */
  progress(line: string): void;
  /** True at a terminal: long-running commands may wait for Ctrl-C instead of exiting. */
  readonly interactive: boolean;
  onInterrupt(handler: () => void): void;
  offInterrupt(handler: () => void): void;
  readonly logger: Logger;
}

/** The real terminal: stdout for results, JSON logs to stderr (so stdout stays parseable). */
export function processIo(level: 'error' | 'warn' | 'info' | 'debug' = 'warn'): CommandIo {
  const tty = process.stdout.isTTY === true;
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    progress: (line) => (tty ? process.stdout.write(`\r${line}`) : undefined),
    interactive: tty,
    onInterrupt: (h) => { process.on('SIGINT', h); process.on('SIGTERM', h); },
    offInterrupt: (h) => { process.off('SIGINT', h); process.off('SIGTERM', h); },
    logger: createLogger({ level, transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] })] }),
  };
}
