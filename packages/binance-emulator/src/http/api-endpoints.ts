import { apiErrors } from '../errors/binance-error';
import { avgPriceJson, bookTickerJson, depthJson, priceTickerJson, ticker24hJson } from '../market/market-json';
import type { EmulatedExchange } from '../orders/emulated-exchange';
import type { OcoLists } from '../orders/oco-lists';
import { cancelOrderJson, myTradeJson, newOrderJson, queryOrderJson, type Json } from '../orders/order-json';
import { isOpen, type OrderRecord, type TradeRecord } from '../orders/order-record';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import { exchangeInfoJson } from '../rules/exchange-info';
import { parseNewOrder } from '../rules/new-order.params';
import type { RequestParams } from '../rules/request-params';
import { historyEndpoints } from './history-endpoints';

/** What endpoints read and change. */
export interface EndpointContext {
  readonly exchange: EmulatedExchange;
  readonly oco: OcoLists;
  readonly limiter: RateLimiter;
  readonly serverTime: () => number;
  readonly maintenance: () => boolean;
}

/** One API operation, shared by REST and the WebSocket API. */
export interface Endpoint {
  readonly signed: boolean;
  /** Counts against the ORDERS limits. */
  readonly isOrder?: boolean;
  /** Needs only X-MBX-APIKEY (no signature). */
  handle(params: RequestParams, ctx: EndpointContext): unknown;
}

function symbolOf(params: RequestParams, ctx: EndpointContext): string {
  const symbol = params.required('symbol');
  if (!ctx.exchange.specs.has(symbol)) throw apiErrors.badSymbol();
  return symbol;
}

/** Symbols named by `symbol` or `symbols` (JSON array), or all. */
function symbolsOf(params: RequestParams, ctx: EndpointContext): { list: string[]; single: boolean } {
  const one = params.optional('symbol');
  if (one) return { list: [symbolOf(params, ctx)], single: true };
  const many = params.optional('symbols');
  if (many) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(many);
    } catch {
      throw apiErrors.illegalChars('symbols');
    }
    if (!Array.isArray(parsed)) throw apiErrors.illegalChars('symbols');
    for (const s of parsed) if (!ctx.exchange.specs.has(String(s))) throw apiErrors.badSymbol();
    return { list: parsed.map(String), single: false };
  }
  return { list: [...ctx.exchange.specs.keys()], single: false };
}

function orderRef(params: RequestParams): { orderId?: number; origClientOrderId?: string } {
  const orderId = params.integer('orderId');
  const origClientOrderId = params.optional('origClientOrderId');
  if (orderId === undefined && origClientOrderId === undefined) throw apiErrors.eitherMandatory('orderId', 'origClientOrderId');
  return { orderId, origClientOrderId };
}

function limitOf(params: RequestParams, fallback: number, max: number): number {
  const limit = params.integer('limit') ?? fallback;
  return Math.max(1, Math.min(limit, max));
}

