/** Distinct exit codes, one per kind of user mistake, so scripts can tell them apart. */
export const EXIT = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  INVALID_CONFIG: 3,
  UNKNOWN_BROKER: 4,
  VENUE_UNREACHABLE: 5,
  MISSING_CREDENTIALS: 6,
  ORDER_REJECTED: 7,
  PLUGIN_MISSING: 8,
  /** The venue answered, but with a payload that failed its decoder or contradicts our order: nothing was applied. */
  VENUE_ERROR: 9,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit codes as printed in the help text. */
export const EXIT_CODES_HELP = 'Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid config, 4 unknown broker, 5 venue unreachable,\n6 missing credentials, 7 order rejected, 8 plugin missing, 9 venue error (malformed or contradicting answer).';

/** An error meant for the person at the terminal: a message and the exit code that goes with it. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: ExitCode) {
    super(message);
    this.name = 'UserError';
  }
}
