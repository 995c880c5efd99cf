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
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error meant for the person at the terminal: a message and the exit code that goes with it. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: ExitCode) {
    super(message);
    this.name = 'UserError';
  }
}
