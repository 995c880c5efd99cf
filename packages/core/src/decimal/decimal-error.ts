import { BrokerError } from '../errors/broker-error';

/**
 * Raised when a value cannot be read as a bounded exact decimal (malformed or non-finite text, too many
 * significant digits, a magnitude beyond the bound, digits below the 18th decimal place, a value that is
 * not a string, number, bigint or Decimal), and on division by zero. Its message names the problem.
 */
export class DecimalError extends BrokerError {
  constructor(message: string) {
    super('INVALID_DECIMAL', 'NON_RECOVERABLE', false, message);
  }
}
