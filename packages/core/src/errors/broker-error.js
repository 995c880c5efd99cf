"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BrokerError = void 0;
exports.isBrokerError = isBrokerError;
/**
 * Root of Silvertine's single error tree. Every error an adapter surfaces is one of its subclasses,
 * classified by severity and retryability, so callers can decide without parsing messages.
 *
 * Messages must never contain secrets: adapters build them from codes and field names, never from
 * request headers or signed query strings.
 */
class BrokerError extends Error {
    code;
    severity;
    retryable;
    brokerId;
    venueCode;
    clientOrderId;
    constructor(code, severity, retryable, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.code = code;
        this.severity = severity;
        this.retryable = retryable;
        this.name = new.target.name;
        this.brokerId = options.brokerId;
        this.venueCode = options.venueCode;
        this.clientOrderId = options.clientOrderId;
    }
    /** A plain object for logs and events (no stack, no cause chain with possible request data). */
    toJSON() {
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
exports.BrokerError = BrokerError;
/** True for any BrokerError (also across duplicated copies of core, by duck typing the code). */
function isBrokerError(value) {
    return (value instanceof BrokerError ||
        (value instanceof Error && typeof value.code === 'string' && typeof value.severity === 'string'));
}
//# sourceMappingURL=broker-error.js.map