/** How bad an error is, and therefore what the caller should do. */
export type ErrorSeverity = 'RECOVERABLE' | 'NON_RECOVERABLE' | 'CRITICAL';

/** Stable, closed set of error codes. Venue codes are kept separately in `venueCode`. */
export type BrokerErrorCode =
  | 'RATE_LIMIT'
  | 'TEMPORARY_CONNECTION'
  | 'TIMEOUT'
  | 'AUTHENTICATION'
  | 'INSUFFICIENT_FUNDS'
  | 'INVALID_ORDER'
  | 'ORDER_NOT_FOUND'
  | 'DUPLICATE_ORDER'
  | 'ACCOUNT_SUSPENDED'
  | 'EXCHANGE_MAINTENANCE'
  | 'UNKNOWN_ORDER_STATUS'
  | 'CONFIGURATION'
  | 'NOT_SUPPORTED'
  | 'INVALID_STATE_TRANSITION'
  | 'CIRCUIT_OPEN'
  | 'KILL_SWITCH'
  | 'NOT_SENT'
  | 'RECONCILING'
  | 'INTERNAL'
  | 'INVALID_DECIMAL'
  | 'VENUE_PAYLOAD'
  | 'VENUE_CONTRADICTION';

export interface BrokerErrorOptions {
  readonly brokerId?: string;
  /** The venue's own error code (Binance -2010, IB 201...). */
  readonly venueCode?: string | number;
  readonly clientOrderId?: string;
  readonly cause?: unknown;
}

/**
 * Root of Silvertine's single error tree. Every error an adapter surfaces is one of its subclasses,
 * classified by severity and retryability, so callers can decide without parsing messages.
 *
 * Messages must never contain secrets: adapters build them from codes and field names, never from
 * request headers or signed query strings.
 */
export class BrokerError extends Error {
  readonly brokerId?: string;
  readonly venueCode?: string | number;
  readonly clientOrderId?: string;

  constructor(
    readonly code: BrokerErrorCode,
    readonly severity: ErrorSeverity,
    readonly retryable: boolean,
    message: string,
    options: BrokerErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.brokerId = options.brokerId;
    this.venueCode = options.venueCode;
    this.clientOrderId = options.clientOrderId;
  }

  /** A plain object for logs and events (no stack, no cause chain with possible request data). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      severity: this.severity,
      retryable: this.retryable,
      message: this.message,
      brokerId: this.brokerId,
      venueCode: this.venueCode,
      clientOrderId: this.clientOrderId,
    };
  }
}

/** True for any BrokerError (also across duplicated copies of core, by duck typing the code). */
export function isBrokerError(value: unknown): value is BrokerError {
  return (
    value instanceof BrokerError ||
    (value instanceof Error && typeof (value as BrokerError).code === 'string' && typeof (value as BrokerError).severity === 'string')
  );
}
