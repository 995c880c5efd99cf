import {
  AccountSuspendedError,
  AuthenticationError,
  BrokerError,
  ConfigurationError,
  DuplicateOrderError,
  ExchangeMaintenanceError,
  InsufficientFundsError,
  InvalidOrderError,
  NotSupportedError,
  OrderNotFoundError,
  RateLimitError,
  TemporaryConnectionError,
  TimeoutError,
  type BrokerErrorOptions,
} from '@silvertine/core';

/** What the mapper needs to know about one failed call. */
export interface BinanceFailure {
  /** HTTP status (REST) or `status` of a WebSocket API response. */
  readonly status: number;
  /** Binance error code; undefined when the body was not a `{code,msg}` object (a proxy's 502 page). */
  readonly code?: number;
  /** Binance's message. Venue text only: never a URL, header or signed query. */
  readonly msg?: string;
  /** From Retry-After (seconds → ms) or `error.data.retryAfter` (an epoch ms, converted by the caller). */
  readonly retryAfterMs?: number;
}

type Options = Omit<BrokerErrorOptions, 'venueCode'>;
type Factory = (f: BinanceFailure, o: BrokerErrorOptions) => BrokerError;

/** Which request field a filter failure is about, and the rule name reported in InvalidOrderError. */
const FILTER_FIELDS: Readonly<Record<string, readonly [field: string, rule: string]>> = {
  PRICE_FILTER: ['limitPrice', 'tickSize'],
  PERCENT_PRICE: ['limitPrice', 'percentPrice'],
  PERCENT_PRICE_BY_SIDE: ['limitPrice', 'percentPrice'],
  LOT_SIZE: ['quantity', 'stepSize'],
  MARKET_LOT_SIZE: ['quantity', 'stepSize'],
  MIN_NOTIONAL: ['quantity', 'minNotional'],
  NOTIONAL: ['quantity', 'minNotional'],
  ICEBERG_PARTS: ['quantity', 'icebergParts'],
  MAX_NUM_ORDERS: ['order', 'maxNumOrders'],
  MAX_NUM_ALGO_ORDERS: ['type', 'maxNumAlgoOrders'],
  MAX_POSITION: ['quantity', 'maxPosition'],
  TRAILING_DELTA: ['trailingAmount', 'trailingDelta'],
};

const text = (f: BinanceFailure, fallback: string): string => `binance ${f.code ?? f.status}: ${f.msg ?? fallback}`;
const unknownOutcome: Factory = (f, o) => new TimeoutError(text(f, 'execution status unknown'), 0, o);
const temporary: Factory = (f, o) => new TemporaryConnectionError(text(f, 'temporary failure'), o);
const auth: Factory = (f, o) => new AuthenticationError(text(f, 'authentication failed'), o);
const rateLimit: Factory = (f, o) => new RateLimitError(text(f, 'rate limited'), f.retryAfterMs ?? 1_000, o);
const invalidParam: Factory = (f, o) => new InvalidOrderError(paramOf(f.msg) ?? 'request', 'venueParameter', text(f, 'invalid parameter'), o);

/**
 * THE table of Binance codes (errors.md) → core error classes. Anything not listed falls back on the
 * HTTP status (see mapBinanceError). Kept in one place so that a reviewer can audit every decision.
 *
 * Why -1006/-1007 are timeouts: Binance says "execution status unknown", so an order must go to
 * UNKNOWN and be resolved by a query, never treated as rejected.
 * Why -1021 is an InvalidOrderError: the venue refused the request before matching (our clock was off);
 * the client re-syncs its time offset, and the order is definitely not placed.
 */