/** First index of a list sorted by id whose element satisfies a monotone predicate (binary search). */
function firstIndex<T>(list: readonly T[], atOrAfter: (item: T) => boolean): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (atOrAfter(list[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const perSymbol = (fn: (symbol: string, ctx: EndpointContext) => Json) => (params: RequestParams, ctx: EndpointContext) => {
  const { list, single } = symbolsOf(params, ctx);
  return single ? fn(list[0], ctx) : list.map((s) => fn(s, ctx));
};

/** Endpoints by operation name (REST routes and WebSocket API methods map onto these). */
export const ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  ping: { signed: false, handle: () => ({}) },
  time: { signed: false, handle: (_p, ctx) => ({ serverTime: ctx.serverTime() }) },
  exchangeInfo: {
    signed: false,
    handle: (params, ctx) => {
      const { list } = symbolsOf(params, ctx);
      const specs = list.map((s) => ctx.exchange.specs.get(s)!);
      return exchangeInfoJson(specs, ctx.limiter.limits, ctx.serverTime(), ctx.maintenance() ? 'BREAK' : 'TRADING');
    },
  },
  depth: { signed: false, handle: (params, ctx) => depthJson(ctx.exchange.market, symbolOf(params, ctx), limitOf(params, 100, 5000)) },
  'ticker.price': { signed: false, handle: perSymbol((s, ctx) => priceTickerJson(ctx.exchange.market, s)) },
  'ticker.book': { signed: false, handle: perSymbol((s, ctx) => bookTickerJson(ctx.exchange.market, s, ctx.serverTime())) },
  'ticker.24hr': { signed: false, handle: perSymbol((s, ctx) => ticker24hJson(ctx.exchange.market, s, ctx.serverTime())) },
  avgPrice: { signed: false, handle: (params, ctx) => avgPriceJson(ctx.exchange.market, symbolOf(params, ctx), ctx.serverTime()) },

  'order.place': {
    signed: true,
    isOrder: true,
    handle: (params, ctx) => {
      const p = parseNewOrder(params, ctx.exchange.specs);
      const now = ctx.serverTime();
      const { order, fills } = ctx.exchange.place(p, now);
      return newOrderJson(order, p.newOrderRespType, now, fills);
    },
  },
  'order.test': {
    signed: true,
    handle: (params, ctx) => {
      const p = parseNewOrder(params, ctx.exchange.specs);
      ctx.exchange.place(p, ctx.serverTime(), { test: true });
      if (params.optional('computeCommissionRates') !== 'true') return {};
      const r = ctx.exchange.rates;
      const rates = { maker: r.maker.toFixed(8), taker: r.taker.toFixed(8) };
      return {
        standardCommissionForOrder: rates,
        specialCommissionForOrder: { maker: '0.00000000', taker: '0.00000000' },
        taxCommissionForOrder: { maker: '0.00000000', taker: '0.00000000' },
        discount: { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: '0.00000000' },
      };
    },
  },
  'order.cancel': {
    signed: true,
    handle: (params, ctx) => {
      const symbol = symbolOf(params, ctx);
      const now = ctx.serverTime();
      const cancelId = params.optional('newClientOrderId') ?? ctx.exchange.generateClientOrderId();
      const order = ctx.exchange.cancel(symbol, orderRef(params), now, cancelId);
      if (order.orderListId >= 0) ctx.oco.cancelLeg(order, now);
      return cancelOrderJson(order, cancelId, now);
    },
  },
  'order.status': {
    signed: true,
    handle: (params, ctx) => {
      const order = ctx.exchange.find(symbolOf(params, ctx), orderRef(params));
      if (!order) throw apiErrors.noSuchOrder();
      return queryOrderJson(order);
    },
  },
  'openOrders.status': {
    signed: true,
    handle: (params, ctx) => {
      const symbol = params.optional('symbol') === undefined ? undefined : symbolOf(params, ctx);
      return ctx.exchange.openOrders(symbol).map(queryOrderJson);
    },
  },
  'openOrders.cancelAll': {
    signed: true,
    handle: (params, ctx) => {
      const symbol = symbolOf(params, ctx);
      const now = ctx.serverTime();
      const open = ctx.exchange.openOrders(symbol);
      if (open.length === 0) throw apiErrors.cancelRejected();
      return open.filter(isOpen).map((o) => {
        const cancelId = ctx.exchange.generateClientOrderId();
        ctx.exchange.cancel(symbol, { orderId: o.orderId }, now, cancelId);
        return cancelOrderJson(o, cancelId, now);
      });
    },
  },
  allOrders: {
    signed: true,
    handle: (params, ctx) => {
      const fromId = params.integer('orderId') ?? 0;
      const start = params.integer('startTime') ?? 0;
      const end = params.integer('endTime') ?? Number.MAX_SAFE_INTEGER;
      const limit = limitOf(params, 500, 1000);
      const all = ctx.exchange.allOrders(symbolOf(params, ctx));
      // Binance: with orderId, orders >= it; otherwise the most recent ones (within the time range).
      const rows: OrderRecord[] = [];
      for (let i = firstIndex(all, (o) => o.orderId >= fromId); i < all.length && rows.length < limit; i++) {
        if (all[i].time >= start && all[i].time <= end) rows.push(all[i]);
      }
      const recent = params.integer('orderId') === undefined && params.integer('startTime') === undefined && params.integer('endTime') === undefined;
      return (recent ? all.slice(-limit) : rows).map(queryOrderJson);
    },
  },
  myTrades: {
    signed: true,
    handle: (params, ctx) => {
      const symbol = symbolOf(params, ctx);
      const fromId = params.integer('fromId');
      const orderId = params.integer('orderId');
      const start = params.integer('startTime');
      const end = params.integer('endTime');
      const limit = limitOf(params, 500, 1000);
      let all = ctx.exchange.trades(symbol);
      if (orderId !== undefined) all = ctx.exchange.find(symbol, { orderId })?.trades ?? [];
      // Binance: "If fromId is set, it will get trades >= that fromId. Otherwise most recent trades are returned."
      if (fromId === undefined && start === undefined && end === undefined) return all.slice(-limit).map(myTradeJson);
      const rows: TradeRecord[] = [];
      for (let i = firstIndex(all, (t) => t.id >= (fromId ?? 0)); i < all.length && rows.length < limit; i++) {
        const t = all[i];
        if (t.time >= (start ?? 0) && t.time <= (end ?? Number.MAX_SAFE_INTEGER)) rows.push(t);
      }
      return rows.map(myTradeJson);
    },
  },
  'account.status': {
    signed: true,
    handle: (params, ctx) => {
      const r = ctx.exchange.rates;
      const omitZero = params.optional('omitZeroBalances') === 'true';
      const balances = ctx.exchange.book.all().filter((b) => !omitZero || !b.free.plus(b.locked).isZero());
      return {
        makerCommission: Number(r.maker.times(10000).toFixed(0)),
        takerCommission: Number(r.taker.times(10000).toFixed(0)),
        buyerCommission: 0,
        sellerCommission: 0,
        commissionRates: { maker: r.maker.toFixed(8), taker: r.taker.toFixed(8), buyer: '0.00000000', seller: '0.00000000' },
        canTrade: true,
        canWithdraw: true,
        canDeposit: true,
        brokered: false,
        requireSelfTradePrevention: false,
        preventSor: false,
        updateTime: ctx.exchange.book.updateTime,
        accountType: 'SPOT',
        balances: balances.map((b) => ({ asset: b.asset, free: b.free.toFixed(8), locked: b.locked.toFixed(8) })),
        permissions: ['SPOT'],
        uid: 354937868,
      };
    },
  },
  'account.commission': {
    signed: true,
    handle: (params, ctx) => {
      const symbol = symbolOf(params, ctx);
      const r = ctx.exchange.rates;
      const zero = '0.00000000';
      return {
        symbol,
        standardCommission: { maker: r.maker.toFixed(8), taker: r.taker.toFixed(8), buyer: zero, seller: zero },
        specialCommission: { maker: zero, taker: zero, buyer: zero, seller: zero },
        taxCommission: { maker: zero, taker: zero, buyer: zero, seller: zero },
        discount: { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: zero },
      };
    },
  },
  'orderList.place.oco': { signed: true, isOrder: true, handle: (params, ctx) => ctx.oco.place(params, ctx.serverTime()) },
  'account.rateLimits.orders': {
    signed: true,
    // rateLimit-order.json: the unfilled-order counters, without counting this request as an order.
    handle: (_params, ctx) => {
      const usage = ctx.limiter.usage();
      const limits = ctx.limiter.limits;
      return [
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: limits.ordersPer10s, count: usage.orders10s },
        { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: limits.ordersPerDay, count: usage.orders1d },
      ];
    },
  },
  ...historyEndpoints(symbolOf, symbolsOf),
};

/** REST `METHOD path` → operation name. */
export const REST_ROUTES: Readonly<Record<string, string>> = {
  'GET /api/v3/ping': 'ping',
  'GET /api/v3/time': 'time',
  'GET /api/v3/exchangeInfo': 'exchangeInfo',
  'GET /api/v3/depth': 'depth',
  'GET /api/v3/ticker/price': 'ticker.price',
  'GET /api/v3/ticker/bookTicker': 'ticker.book',
  'GET /api/v3/ticker/24hr': 'ticker.24hr',
  'GET /api/v3/avgPrice': 'avgPrice',
  'POST /api/v3/order': 'order.place',
  'POST /api/v3/order/test': 'order.test',
  'DELETE /api/v3/order': 'order.cancel',
  'GET /api/v3/order': 'order.status',
  'GET /api/v3/openOrders': 'openOrders.status',
  'DELETE /api/v3/openOrders': 'openOrders.cancelAll',
  'GET /api/v3/allOrders': 'allOrders',
  'GET /api/v3/myTrades': 'myTrades',
  'GET /api/v3/account': 'account.status',
  'GET /api/v3/account/commission': 'account.commission',
  'POST /api/v3/orderList/oco': 'orderList.place.oco',
  'GET /api/v3/rateLimit/order': 'account.rateLimits.orders',
  'GET /api/v3/trades': 'trades.recent',
  'GET /api/v3/aggTrades': 'trades.aggregate',
  'GET /api/v3/klines': 'klines',
  'GET /api/v3/ticker': 'ticker',
};
