import type { RawExchangeInfo } from '../mapping/binance-types';
import { decimalText, integer, list, optionalFlag, optionalInteger, record, text, textAt, type Json } from './fields';
import { MAX } from './limits';

/** Filter fields the instrument mapper reads as decimals (see instrument-mapping.ts). */
const FILTER_DECIMALS = ['tickSize', 'minPrice', 'maxPrice', 'stepSize', 'minQty', 'maxQty', 'minNotional', 'maxNotional'] as const;
/** The TRAILING_DELTA filter's bounds, integers in basis points (filters.md). */
const TRAILING_DELTA_BOUNDS = ['minTrailingAboveDelta', 'maxTrailingAboveDelta', 'minTrailingBelowDelta', 'maxTrailingBelowDelta'] as const;

/** GET /api/v3/time. */
export function decodeServerTime(value: unknown): { serverTime: number } {
  const o = record(value, 'time');
  integer(o, 'serverTime');
  return o as unknown as { serverTime: number };
}

/** GET /api/v3/ticker/price?symbols=: one last price per symbol. */
export function decodeTickerPrices(value: unknown): Array<{ symbol: string; price: string }> {
  const rows = list(value, 'prices', MAX.rows);
  for (const row of rows) checkTickerPrice(record(row, 'prices[]'), 'prices[]');
  return rows as Array<{ symbol: string; price: string }>;
}

/** GET /api/v3/ticker/price?symbol=: the one symbol's last price (an object, not a list). */
export function decodeRestTickerPrice(value: unknown): { symbol: string; price: string } {
  const o = record(value, 'price');
  checkTickerPrice(o);
  return o as unknown as { symbol: string; price: string };
}

function checkTickerPrice(o: Json, at?: string): void {
  text(o, 'symbol', MAX.symbol, at);
  decimalText(o, 'price', at);
}

/** One row of GET /api/v3/ticker/bookTicker: best bid and ask with sizes (no time: the receive time is used). */
export interface RawRestBookTicker {
  readonly symbol: string;
  readonly bidPrice: string;
  readonly bidQty: string;
  readonly askPrice: string;
  readonly askQty: string;
}

/** GET /api/v3/ticker/bookTicker?symbols=: one best bid and ask per symbol. */
export function decodeBookTickers(value: unknown): RawRestBookTicker[] {
  const rows = list(value, 'bookTickers', MAX.rows);
  for (const row of rows) checkBookTicker(record(row, 'bookTickers[]'), 'bookTickers[]');
  return rows as unknown as RawRestBookTicker[];
}

/** GET /api/v3/ticker/bookTicker?symbol=: the one symbol's best bid and ask (an object, not a list). */
export function decodeRestBookTicker(value: unknown): RawRestBookTicker {
  const o = record(value, 'bookTicker');
  checkBookTicker(o);
  return o as unknown as RawRestBookTicker;
}

function checkBookTicker(o: Json, at?: string): void {
  text(o, 'symbol', MAX.symbol, at);
  for (const key of ['bidPrice', 'bidQty', 'askPrice', 'askQty']) decimalText(o, key, at);
}

/**
 * GET /api/v3/exchangeInfo: rate limits, and per symbol its assets, status, order types and the filter
 * fields the instrument mapper reads (decimal strings where it parses decimals).
 */
export function decodeExchangeInfo(value: unknown): RawExchangeInfo {
  const o = record(value, 'exchangeInfo');
  if (o.rateLimits !== undefined) {
    for (const entry of list(o.rateLimits, 'rateLimits', MAX.rows)) {
      const r = record(entry, 'rateLimits[]');
      text(r, 'rateLimitType', MAX.word, 'rateLimits[]');
      text(r, 'interval', MAX.word, 'rateLimits[]');
      integer(r, 'intervalNum', 'rateLimits[]');
      integer(r, 'limit', 'rateLimits[]');
    }
  }
  for (const entry of list(o.symbols, 'symbols', MAX.rows)) {
    const s = record(entry, 'symbols[]');
    text(s, 'symbol', MAX.symbol, 'symbols[]');
    text(s, 'status', MAX.word, 'symbols[]');
    text(s, 'baseAsset', MAX.symbol, 'symbols[]');
    text(s, 'quoteAsset', MAX.symbol, 'symbols[]');
    if (s.orderTypes !== undefined) for (const t of list(s.orderTypes, 'symbols[].orderTypes', 64)) textAt(t, 'symbols[].orderTypes[]', MAX.word);
    if (s.filters !== undefined) for (const f of list(s.filters, 'symbols[].filters', 64)) checkFilter(record(f, 'symbols[].filters[]'));
  }
  return o as unknown as RawExchangeInfo;
}

function checkFilter(f: Json): void {
  text(f, 'filterType', MAX.word, 'filters[]');
  for (const key of FILTER_DECIMALS) if (f[key] !== undefined) decimalText(f, key, 'filters[]');
  optionalFlag(f, 'applyMinToMarket', 'filters[]');
  optionalFlag(f, 'applyToMarket', 'filters[]');
  optionalInteger(f, 'maxNumOrders', 'filters[]');
  for (const key of TRAILING_DELTA_BOUNDS) optionalInteger(f, key, 'filters[]');
}