export const BINANCE_ERROR_TABLE: Readonly<Record<number, Factory>> = {
  [-1000]: temporary,
  [-1001]: temporary,
  [-1002]: auth,
  [-1003]: rateLimit,
  [-1006]: unknownOutcome,
  [-1007]: unknownOutcome,
  [-1008]: temporary,
  [-1013]: (f, o) => {
    const filter = /Filter failure: ([A-Z_]+)/.exec(f.msg ?? '')?.[1];
    const [field, rule] = (filter && FILTER_FIELDS[filter]) || ['order', filter ?? 'venueRule'];
    return new InvalidOrderError(field, rule, text(f, 'rejected by a filter'), o);
  },
  [-1014]: (f, o) => new NotSupportedError('orderCombination', text(f, 'unsupported order combination'), o),
  [-1015]: rateLimit,
  [-1016]: (f, o) => new ExchangeMaintenanceError(text(f, 'service shutting down'), o),
  [-1020]: (f, o) => new NotSupportedError('operation', text(f, 'operation not supported'), o),
  [-1021]: (f, o) => new InvalidOrderError('timestamp', 'recvWindow', text(f, 'timestamp outside recvWindow'), o),
  [-1022]: auth,
  [-1100]: invalidParam,
  [-1101]: invalidParam,
  [-1102]: invalidParam,
  [-1103]: invalidParam,
  [-1104]: invalidParam,
  [-1105]: invalidParam,
  [-1106]: invalidParam,
  [-1111]: invalidParam,
  [-1114]: (f, o) => new InvalidOrderError('timeInForce', 'notAllowed', text(f, 'timeInForce not allowed'), o),
  [-1115]: (f, o) => new InvalidOrderError('timeInForce', 'enum', text(f, 'invalid timeInForce'), o),
  [-1116]: (f, o) => new InvalidOrderError('type', 'enum', text(f, 'invalid order type'), o),
  [-1117]: (f, o) => new InvalidOrderError('side', 'enum', text(f, 'invalid side'), o),
  [-1118]: (f, o) => new InvalidOrderError('clientOrderId', 'required', text(f, 'empty client order id'), o),
  [-1121]: (f, o) => new InvalidOrderError('symbol', 'exists', text(f, 'invalid symbol'), o),
  [-1130]: invalidParam,
  [-2010]: (f, o) => newOrderRejected(f, o),
  [-2011]: (f, o) => new OrderNotFoundError(text(f, 'cancel rejected'), o),
  [-2013]: (f, o) => new OrderNotFoundError(text(f, 'order does not exist'), o),
  [-2014]: auth,
  [-2015]: auth,
  [-2035]: (f, o) => new ConfigurationError(text(f, 'user data stream already subscribed'), o),
  [-2036]: (f, o) => new ConfigurationError(text(f, 'user data stream not subscribed'), o),
};

/** -2010 NEW_ORDER_REJECTED carries the matching engine's reason in `msg`. */
function newOrderRejected(f: BinanceFailure, o: BrokerErrorOptions): BrokerError {
  const msg = f.msg ?? '';
  if (/insufficient balance/i.test(msg)) return new InsufficientFundsError(text(f, 'insufficient balance'), o);
  if (/duplicate order/i.test(msg)) return new DuplicateOrderError(text(f, 'duplicate order'), o);
  if (/market is closed/i.test(msg)) return new ExchangeMaintenanceError(text(f, 'market closed'), o);
  if (/disabled on this account|account has been/i.test(msg)) return new AccountSuspendedError(text(f, 'account restricted'), o);
  if (/immediately match and take/i.test(msg)) return new InvalidOrderError('postOnly', 'wouldTake', text(f, 'post-only order would take'), o);
  if (/trigger immediately/i.test(msg)) return new InvalidOrderError('stopPrice', 'wouldTrigger', text(f, 'stop would trigger immediately'), o);
  return new InvalidOrderError('order', 'rejected', text(f, 'order rejected'), o);
}

/** The parameter a -11xx message names ("Mandatory parameter 'price' was not sent…"). */
function paramOf(msg: string | undefined): string | undefined {
  const name = /[Pp]aram(?:eter)? '([A-Za-z]+)'/.exec(msg ?? '')?.[1];
  if (!name) return undefined;
  const renames: Record<string, string> = { price: 'limitPrice', quantity: 'quantity', stopPrice: 'stopPrice', newClientOrderId: 'clientOrderId' };
  return renames[name] ?? name;
}

/**
 * Classifies one Binance failure. The code decides when known; otherwise the HTTP status: 418 is an IP
 * ban (a RateLimitError for the ban's length: the caller stops REST and raises a critical alert), 429
 * a rate limit, 401/403 authentication, 5xx and anything else unexplained a temporary failure (which
 * for an order means the outcome is unknown).
 */
export function mapBinanceError(failure: BinanceFailure, options: Options = {}): BrokerError {
  const opts: BrokerErrorOptions = { ...options, venueCode: failure.code ?? failure.status };
  if (failure.status === 418) return new RateLimitError(text(failure, 'IP banned'), failure.retryAfterMs ?? 120_000, opts);
  if (failure.status === 429) return rateLimit(failure, opts);
  const byCode = failure.code === undefined ? undefined : BINANCE_ERROR_TABLE[failure.code];
  if (byCode) return byCode(failure, opts);
  if (failure.status === 401 || failure.status === 403) return auth(failure, opts);
  if (failure.status >= 500) return temporary(failure, opts);
  if (failure.status >= 400) return new InvalidOrderError('request', 'venueRejected', text(failure, 'request rejected'), opts);
  return temporary(failure, opts);
}
