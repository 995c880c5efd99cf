import {
  AccountSuspendedError, AuthenticationError, BrokerError, ConfigurationError, DuplicateOrderError, ExchangeMaintenanceError, InsufficientFundsError,
  InternalError, InvalidOrderError, InvalidStateTransitionError, IpBannedError, NotSupportedError, OrderNotFoundError, OrderNotSentError,
  RateLimitError, ReconcilingError, TemporaryConnectionError, TimeoutError, UnknownOrderStatusError, VenueContradictionError, VenuePayloadError,
  isBrokerError, type BrokerErrorCode, type BrokerErrorOptions, type ErrorSeverity,
} from '@silvertine/core';

type R = Record<string, unknown>;
type Build = (j: R, message: string, options: BrokerErrorOptions) => BrokerError;

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Core's error classes by name, rebuilt with the fields their constructors take. */
const BY_NAME: Readonly<Record<string, Build>> = {
  RateLimitError: (j, m, o) => new RateLimitError(m, num(j.retryAfterMs), o),
  IpBannedError: (j, m, o) => new IpBannedError(m, num(j.retryAfterMs), o),
  OrderNotSentError: (_j, m, o) => new OrderNotSentError(m, o),
  ReconcilingError: (_j, m, o) => new ReconcilingError(m, o),
  TemporaryConnectionError: (_j, m, o) => new TemporaryConnectionError(m, o),
  TimeoutError: (j, m, o) => new TimeoutError(m, num(j.timeoutMs), o),
  AuthenticationError: (_j, m, o) => new AuthenticationError(m, o),
  InsufficientFundsError: (_j, m, o) => new InsufficientFundsError(m, o),
  InvalidOrderError: (j, m, o) => new InvalidOrderError(str(j.field, 'request'), str(j.rule, 'invalid'), m, o),
  OrderNotFoundError: (_j, m, o) => new OrderNotFoundError(m, o),
  DuplicateOrderError: (_j, m, o) => new DuplicateOrderError(m, o),
  AccountSuspendedError: (_j, m, o) => new AccountSuspendedError(m, o),
  ExchangeMaintenanceError: (_j, m, o) => new ExchangeMaintenanceError(m, o),
  UnknownOrderStatusError: (_j, m, o) => new UnknownOrderStatusError(m, o),
  ConfigurationError: (_j, m, o) => new ConfigurationError(m, o),
  NotSupportedError: (j, m, o) => new NotSupportedError(str(j.feature, 'unknown'), m, o),
  InvalidStateTransitionError: (j, _m, o) => new InvalidStateTransitionError(str(j.machine), str(j.from), str(j.to), o),
  InternalError: (_j, m, o) => new InternalError(m, o),
  VenuePayloadError: (j, m, o) => new VenuePayloadError(str(j.kind, 'gateway'), m, typeof j.excerpt === 'string' ? j.excerpt : undefined, o),
  VenueContradictionError: (j, m, o) => new VenueContradictionError(str(j.rule, 'unknown'), m, o),
};

const SEVERITIES: readonly ErrorSeverity[] = ['RECOVERABLE', 'NON_RECOVERABLE', 'CRITICAL'];

/**
 * A BrokerError as a plain object for the wire: its toJSON (no stack, no cause) plus the fields of
 * subclasses that their toJSON leaves out (retryAfterMs, timeoutMs, feature, machine/from/to). Anything
 * that is not a BrokerError travels as an InternalError: a gateway bug, never a venue answer.
 */
export function encodeBrokerError(error: unknown): R {
  if (!isBrokerError(error)) return { name: 'InternalError', code: 'INTERNAL', severity: 'CRITICAL', retryable: false, message: error instanceof Error ? error.message : String(error) };
  const extra: R = {};
  for (const key of ['retryAfterMs', 'timeoutMs', 'feature', 'machine', 'from', 'to'] as const) {
    const value = (error as unknown as R)[key];
    if (value !== undefined) extra[key] = value;
  }
  return { ...error.toJSON(), ...extra };
}

/**
 * The error the gateway's broker raised, as the same class here (so `instanceof InvalidOrderError`, its
 * field and rule, and the code-based decisions of AbstractBroker hold across the process boundary). A
 * class this copy of core does not know (a resilience CircuitOpenError, a plugin's) keeps its code,
 * severity and retryability in a plain BrokerError.
 */
export function decodeBrokerError(json: unknown): BrokerError {
  if (typeof json !== 'object' || json === null) return new VenuePayloadError('gateway:error', 'the error of a reply is not an object');
  const j = json as R;
  const message = str(j.message, 'error from the gateway');
  const options: BrokerErrorOptions = {
    brokerId: typeof j.brokerId === 'string' ? j.brokerId : undefined,
    clientOrderId: typeof j.clientOrderId === 'string' ? j.clientOrderId : undefined,
    venueCode: typeof j.venueCode === 'string' || typeof j.venueCode === 'number' ? j.venueCode : undefined,
  };
  const build = BY_NAME[str(j.name)];
  if (build) return build(j, message, options);
  const severity = SEVERITIES.includes(j.severity as ErrorSeverity) ? (j.severity as ErrorSeverity) : 'CRITICAL';
  if (typeof j.code !== 'string') return new VenuePayloadError('gateway:error', 'the error of a reply has no code');
  const error = new BrokerError(j.code as BrokerErrorCode, severity, j.retryable === true, message, options);
  if (typeof j.name === 'string' && j.name) error.name = j.name;
  return error;
}
