import { BrokerError, type BrokerErrorOptions } from './broker-error';
/** The venue throttled us. Wait `retryAfterMs` before the next request of the same kind. */
export declare class RateLimitError extends BrokerError {
    readonly retryAfterMs: number;
    constructor(message: string, retryAfterMs: number, options?: BrokerErrorOptions);
}
/** The connection dropped or could not be opened; reconnecting should help. */
export declare class TemporaryConnectionError extends BrokerError {
    constructor(message: string, options?: BrokerErrorOptions);
}
/** No answer in time. For order submission the outcome is unknown: see UnknownOrderStatusError. */
export declare class TimeoutError extends BrokerError {
    readonly timeoutMs: number;
    constructor(message: string, timeoutMs: number, options?: BrokerErrorOptions);
}
/** Credentials refused or missing permission. Retrying will not help. */
export declare class AuthenticationError extends BrokerError {
    constructor(message: string, options?: BrokerErrorOptions);
}
export declare class InsufficientFundsError extends BrokerError {
    constructor(message: string, options?: BrokerErrorOptions);
}
/** The order breaks a rule; `field` names the request field and `rule` the rule it breaks. */
export declare class InvalidOrderError extends BrokerError {
    readonly field: string;
    readonly rule: string;
    constructor(field: string, rule: string, message?: string, options?: BrokerErrorOptions);
    toJSON(): Record<string, unknown>;
}
export declare class OrderNotFoundError extends BrokerError {
    constructor(message: string, options?: BrokerErrorOptions);
}
/** A clientOrderId already used: never resubmit under a new id without checking the first one. */
export declare class DuplicateOrderError extends BrokerError {
    constructor(message: string, options?: BrokerErrorOptions);
}
export declare class AccountSuspendedError extends BrokerError {
    constructor(message: string, options?: BrokerErrorOptions);
}
/** The venue is down for maintenance; recoverable later, but not by an immediate retry. */
export declare class ExchangeMaintenanceError extends BrokerError {
    constructor(message: string, options?: BrokerErrorOptions);
}
/**
 * A submission whose outcome is not known (timeout, connection lost after sending). The order is
 * tracked as UNKNOWN and must be resolved by querying the venue, never by sending it again.
 */
export declare class UnknownOrderStatusError extends BrokerError {
    constructor(message: string, options?: BrokerErrorOptions);
}
export declare class ConfigurationError extends BrokerError {
    constructor(message: string, options?: BrokerErrorOptions);
}
/** The broker does not support this order type, time in force, asset class or feature. */
export declare class NotSupportedError extends BrokerError {
    readonly feature: string;
    constructor(feature: string, message?: string, options?: BrokerErrorOptions);
}
/** A state machine was asked for a transition its table does not allow. */
export declare class InvalidStateTransitionError extends BrokerError {
    readonly machine: string;
    readonly from: string;
    readonly to: string;
    constructor(machine: string, from: string, to: string, options?: BrokerErrorOptions);
}
/** A bug or broken invariant inside Silvertine or an adapter. */
export declare class InternalError extends BrokerError {
    constructor(message: string, options?: BrokerErrorOptions);
}
