"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.InternalError = exports.InvalidStateTransitionError = exports.NotSupportedError = exports.ConfigurationError = exports.UnknownOrderStatusError = exports.ExchangeMaintenanceError = exports.AccountSuspendedError = exports.DuplicateOrderError = exports.OrderNotFoundError = exports.InvalidOrderError = exports.InsufficientFundsError = exports.AuthenticationError = exports.TimeoutError = exports.TemporaryConnectionError = exports.RateLimitError = void 0;
const broker_error_1 = require("./broker-error");
/** The venue throttled us. Wait `retryAfterMs` before the next request of the same kind. */
class RateLimitError extends broker_error_1.BrokerError {
    retryAfterMs;
    constructor(message, retryAfterMs, options) {
        super('RATE_LIMIT', 'RECOVERABLE', true, message, options);
        this.retryAfterMs = retryAfterMs;
    }
}
exports.RateLimitError = RateLimitError;
/** The connection dropped or could not be opened; reconnecting should help. */
class TemporaryConnectionError extends broker_error_1.BrokerError {
    constructor(message, options) {
        super('TEMPORARY_CONNECTION', 'RECOVERABLE', true, message, options);
    }
}
exports.TemporaryConnectionError = TemporaryConnectionError;
/** No answer in time. For order submission the outcome is unknown: see UnknownOrderStatusError. */
class TimeoutError extends broker_error_1.BrokerError {
    timeoutMs;
    constructor(message, timeoutMs, options) {
        super('TIMEOUT', 'RECOVERABLE', true, message, options);
        this.timeoutMs = timeoutMs;
    }
}
exports.TimeoutError = TimeoutError;
/** Credentials refused or missing permission. Retrying will not help. */
class AuthenticationError extends broker_error_1.BrokerError {
    constructor(message, options) {
        super('AUTHENTICATION', 'CRITICAL', false, message, options);
    }
}
exports.AuthenticationError = AuthenticationError;
class InsufficientFundsError extends broker_error_1.BrokerError {
    constructor(message, options) {
        super('INSUFFICIENT_FUNDS', 'NON_RECOVERABLE', false, message, options);
    }
}
exports.InsufficientFundsError = InsufficientFundsError;
/** The order breaks a rule; `field` names the request field and `rule` the rule it breaks. */
class InvalidOrderError extends broker_error_1.BrokerError {
    field;
    rule;
    constructor(field, rule, message, options) {
        super('INVALID_ORDER', 'NON_RECOVERABLE', false, message ?? `invalid order: ${field} ${rule}`, options);
        this.field = field;
        this.rule = rule;
    }
    toJSON() {
        return { ...super.toJSON(), field: this.field, rule: this.rule };
    }
}
exports.InvalidOrderError = InvalidOrderError;
class OrderNotFoundError extends broker_error_1.BrokerError {
    constructor(message, options) {
        super('ORDER_NOT_FOUND', 'NON_RECOVERABLE', false, message, options);
    }
}
exports.OrderNotFoundError = OrderNotFoundError;
/** A clientOrderId already used: never resubmit under a new id without checking the first one. */
class DuplicateOrderError extends broker_error_1.BrokerError {
    constructor(message, options) {
        super('DUPLICATE_ORDER', 'NON_RECOVERABLE', false, message, options);
    }
}
exports.DuplicateOrderError = DuplicateOrderError;
class AccountSuspendedError extends broker_error_1.BrokerError {
    constructor(message, options) {
        super('ACCOUNT_SUSPENDED', 'CRITICAL', false, message, options);
    }
}
exports.AccountSuspendedError = AccountSuspendedError;
/** The venue is down for maintenance; recoverable later, but not by an immediate retry. */
class ExchangeMaintenanceError extends broker_error_1.BrokerError {
    constructor(message, options) {
        super('EXCHANGE_MAINTENANCE', 'RECOVERABLE', false, message, options);
    }
}
exports.ExchangeMaintenanceError = ExchangeMaintenanceError;
/**
 * A submission whose outcome is not known (timeout, connection lost after sending). The order is
 * tracked as UNKNOWN and must be resolved by querying the venue, never by sending it again.
 */
class UnknownOrderStatusError extends broker_error_1.BrokerError {
    constructor(message, options) {
        super('UNKNOWN_ORDER_STATUS', 'RECOVERABLE', false, message, options);
    }
}
exports.UnknownOrderStatusError = UnknownOrderStatusError;
class ConfigurationError extends broker_error_1.BrokerError {
    constructor(message, options) {
        super('CONFIGURATION', 'CRITICAL', false, message, options);
    }
}
exports.ConfigurationError = ConfigurationError;
/** The broker does not support this order type, time in force, asset class or feature. */
class NotSupportedError extends broker_error_1.BrokerError {
    feature;
    constructor(feature, message, options) {
        super('NOT_SUPPORTED', 'NON_RECOVERABLE', false, message ?? `not supported: ${feature}`, options);
        this.feature = feature;
    }
}
exports.NotSupportedError = NotSupportedError;
/** A state machine was asked for a transition its table does not allow. */
class InvalidStateTransitionError extends broker_error_1.BrokerError {
    machine;
    from;
    to;
    constructor(machine, from, to, options) {
        super('INVALID_STATE_TRANSITION', 'NON_RECOVERABLE', false, `${machine}: invalid transition ${from} -> ${to}`, options);
        this.machine = machine;
        this.from = from;
        this.to = to;
    }
}
exports.InvalidStateTransitionError = InvalidStateTransitionError;
/** A bug or broken invariant inside Silvertine or an adapter. */
class InternalError extends broker_error_1.BrokerError {
    constructor(message, options) {
        super('INTERNAL', 'CRITICAL', false, message, options);
    }
}
exports.InternalError = InternalError;
//# sourceMappingURL=errors.js.map