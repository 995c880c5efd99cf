import { isBrokerError } from '@silvertine/core';
import { EXIT, UserError, type ExitCode } from './exit-codes';

/**
 * Turns any error into a message for the terminal and a distinct exit code. Broker errors are already
 * classified and free of secrets; anything else is an internal error.
 */
export function toUserError(error: unknown): UserError {
  if (error instanceof UserError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isBrokerError(error)) {
    const exitCode = exitCodeFor(error.code, message);
    // say what it means for the user first; the venue's own words follow
    return new UserError(exitCode === EXIT.VENUE_UNREACHABLE ? `venue unreachable: ${message}` : exitCode === EXIT.VENUE_ERROR ? `venue error: ${message}` : message, exitCode);
  }
  if (error instanceof Error && error.name.startsWith('Config')) return new UserError(message, EXIT.INVALID_CONFIG);
  return new UserError(`internal error: ${message}`, EXIT.INTERNAL);
}

function exitCodeFor(code: string, message: string): ExitCode {
  switch (code) {
    case 'CONFIGURATION':
      if (/unknown broker type|no broker named|unknown broker/i.test(message)) return EXIT.UNKNOWN_BROKER;
      if (/install /i.test(message)) return EXIT.PLUGIN_MISSING;
      if (/environment variable|credential/i.test(message)) return EXIT.MISSING_CREDENTIALS;
      return EXIT.INVALID_CONFIG;
    case 'AUTHENTICATION':
      return EXIT.MISSING_CREDENTIALS;
    case 'TEMPORARY_CONNECTION':
    case 'TIMEOUT':
    case 'EXCHANGE_MAINTENANCE':
      return EXIT.VENUE_UNREACHABLE;
    case 'INVALID_ORDER':
    case 'INSUFFICIENT_FUNDS':
    case 'NOT_SUPPORTED':
    case 'DUPLICATE_ORDER':
    case 'ORDER_NOT_FOUND':
    case 'RATE_LIMIT':
    case 'KILL_SWITCH': // refused before sending, until `silvertine kill-switch release`
      return EXIT.ORDER_REJECTED;
    // the venue is reachable but its answer cannot be trusted: neither our bug nor the user's
    case 'VENUE_PAYLOAD':
    case 'VENUE_CONTRADICTION':
      return EXIT.VENUE_ERROR;
    default:
      return EXIT.INTERNAL;
  }
}
