import { Decimal } from '@silvertine/core';
import { BinanceApiError } from '../errors/binance-error';
import { fmt } from '../rules/symbol-spec';
import { klineRow } from '../time/time-unit';
import type { TapeTrade } from './market-state';

type Json = Record<string, unknown>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 1970-01-01 was a Thursday; Binance's weekly klines open on Monday 00:00 UTC, four days later. */
const FIRST_MONDAY = 4 * DAY;

/** Fixed kline intervals of enums.md "Kline/Candlestick chart intervals" (1M is calendar months). */
const INTERVAL_MS: Readonly<Record<string, number>> = {
  '1s': 1000, '1m': MINUTE, '3m': 3 * MINUTE, '5m': 5 * MINUTE, '15m': 15 * MINUTE, '30m': 30 * MINUTE,
  '1h': HOUR, '2h': 2 * HOUR, '4h': 4 * HOUR, '6h': 6 * HOUR, '8h': 8 * HOUR, '12h': 12 * HOUR,
  '1d': DAY, '3d': 3 * DAY, '1w': 7 * DAY,
};

/** A kline interval: the open time of the kline holding `t`, and the open time of the next one. */
export interface KlineInterval {
  open(t: number): number;
  next(open: number): number;
}

/** Reads `interval`; -1120 "Invalid interval." (errors.md) for anything enums.md does not list. */
export function klineInterval(name: string): KlineInterval {
  if (name === '1M') {
    return {
      open: (t) => Date.UTC(new Date(t).getUTCFullYear(), new Date(t).getUTCMonth(), 1),
      next: (open) => Date.UTC(new Date(open).getUTCFullYear(), new Date(open).getUTCMonth() + 1, 1),
    };
  }
  const ms = INTERVAL_MS[name];
  if (ms === undefined) throw new BinanceApiError(400, -1120, 'Invalid interval.');
  const origin = name === '1w' ? FIRST_MONDAY : 0;
  return { open: (t) => Math.floor((t - origin) / ms) * ms + origin, next: (open) => open + ms };
}

/** One GET /api/v3/trades entry (rest-api.md "Recent trades list"). */
export function tradeJson(t: TapeTrade): Json {
  return { id: t.id, price: fmt(t.price), qty: fmt(t.qty), quoteQty: fmt(t.price.times(t.qty)), time: t.time, isBuyerMaker: t.buyerIsMaker, isBestMatch: true };
}

/**
 * One GET /api/v3/aggTrades entry. Binance aggregates fills of one taker order at one price; the
 * emulator's tape already prints one trade per taker order and price level, so each print is its own
 * aggregate and the aggregate id is the trade id.
 */
export function aggTradeJson(t: TapeTrade): Json {
  return { a: t.id, p: fmt(t.price), q: fmt(t.qty), f: t.id, l: t.id, T: t.time, m: t.buyerIsMaker, M: true };
}

/**
 * Klines from the tape, oldest first, as rest-api.md's 12-element rows. Every interval from the first
 * print (or `start`) to `end` is present; an interval without prints repeats the previous close with zero
 * volume, as Binance shows a quiet interval.
 */
export function klinesJson(trades: readonly TapeTrade[], interval: KlineInterval, start: number, end: number): unknown[][] {
  const rows: unknown[][] = [];
  const inRange = trades.filter((t) => t.time >= start && t.time <= end);
  if (inRange.length === 0) return rows;
  let i = 0;
  let close: Decimal = inRange[0].price;
  for (let open = interval.open(Math.max(start, inRange[0].time)); open <= end; open = interval.next(open)) {
    const next = interval.next(open);
    const bucket: TapeTrade[] = [];
    while (i < inRange.length && inRange[i].time < next) bucket.push(inRange[i++]);
    const first = bucket[0]?.price ?? close;
    let high = first;
    let low = first;
    let volume = Decimal.ZERO;
    let quote = Decimal.ZERO;
    let takerBase = Decimal.ZERO;
    let takerQuote = Decimal.ZERO;
    for (const t of bucket) {
      high = Decimal.max(high, t.price);
      low = Decimal.min(low, t.price);
      volume = volume.plus(t.qty);
      quote = quote.plus(t.qty.times(t.price));
      // The taker bought when the buyer was not the maker.
      if (!t.buyerIsMaker) {
        takerBase = takerBase.plus(t.qty);
        takerQuote = takerQuote.plus(t.qty.times(t.price));
      }
    }
    close = bucket[bucket.length - 1]?.price ?? close;
    rows.push(klineRow([open, fmt(first), fmt(high), fmt(low), fmt(close), fmt(volume), next - 1, fmt(quote), bucket.length, fmt(takerBase), fmt(takerQuote), '0']));
  }
  return rows;
}

/** Rolling-window sizes rest-api.md allows for GET /api/v3/ticker: 1m…59m, 1h…23h, 1d…7d. */
export function windowSizeMs(value: string | undefined): number {
  if (value === undefined) return DAY;
  const m = /^([1-9][0-9]?)([mhd])$/.exec(value);
  const n = m ? Number(m[1]) : 0;
  const unit = m?.[2];
  if (unit === 'm' && n <= 59) return n * MINUTE;
  if (unit === 'h' && n <= 23) return n * HOUR;
  if (unit === 'd' && n <= 7) return n * DAY;
  throw new BinanceApiError(400, -1130, "Data sent for parameter 'windowSize' is not valid.");
}

/** One GET /api/v3/ticker (rolling window) entry of type FULL or MINI, from the prints of the window. */
export function rollingTickerJson(symbol: string, trades: readonly TapeTrade[], last: Decimal, now: number, windowMs: number, type: 'FULL' | 'MINI'): Json {
  const inWindow = trades.filter((t) => t.time > now - windowMs && t.time <= now);
  const open = inWindow[0]?.price ?? last;
  const high = inWindow.reduce((x, t) => Decimal.max(x, t.price), inWindow[0]?.price ?? last);
  const low = inWindow.reduce((x, t) => Decimal.min(x, t.price), inWindow[0]?.price ?? last);
  const volume = Decimal.sum(inWindow.map((t) => t.qty));
  const quoteVolume = Decimal.sum(inWindow.map((t) => t.qty.times(t.price)));
  const change = last.minus(open);
  const window = {
    openPrice: fmt(open),
    highPrice: fmt(high),
    lowPrice: fmt(low),
    lastPrice: fmt(last),
    volume: fmt(volume),
    quoteVolume: fmt(quoteVolume),
    openTime: now - windowMs,
    closeTime: now,
    firstId: inWindow[0]?.id ?? -1,
    lastId: inWindow[inWindow.length - 1]?.id ?? -1,
    count: inWindow.length,
  };
  if (type === 'MINI') return { symbol, ...window };
  return {
    symbol,
    priceChange: fmt(change),
    priceChangePercent: open.isZero() ? '0.000' : change.div(open).times(100).toFixed(3),
    weightedAvgPrice: fmt(volume.isZero() ? last : quoteVolume.div(volume)),
    ...window,
  };
}
