/**
 * Binance Spot payloads as the hostile venue answers them when it is not attacking: the shapes of the
 * recorded payloads in /work/shared/fixtures/binance (exchangeInfo, order, myTrades, account,
 * executionReport), for the two symbols the suite trades.
 */

/** One order the venue holds. Quantities and prices are strings, as on the wire. */
export interface VenueOrderRecord {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: string;
  readonly timeInForce: string;
  readonly price: string;
  readonly origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: string;
  readonly time: number;
  updateTime: number;
}

/** One execution the venue recorded (GET /api/v3/myTrades row). */
export interface VenueTradeRecord {
  readonly id: number;
  readonly orderId: number;
  readonly symbol: string;
  readonly price: string;
  readonly qty: string;
  readonly quoteQty: string;
  readonly commission: string;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
}

/** Symbols of the hostile venue: base, quote, tick and step. */
export const VENUE_SYMBOLS = {
  BTCUSDT: { base: 'BTC', quote: 'USDT', tick: '0.01', step: '0.00001', price: '50000.00' },
  ETHUSDT: { base: 'ETH', quote: 'USDT', tick: '0.01', step: '0.0001', price: '3000.00' },
} as const;

/** A symbol the venue lists. */
export type VenueSymbol = keyof typeof VENUE_SYMBOLS;

/** GET /api/v3/exchangeInfo for the venue's symbols (filters as Binance sends them). */
export function exchangeInfoJson(now: number): Record<string, unknown> {
  return {
    timezone: 'UTC',
    serverTime: now,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
    ],
    exchangeFilters: [],
    symbols: Object.entries(VENUE_SYMBOLS).map(([symbol, s]) => ({
      symbol, status: 'TRADING', baseAsset: s.base, baseAssetPrecision: 8, quoteAsset: s.quote, quotePrecision: 8, quoteAssetPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
      icebergAllowed: true, ocoAllowed: true, isSpotTradingAllowed: true, isMarginTradingAllowed: false,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: s.tick, maxPrice: '1000000.00', tickSize: s.tick },
        { filterType: 'LOT_SIZE', minQty: s.step, maxQty: '9000.00000000', stepSize: s.step },
        { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
        { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      ],
      permissions: [], permissionSets: [['SPOT']], defaultSelfTradePreventionMode: 'NONE', allowedSelfTradePreventionModes: ['NONE'],
    })),
  };
}

/** An order as GET/DELETE /api/v3/order and openOrders/allOrders return it. */
export function orderJson(o: VenueOrderRecord): Record<string, unknown> {
  return {
    symbol: o.symbol, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId, price: o.price, origQty: o.origQty,
    executedQty: o.executedQty, cummulativeQuoteQty: o.cummulativeQuoteQty, status: o.status, timeInForce: o.timeInForce, type: o.type,
    side: o.side, stopPrice: '0.00000000', icebergQty: '0.00000000', time: o.time, updateTime: o.updateTime, isWorking: true,
    workingTime: o.time, origQuoteOrderQty: '0.00000000', selfTradePreventionMode: 'NONE',
  };
}

/** POST /api/v3/order with newOrderRespType FULL. */
export function newOrderFullJson(o: VenueOrderRecord, fills: readonly VenueTradeRecord[]): Record<string, unknown> {
  return {
    symbol: o.symbol, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId, transactTime: o.time, price: o.price,
    origQty: o.origQty, executedQty: o.executedQty, origQuoteOrderQty: '0.000000', cummulativeQuoteQty: o.cummulativeQuoteQty,
    status: o.status, timeInForce: o.timeInForce, type: o.type, side: o.side, workingTime: o.time, selfTradePreventionMode: 'NONE',
    fills: fills.map((t) => ({ price: t.price, qty: t.qty, commission: t.commission, commissionAsset: t.commissionAsset, tradeId: t.id })),
  };
}

/**
 * An executionReport of `o` as it stands (after `trade`, when given), every field of the recorded
 * payload present. `execution` is Binance's `x` (NEW, TRADE, CANCELED…).
 */
export function executionReportJson(o: VenueOrderRecord, execution: string, now: number, trade?: VenueTradeRecord): Record<string, unknown> {
  return {
    e: 'executionReport', E: now, s: o.symbol, c: o.clientOrderId, S: o.side, o: o.type, f: o.timeInForce, q: o.origQty, p: o.price,
    P: '0.00000000', F: '0.00000000', g: -1, C: '', x: execution, X: o.status, r: 'NONE', i: o.orderId,
    l: trade?.qty ?? '0.00000000', z: o.executedQty, L: trade?.price ?? '0.00000000', n: trade?.commission ?? '0', N: trade?.commissionAsset ?? null,
    T: now, t: trade?.id ?? -1, v: 3, I: o.orderId * 10 + 1, w: o.status === 'NEW' || o.status === 'PARTIALLY_FILLED', m: trade?.isMaker ?? false, M: false,
    O: o.time, Z: o.cummulativeQuoteQty, Y: trade?.quoteQty ?? '0.00000000', Q: '0.00000000', W: o.time, V: 'NONE',
  };
}

/** A GET /api/v3/myTrades row. */
export function myTradeJson(t: VenueTradeRecord): Record<string, unknown> {
  return { ...t, orderListId: -1, isBestMatch: true };
}

/** GET /api/v3/account. */
export function accountJson(balances: ReadonlyMap<string, { free: string; locked: string }>, now: number): Record<string, unknown> {
  return {
    makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0,
    commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
    canTrade: true, canWithdraw: true, canDeposit: true, brokered: false, requireSelfTradePrevention: false, preventSor: false,
    updateTime: now, accountType: 'SPOT', balances: [...balances].map(([asset, b]) => ({ asset, free: b.free, locked: b.locked })),
    permissions: ['SPOT'], uid: 354937868,
  };
}
