import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dec, isBrokerError, type BrokerBalance, type Decimal, type Fill, type Instrument, type OrderRequest } from '@silvertine/core';
import {
  decodeAccount, decodeBalanceUpdate, decodeBookTicker, decodeCombinedFrame, decodeExchangeInfo, decodeExecutionReport, decodeListStatus, decodeMyTrades,
  decodeOrder, decodeOutboundAccountPosition, decodePartialDepth, decodeServerTime, decodeStreamTrade, decodeTickerPrices, decodeWsApiFrame,
  fromAccountPosition, fromBalanceUpdate, fromBookTicker, fromExecutionReport, fromMyTrades, fromNewOrderResponse, fromPartialDepth, fromQueryOrder,
  fromStreamTrade, mapBinanceError, mapExchangeInfo, toBalances,
} from '@silvertine/binance/testing';
import type { Pipeline } from './fuzz-attack';

/** The adapter's recorded payloads (the same files as /work/shared/fixtures/binance, with SOURCES.md). */
const FIXTURES = resolve(__dirname, '../../../../../packages/binance/test/fixtures');
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
const event = (name: string) => fixture(name).event as Record<string, unknown>;
/**
 * A user-data frame decoded as the stream decodes it; its event when it is of `type` (the adapter hands
 * each event only to the handler of its type), else undefined (nothing to map).
 */
function userEvent(p: unknown, type: string): Record<string, unknown> | undefined {
  const e = decodeWsApiFrame(p).event as unknown as Record<string, unknown> | undefined;
  return e?.e === type ? e : undefined;
}
const mapped = <T, R>(value: T | undefined, map: (v: T) => R): R | undefined => (value === undefined ? undefined : map(value));

const REFUSALS = ['PayloadRejection'];
const INSTRUMENT: Instrument = { symbol: 'BTCUSDT', venueSymbol: 'BTCUSDT', assetClass: 'CRYPTO', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: dec('0.01'), stepSize: dec('0.00001'), multiplier: dec(1), exchange: 'BINANCE' };
const REQUEST: OrderRequest = { clientOrderId: 'fuzz1', instrument: INSTRUMENT, side: 'SELL', type: 'MARKET', quantity: dec(10), timeInForce: 'GTC' };

const positive = (d: Decimal) => d.isPositive();
const notNegative = (d: Decimal) => !d.isNegative();

/** A fill must have an id, a positive quantity and price, and a non-negative commission. */
function badFill(f: Fill | undefined): string | undefined {
  if (!f) return undefined;
  if (!f.tradeId || f.tradeId === 'undefined' || f.tradeId === 'null') return `a fill with trade id "${f.tradeId}"`;
  if (!positive(f.quantity)) return `a fill of quantity ${f.quantity.toString()}`;
  if (!positive(f.price)) return `a fill at price ${f.price.toString()}`;
  if (!f.clientOrderId) return 'a fill without a clientOrderId';
  return undefined;
}

/** Balances must name an asset and hold no negative amount. */
function badBalances(rows: readonly BrokerBalance[]): string | undefined {
  const bad = rows.find((b) => !b.asset || !notNegative(b.free) || !notNegative(b.locked));
  return bad ? `a balance ${bad.asset || '(no asset)'} free ${bad.free.toString()} locked ${bad.locked.toString()}` : undefined;
}

