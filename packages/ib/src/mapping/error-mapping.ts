import {
  BrokerError,
  ConfigurationError,
  DuplicateOrderError,
  InsufficientFundsError,
  InternalError,
  InvalidOrderError,
  NotSupportedError,
  OrderNotFoundError,
  RateLimitError,
  TemporaryConnectionError,
  type BrokerErrorOptions,
} from '@silvertine/core';

/**
 * How the adapter treats an IB message code:
 * - `warning`: informational (farm status 2100-2169, 399, 404...); logged, never an error.
 * - `connectivity`: TWS ↔ IB server notices (1100/1101/1102/1300) that drive the connection state.
 * - `cancelled`: 202, the venue's confirmation of a cancel; a status, not an error.
 * - `error`: mapped to a core BrokerError by `toBrokerError`.
 */
export type IbCodeKind = 'warning' | 'connectivity' | 'cancelled' | 'error';

/** Context every mapped error carries. */
export interface IbErrorContext {
  readonly brokerId?: string;
  readonly clientOrderId?: string;
}

type Build = (message: string, options: BrokerErrorOptions) => BrokerError;

interface Entry {
  readonly kind: IbCodeKind;
  readonly build?: Build;
  /**
   * For a working order (a bracket child, a held stop) this code is a late rejection: TWS took the
   * order off the book, so it is closed (CANCELED once it worked, REJECTED before), not merely reported.
   */
  readonly lateRejection?: boolean;
}

const warning: Entry = { kind: 'warning' };
const connectivity: Entry = { kind: 'connectivity' };
const temporary: Entry = { kind: 'error', build: (m, o) => new TemporaryConnectionError(m, o) };
const invalid = (field: string, rule: string): Entry => ({ kind: 'error', build: (m, o) => new InvalidOrderError(field, rule, m, o) });
const notFound: Entry = { kind: 'error', build: (m, o) => new OrderNotFoundError(m, o) };
const configuration: Entry = { kind: 'error', build: (m, o) => new ConfigurationError(m, o) };

/**
 * The one table of IB codes (see test/fixtures/error-codes.json for the message texts and sources).
 * Codes 2100-2169 not listed here are warnings too (`classifyIbCode`).
 */
const IB_CODES: ReadonlyMap<number, Entry> = new Map<number, Entry>([
  // order rejections: definite, the order did not reach the book
  [100, { kind: 'error', build: (m, o) => new RateLimitError(m, 1_000, o) }], // max messages per second exceeded
  [103, { kind: 'error', build: (m, o) => new DuplicateOrderError(m, o), lateRejection: true }],
  [104, invalid('status', 'filled')],
  [105, invalid('order', 'modifyMismatch')],
  [110, { ...invalid('limitPrice', 'tickSize'), lateRejection: true }],
  [200, invalid('instrument', 'unknownContract')],
  [201, { kind: 'error', build: buildRejection, lateRejection: true }],
  [203, { kind: 'error', build: (m, o) => new NotSupportedError('instrument', m, o) }],
  [321, invalid('request', 'validation')],
  // "Unsupported order type for this exchange and security type" (e.g. MIT/LIT where the venue has none):
  // the order never reached the book, so a definite refusal rather than an unknown outcome
  [387, { kind: 'error', build: (m, o) => new NotSupportedError('orderType', m, o) }],
  [434, invalid('quantity', 'positive')],
  // cancels
  [135, notFound],
  [10147, notFound],
  [161, invalid('status', 'notCancellable')],
  [10148, invalid('status', 'notCancellable')],
  [202, { kind: 'cancelled' }],
  // market data
  [354, { kind: 'error', build: (m, o) => new NotSupportedError('marketData', m, o) }],
  [10168, { kind: 'error', build: (m, o) => new NotSupportedError('marketData', m, o) }],
  // connection and session
  [326, { kind: 'error', build: (m, o) => new ConfigurationError(`clientId already in use: ${m} Configure a unique clientId per connection.`, o) }],
  [501, temporary],
  [502, temporary],
  [504, temporary],
  [505, temporary],
  [507, temporary],
  [503, configuration],
  [506, configuration],
  [1100, connectivity],
  [1101, connectivity],
  [1102, connectivity],
  [1300, connectivity],
  // warnings outside 2100-2169
  [399, warning],
  [404, warning],
  [2103, warning],
  [2104, warning],
  [2105, warning],
  [2106, warning],
  [2107, warning],
  [2108, warning],
  [2110, warning],
  [2119, warning],
  [2157, warning],
  [2158, warning],
]);

/** Rejection reasons that mean "not enough money", as TWS words them in 201's text. */
const FUNDS_PATTERN = /insufficient|buying power|margin|equity with loan|available funds/i;

function buildRejection(message: string, options: BrokerErrorOptions): BrokerError {
  if (FUNDS_PATTERN.test(message)) return new InsufficientFundsError(message, options);
  return new InvalidOrderError('order', 'rejected', message, options);
}

/** The kind of an IB code (unknown codes are errors; 2100-2169 are warnings). */
export function classifyIbCode(code: number): IbCodeKind {
  const entry = IB_CODES.get(code);
  if (entry) return entry.kind;
  if (code >= 2100 && code <= 2169) return 'warning';
  return 'error';
}

/** True when the code, arriving for a working order, means TWS took that order off the book (201, 110, 103). */
export function isLateRejection(code: number): boolean {
  return IB_CODES.get(code)?.lateRejection === true;
}

/** True for every code that is not an error (warnings, connectivity notices, cancel confirmations). */
export function isIbWarning(code: number): boolean {
  return classifyIbCode(code) === 'warning';
}

/**
 * The core error for an IB error code. Unknown codes become InternalError (CRITICAL, not a definite
 * rejection) so an order that received one goes through the unknown-outcome path instead of being
 * assumed rejected.
 */
export function toBrokerError(code: number, message: string, context: IbErrorContext = {}): BrokerError {
  const options: BrokerErrorOptions = { brokerId: context.brokerId, clientOrderId: context.clientOrderId, venueCode: code };
  const text = `IB ${code}: ${message}`;
  const entry = IB_CODES.get(code);
  if (entry?.build) return entry.build(text, options);
  if (entry?.kind === 'connectivity') return new TemporaryConnectionError(text, options);
  return new InternalError(`unmapped ${text}`, options);
}

/** Every code the table names (for tests and documentation). */
export function mappedIbCodes(): number[] {
  return [...IB_CODES.keys()];
}
