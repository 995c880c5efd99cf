import { EXIT } from './exit-codes';

/** Longer than any command waits between two steps; the handle only has to exist, never to fire. */
const HOLD_INTERVAL_MS = 1 << 30;

/**
 * Keeps the process alive until `command` settles, then sets its exit code. Also turns a crash that
 * escapes every error boundary (an uncaught exception or unhandled rejection) into one line on stderr
 * and exit code 1, rather than a stack trace and, worse, a process that ends with 0.
 */
export function holdProcessUntil(command: Promise<number>, stderr: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  const hold = setInterval(() => undefined, HOLD_INTERVAL_MS);
  const crash = (error: unknown) => {
    stderr(`silvertine: internal error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(EXIT.INTERNAL);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  command.then(
    (code) => {
      process.exitCode = code;
    },
    crash,
  ).finally(() => clearInterval(hold));
}