/** Decoder + mapper pipelines of the Binance adapter, from its recorded payloads. */
export const BINANCE_PIPELINES: readonly Pipeline[] = [
  {
    id: 'binance-execution-report', source: 'executionReport.json (the frame as recorded, and as a TRADE)', refusals: REFUSALS,
    seeds: [fixture('executionReport.json'), { subscriptionId: 0, event: { ...event('executionReport.json'), x: 'TRADE', X: 'PARTIALLY_FILLED', l: '0.50000000', z: '0.50000000', L: '0.10264410', n: '0.0001', N: 'BTC', t: 99 } }],
    run: (p) => mapped(userEvent(p, 'executionReport'), (e) => fromExecutionReport(decodeExecutionReport(e), 'USDT')),
    check: (v) => {
      const u = v as ReturnType<typeof fromExecutionReport> | undefined;
      if (!u) return undefined;
      return !u.clientOrderId ? 'an update without a clientOrderId' : badFill(u.fill);
    },
  },
  {
    id: 'binance-account-position', source: 'outboundAccountPosition.json (the frame)', refusals: REFUSALS, seeds: [fixture('outboundAccountPosition.json')],
    run: (p) => mapped(userEvent(p, 'outboundAccountPosition'), (e) => fromAccountPosition(decodeOutboundAccountPosition(e))), check: (v) => badBalances((v ?? []) as BrokerBalance[]),
  },
  {
    id: 'binance-balance-update', source: 'balanceUpdate.json (the frame)', refusals: REFUSALS, seeds: [fixture('balanceUpdate.json')],
    run: (p) => mapped(userEvent(p, 'balanceUpdate'), (e) => fromBalanceUpdate(decodeBalanceUpdate(e))),
    check: (v) => (v === undefined || (v as { asset: string }).asset ? undefined : 'a balance change without an asset'),
  },
  {
    id: 'binance-account', source: 'account.json (GET /api/v3/account)', refusals: REFUSALS, seeds: [fixture('account.json')],
    run: (p) => toBalances(decodeAccount(p)), check: (v) => badBalances(v as BrokerBalance[]),
  },
  {
    id: 'binance-new-order', source: 'order-full-response.json, order-ack-response.json', refusals: REFUSALS, seeds: [fixture('order-full-response.json'), fixture('order-ack-response.json')],
    run: (p) => fromNewOrderResponse(decodeOrder(p), REQUEST),
    check: (v) => {
      const placed = v as ReturnType<typeof fromNewOrderResponse>;
      if (!placed.venueOrderId || !/^\d+$/.test(placed.venueOrderId)) return `an order acknowledged with venue id "${placed.venueOrderId}"`;
      return placed.fills.map(badFill).find(Boolean);
    },
  },
  {
    id: 'binance-query-order', source: 'order-query-response.json', refusals: REFUSALS, seeds: [fixture('order-query-response.json')],
    run: (p) => fromQueryOrder(decodeOrder(p), INSTRUMENT),
    check: (v) => {
      const o = v as ReturnType<typeof fromQueryOrder>;
      return o.filledQuantity.isNegative() || !o.request.quantity.isPositive() ? `an order of ${o.request.quantity.toString()} filled ${o.filledQuantity.toString()}` : undefined;
    },
  },
  {
    id: 'binance-my-trades', source: 'myTrades.json', refusals: REFUSALS, seeds: [fixture('myTrades.json') as unknown],
    run: (p) => fromMyTrades(decodeMyTrades(p), 'fuzz1', 'BNBBTC'), check: (v) => (v as Fill[]).map(badFill).find(Boolean),
  },
  {
    id: 'binance-exchange-info', source: 'exchangeInfo.wsapi.json (result)', refusals: REFUSALS, seeds: [fixture('exchangeInfo.wsapi.json').result],
    run: (p) => mapExchangeInfo(decodeExchangeInfo(p)),
    check: (v) => {
      const bad = [...(v as ReturnType<typeof mapExchangeInfo>).instruments.values()].find((i) => !positive(i.tickSize) || !positive(i.stepSize));
      return bad ? `instrument ${bad.symbol} with tick ${bad.tickSize.toString()} step ${bad.stepSize.toString()}` : undefined;
    },
  },
  { id: 'binance-server-time', source: 'time.json', refusals: REFUSALS, seeds: [fixture('time.json')], run: (p) => decodeServerTime(p) },
  {
    id: 'binance-ticker-prices', source: 'ticker-price.json (as a list)', refusals: REFUSALS, seeds: [[fixture('ticker-price.json')]],
    run: (p) => decodeTickerPrices(p).map((r) => dec(r.price)), check: (v) => ((v as Decimal[]).some((d) => !positive(d)) ? 'a non-positive price' : undefined),
  },
  {
    id: 'binance-partial-depth', source: 'depth-partial-stream.json (in its combined-stream frame)', refusals: REFUSALS,
    seeds: [{ stream: 'btcusdt@depth5@100ms', data: fixture('depth-partial-stream.json') }],
    run: (p) => fromPartialDepth(decodePartialDepth(decodeCombinedFrame(p).data as unknown as Record<string, unknown>), 'BTCUSDT', 0),
    check: (v) => {
      const b = v as ReturnType<typeof fromPartialDepth>;
      return [...b.bids, ...b.asks].some((l) => !positive(l.price) || l.size.isNegative()) ? 'a book level with a non-positive price or negative size' : undefined;
    },
  },
  {
    id: 'binance-market-frame', source: 'a combined-stream bookTicker and trade frame (fields of the recorded ticker and trade)', refusals: REFUSALS,
    seeds: [
      { stream: 'btcusdt@bookTicker', data: { u: 400900217, s: 'BTCUSDT', b: '25.35190000', B: '31.21000000', a: '25.36520000', A: '40.66000000' } },
      { stream: 'btcusdt@trade', data: { e: 'trade', E: 1672515782136, s: 'BTCUSDT', t: 12345, p: '0.001', q: '100', T: 1672515782136, m: true, M: true } },
    ],
    run: (p) => {
      const frame = decodeCombinedFrame(p);
      return frame.stream.endsWith('@trade') ? fromStreamTrade(decodeStreamTrade(frame.data as Record<string, unknown>)) : fromBookTicker(decodeBookTicker(frame.data as Record<string, unknown>), 0);
    },
    check: (v) => {
      const d = v as ReturnType<typeof fromBookTicker> | ReturnType<typeof fromStreamTrade>;
      const prices = d.kind === 'quote' ? [d.bid, d.ask] : [d.price];
      return prices.some((x) => !positive(x)) ? `market data with a non-positive price (${prices.join(', ')})` : undefined;
    },
  },
  {
    id: 'binance-ws-api-frame', source: 'wsapi-error-ip-banned.json, an executionReport envelope', refusals: REFUSALS,
    seeds: [fixture('wsapi-error-ip-banned.json'), fixture('executionReport.json')], run: (p) => decodeWsApiFrame(p),
  },
  { id: 'binance-list-status', source: 'listStatus.json (the frame)', refusals: REFUSALS, seeds: [fixture('listStatus.json')], run: (p) => mapped(userEvent(p, 'listStatus'), decodeListStatus) },
  {
    id: 'binance-error-body', source: 'errors.json (a {code,msg} body, typed as the REST client types it)', refusals: [], seeds: [{ code: -1121, msg: 'Invalid symbol.' }],
    run: (p) => {
      const b = (p ?? {}) as { code?: unknown; msg?: unknown };
      return mapBinanceError({ status: 400, code: typeof b.code === 'number' ? b.code : undefined, msg: typeof b.msg === 'string' ? b.msg : undefined });
    },
    check: (v) => (isBrokerError(v) ? undefined : 'an error mapped to something other than a BrokerError'),
  },
];
