import { BrokerError, type BrokerErrorOptions } from './broker-error';

/** The venue throttled us. Wait `retryAfterMs` before the next request of the same kind. */
export class RateLimitError extends BrokerError {
  constructor(message: string, readonly retryAfterMs: number, options?: BrokerErrorOptions) {
    super('RATE_LIMIT', 'RECOVERABLE', true, message, options);
  }
}

/**
 * The venue banned us for ignoring its limits (Binance HTTP 418): nothing may be sent until
 * `retryAfterMs` has passed, and an operator should look at why.
 */
export class IpBannedError extends BrokerError {
  constructor(message: string, readonly retryAfterMs: number, options?: BrokerErrorOptions) {
    super('RATE_LIMIT', 'CRITICAL', false, message, options);
  }
}

/**
 * The order failed before any byte left the process (contract lookup timed out, connection not
 * ready). Unlike a timeout after sending, the outcome is known: the venue never saw it, so it is
 * REJECTED, and sending it again under a new id is safe.
 */
export class OrderNotSentError extends BrokerError {
  constructor(message: string, options?: BrokerErrorOptions) {
    super('NOT_SENT', 'RECOVERABLE', true, message, options);
  }
}

/**
 * New orders are refused while the broker's state disagrees with the venue's (fail closed until
 * reconciliation agrees again).
 */
export class ReconcilingError extends BrokerError {
  constructor(message: string, options?: BrokerErrorOptions) {
    super('RECONCILING', 'RECOVERABLE', true, message, options);
  }
}

/** The connection dropped or could not be opened; reconnecting should help. */
export class TemporaryConnectionError extends BrokerError {
  constructor(message: string, options?: BrokerErrorOptions) {
    super('TEMPORARY_CONNECTION', 'RECOVERABLE', true, message, options);
  }
}

/** No answer in time. For order submission the outcome is unknown: see UnknownOrderStatusError. */
export class TimeoutError extends BrokerError {
  constructor(message: string, readonly timeoutMs: number, options?: BrokerErrorOptions) {
    super('TIMEOUT', 'RECOVERABLE', true, message, options);
  }
}

/** Credentials refused or missing permission. Retrying will not help. */
export class AuthenticationError extends BrokerError {
  constructor(message: string, options?: BrokerErrorOptions) {
    super('AUTHENTICATION', 'CRITICAL', false, message, options);
  }
}

export class InsufficientFundsError extends BrokerError {
  constructor(message: string, options?: BrokerErrorOptions) {
    super('INSUFFICIENT_FUNDS', 'NON_RECOVERABLE', false, message, options);
  }
}

/** The order breaks a rule; `field` names the request field and `rule` the rule it breaks. */
export class InvalidOrderError extends BrokerError {
  constructor(readonly field: string, readonly rule: string, message?: string, options?: BrokerErrorOptions) {
    super('INVALID_ORDER', 'NON_RECOVERABLE', false, message ?? `invalid order: ${field} ${rule}`, options);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), field: this.field, rule: this.rule };
  }
}

export class OrderNotFoundError extends BrokerError {
  constructor(message: string, options?: BrokerErrorOptions) {
    super('ORDER_NOT_FOUND', 'NON_RECOVERABLE', false, message, options);
  }
}

/** A clientOrderId already used: never resubmit under a new id without checking the first one. */
export class DuplicateOrderError extends BrokerError {
  constructor(message: string, options?: BrokerErrorOptions) {
    super('DUPLICATE_ORDER', 'NON_RECOVERABLE', false, message, options);
  }
}

export class AccountSuspendedError extends BrokerError {
  constructor(message: string, options?: BrokerErrorOptions) {
    super('ACCOUNT_SUSPENDED', 'CRITICAL', false, message, options);
  }
}

/** The venue is down for maintenance; recoverable later, but not by an immediate retry. */
export class ExchangeMaintenanceError extends BrokerError {
  constructor(message: string, options?: BrokerErrorOptions) {
    super('EXCHANGE_MAINTENANCE', 'RECOVERABLE', false, message, options);
  }
}

/**
 * A submission whose outcome is not known (timeout, connection lost after sending). The order is
 * tracked as UNKNOWN and must be resolved by querying the venue, never by sending it again.
 */
export class UnknownOrderStatusError extends BrokerError {
  constructor(message: string, options?: BrokerErrorOptions) {
    super('UNKNOWN_ORDER_STATUS', 'RECOVERABLE', false, message, options);
  }
}

export class ConfigurationError extends BrokerError {
  constructor(message: string, options?: BrokerErrorOptions) {
    super('CONFIGURATION', 'CRITICAL', false, message, options);
  }
}

/** The broker does not support this order type, time in force, asset class or feature. */
export class NotSupportedError extends BrokerError {
  constructor(readonly feature: string, message?: string, options?: BrokerErrorOptions) {
    super('NOT_SUPPORTED', 'NON_RECOVERABLE', false, message ?? `not supported: ${feature}`, options);
  }
}

/** A state machine was asked for a transition its table does not allow. */
export class InvalidStateTransitionError extends BrokerError {
  constructor(readonly machine: string, readonly from: string, readonly to: string, options?: BrokerErrorOptions) {
    super('INVALID_STATE_TRANSITION', 'NON_RECOVERABLE', false, `${machine}: invalid transition ${from} -> ${to}`, options);
  }
}

/** A bug or broken invariant inside Silvertine or an adapter. */
export class InternalError extends BrokerError {
  constructor(message: string, options?: BrokerErrorOptions) {
    super('INTERNAL', 'CRITICAL', false, message, options);
  }
}

/**
 * A message from a venue (REST body, WebSocket frame, TWS message) failed its decoder: a field is
 * missing, of the wrong type, not a bounded decimal, or the frame is not what its kind promises.
 * Nothing was changed by it. `kind` names the message (`executionReport`, `account`, `tws:openOrder`)
 * and `excerpt` holds at most a short, redacted start of the payload for the operator.
 */
export class VenuePayloadError extends BrokerError {
  constructor(readonly kind: string, message: string, readonly excerpt?: string, options?: BrokerErrorOptions) {
    super('VENUE_PAYLOAD', 'RECOVERABLE', false, `${kind}: ${message}`, options);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), kind: this.kind, excerpt: this.excerpt };
  }
}

/**
 * A well-formed venue message contradicts what we know of the order (a SELL fill on our BUY, a price
 * beyond the limit, more than the remainder, a cumulative quantity going back). It is not applied; the
 * instrument is blocked for new orders until reconciliation has asked the venue what really happened.
 */
export class VenueContradictionError extends BrokerError {
  constructor(readonly rule: string, message: string, options?: BrokerErrorOptions) {
    super('VENUE_CONTRADICTION', 'CRITICAL', false, message, options);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), rule: this.rule };
  }
}
