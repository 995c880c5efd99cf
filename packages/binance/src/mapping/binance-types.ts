/**
 * Raw Binance Spot payload shapes, as the documentation shows them (see test/fixtures/SOURCES.md).
 * These types never leave `mapping/`: mappers turn them into core domain values.
 */

/** `{code, msg}` error body of REST, and `error` of WebSocket API responses. */
export interface RawBinanceError {
  readonly code: number;
  readonly msg: string;
  readonly data?: { readonly retryAfter?: number; readonly serverTime?: number };
}

/** One entry of `filters` in exchangeInfo; fields depend on filterType. */
export interface RawFilter {
  readonly filterType: string;
  readonly [field: string]: string | number | boolean | undefined;
}

export interface RawSymbolInfo {
  readonly symbol: string;
  readonly status: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly orderTypes?: readonly string[];
  readonly filters: readonly RawFilter[];
}

export interface RawRateLimit {
  readonly rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS' | 'RAW_REQUESTS' | 'CONNECTIONS';
  readonly interval: 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY';
  readonly intervalNum: number;
  readonly limit: number;
  readonly count?: number;
}

export interface RawExchangeInfo {
  readonly serverTime: number;
  readonly rateLimits: readonly RawRateLimit[];
  readonly symbols: readonly RawSymbolInfo[];
}

/** A fill inside a FULL new-order response. */
export interface RawOrderFill {
  readonly price: string;
  readonly qty: string;
  readonly commission: string;
  readonly commissionAsset: string;
  readonly tradeId: number;
}

/** Order as returned by POST/GET/DELETE /api/v3/order (fields vary with the response type). */
export interface RawOrder {
  readonly symbol: string;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly origClientOrderId?: string;
  readonly transactTime?: number;
  readonly updateTime?: number;
  readonly price?: string;
  readonly origQty?: string;
  readonly executedQty?: string;
  readonly cummulativeQuoteQty?: string;
  readonly status?: string;
  readonly timeInForce?: string;
  readonly type?: string;
  readonly side?: 'BUY' | 'SELL';
  readonly stopPrice?: string;
  /** Basis points of a trailing stop (present only on trailing orders). */
  readonly trailingDelta?: number;
  /** Creation time (query responses). */
  readonly time?: number;
  readonly orderListId?: number;
  readonly fills?: readonly RawOrderFill[];
}

/** POST /api/v3/orderList/oco response (orderList-oco-response in the documentation). */
export interface RawOrderList {
  readonly orderListId: number;
  readonly listClientOrderId: string;
  readonly listOrderStatus: string;
  readonly orders: ReadonlyArray<{ readonly symbol: string; readonly orderId: number; readonly clientOrderId: string }>;
  readonly orderReports?: readonly RawOrder[];
}

/** `<symbol>@bookTicker` stream payload. */
export interface RawBookTicker {
  readonly u: number;
  readonly s: string;
  readonly b: string;
  readonly B: string;
  readonly a: string;
  readonly A: string;
}

/** `<symbol>@trade` stream payload. */
export interface RawStreamTrade {
  readonly e: 'trade';
  readonly E: number;
  readonly s: string;
  readonly t: number;
  readonly p: string;
  readonly q: string;
  readonly T: number;
  /** Buyer is the maker: the aggressor sold. */
  readonly m: boolean;
}

/** `<symbol>@aggTrade` stream payload: a trade aggregated over the taker's fills at one price. */
export interface RawAggTrade {
  readonly e: 'aggTrade';
  readonly E: number;
  readonly s: string;
  /** Aggregate trade id. */
  readonly a: number;
  readonly p: string;
  readonly q: string;
  readonly T: number;
  readonly m: boolean;
}

/** `<symbol>@kline_<interval>` stream payload: one candle, `x` true once it has closed. */
export interface RawKline {
  readonly e: 'kline';
  readonly E: number;
  readonly s: string;
  readonly k: {
    readonly t: number;
    readonly T: number;
    readonly i: string;
    readonly o: string;
    readonly h: string;
    readonly l: string;
    readonly c: string;
    readonly v: string;
    readonly x: boolean;
  };
}

/**
 * `<symbol>@depth<levels>[@100ms]` partial book payload: the top levels, best first, as [price, quantity]
 * strings. It names no symbol: on a combined stream the stream name tells which book it is.
 */
export interface RawPartialDepth {
  readonly lastUpdateId: number;
  readonly bids: ReadonlyArray<readonly [string, string]>;
  readonly asks: ReadonlyArray<readonly [string, string]>;
}

/** `<symbol>@depth[@100ms|@1000ms]` diff depth event: the levels that changed over update ids `U`..`u` (quantity "0": removed). */
export interface RawDiffDepth {
  readonly e: 'depthUpdate';
  readonly E: number;
  readonly s: string;
  readonly U: number;
  readonly u: number;
  readonly b: ReadonlyArray<readonly [string, string]>;
  readonly a: ReadonlyArray<readonly [string, string]>;
}

/** One row of GET /api/v3/myTrades. */
export interface RawMyTrade {
  readonly symbol: string;
  readonly id: number;
  readonly orderId: number;
  readonly price: string;
  readonly qty: string;
  readonly commission: string;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
}

export interface RawAccount {
  readonly accountType: string;
  readonly canTrade: boolean;
  readonly uid?: number;
  readonly updateTime: number;
  readonly balances: ReadonlyArray<{ readonly asset: string; readonly free: string; readonly locked: string }>;
}

/** The executionReport user-data event (single-letter keys as Binance sends them). */
export interface RawExecutionReport {
  readonly e: 'executionReport';
  readonly E: number;
  readonly s: string;
  readonly c: string;
  readonly S: 'BUY' | 'SELL';
  readonly o: string;
  readonly q: string;
  readonly p: string;
  readonly C: string;
  readonly x: string;
  readonly X: string;
  readonly r: string;
  readonly i: number;
  readonly l: string;
  readonly z: string;
  readonly L: string;
  readonly n: string;
  readonly N: string | null;
  readonly T: number;
  readonly t: number;
  readonly m: boolean;
}

/**
 * One WebSocket API frame: the answer to a request (`id`, `status`, `result` or `error`) or a pushed
 * user-data event (`{subscriptionId, event}`).
 */
/** One `rateLimits` row of a WebSocket API answer. */
export interface RawWsApiRateLimit {
  readonly rateLimitType: string;
  readonly interval: string;
  readonly intervalNum: number;
  readonly count: number;
}

export interface RawWsApiFrame {
  readonly id?: string | number | null;
  readonly status?: number;
  readonly result?: unknown;
  readonly error?: { readonly code?: number; readonly msg?: string; readonly data?: { readonly retryAfter?: number } | null } | null;
  /** The request's rate-limit usage (web-socket-api.md "Rate limits"), like REST's X-MBX-* headers. */
  readonly rateLimits?: ReadonlyArray<RawWsApiRateLimit>;
  readonly subscriptionId?: number;
  readonly event?: Readonly<Record<string, unknown>> & { readonly e: string };
}

/** A combined market-stream frame: the stream's name and its payload. */
export interface RawCombinedFrame {
  readonly stream: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface RawOutboundAccountPosition {
  readonly e: 'outboundAccountPosition';
  readonly E: number;
  readonly u: number;
  readonly B: ReadonlyArray<{ readonly a: string; readonly f: string; readonly l: string }>;
}

export interface RawBalanceUpdate {
  readonly e: 'balanceUpdate';
  readonly E: number;
  readonly a: string;
  readonly d: string;
  readonly T: number;
}
