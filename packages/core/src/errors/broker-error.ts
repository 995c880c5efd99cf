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
  /**
   * `instanceof` that also holds across copies of core: an error made by another copy of
   * @silvertine/core (a plugin that installed its own) is an instance of the class of the same name here
   * when that class appears on its prototype chain below its copy's BrokerError (found by the brand).
   * The ordinary prototype test runs first, so errors of this copy cost nothing more.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return Function.prototype[Symbol.hasInstance].call(this, value) || isForeignInstance(value, this.name);
  }

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

/** The brand on every copy's BrokerError.prototype, registered process-wide with `Symbol.for`. */
const BROKER_ERROR_BRAND = Symbol.for('silvertine.core.BrokerError');
Object.defineProperty(BrokerError.prototype, BROKER_ERROR_BRAND, { value: true });

/** True when `value` is another copy's error whose class chain (up to its BrokerError) has `className`. */
function isForeignInstance(value: unknown, className: string): boolean {
  if (typeof value !== 'object' || value === null || (value as Record<symbol, unknown>)[BROKER_ERROR_BRAND] !== true) return false;
  for (let proto: object | null = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const owner = (proto as { constructor?: { name?: string } }).constructor;
    if (owner?.name === className) return true;
    if (Object.prototype.hasOwnProperty.call(proto, BROKER_ERROR_BRAND)) return false; // reached its BrokerError
  }
  return false;
}

/** True for any BrokerError (also across duplicated copies of core, by duck typing the code). */
export function isBrokerError(value: unknown): value is BrokerError {
  return (
    value instanceof BrokerError ||
    (value instanceof Error && typeof (value as BrokerError).code === 'string' && typeof (value as BrokerError).severity === 'string')
  );
}
