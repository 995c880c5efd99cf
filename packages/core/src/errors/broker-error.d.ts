/** How bad an error is, and therefore what the caller should do. */
export type ErrorSeverity = 'RECOVERABLE' | 'NON_RECOVERABLE' | 'CRITICAL';
/** Stable, closed set of error codes. Venue codes are kept separately in `venueCode`. */
export type BrokerErrorCode = 'RATE_LIMIT' | 'TEMPORARY_CONNECTION' | 'TIMEOUT' | 'AUTHENTICATION' | 'INSUFFICIENT_FUNDS' | 'INVALID_ORDER' | 'ORDER_NOT_FOUND' | 'DUPLICATE_ORDER' | 'ACCOUNT_SUSPENDED' | 'EXCHANGE_MAINTENANCE' | 'UNKNOWN_ORDER_STATUS' | 'CONFIGURATION' | 'NOT_SUPPORTED' | 'INVALID_STATE_TRANSITION' | 'CIRCUIT_OPEN' | 'KILL_SWITCH' | 'INTERNAL';
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
export declare class BrokerError extends Error {
    readonly code: BrokerErrorCode;
    readonly severity: ErrorSeverity;
    readonly retryable: boolean;
    readonly brokerId?: string;
    readonly venueCode?: string | number;
    readonly clientOrderId?: string;
    constructor(code: BrokerErrorCode, severity: ErrorSeverity, retryable: boolean, message: string, options?: BrokerErrorOptions);
    /** A plain object for logs and events (no stack, no cause chain with possible request data). */
    toJSON(): Record<string, unknown>;
}
/** True for any BrokerError (also across duplicated copies of core, by duck typing the code). */
export declare function isBrokerError(value: unknown): value is BrokerError;
