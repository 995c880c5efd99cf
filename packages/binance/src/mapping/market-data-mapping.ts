import { dec, type Bar, type BookLevel, type OrderBookSnapshot, type Quote, type Trade } from '@silvertine/core';
import type { RawRestBookTicker } from '../decoding/rest-market.decoder';
import type { RawAggTrade, RawBookTicker, RawKline, RawPartialDepth, RawStreamTrade } from './binance-types';

/**
 * `<symbol>@bookTicker` → Quote. Spot book tickers carry no event time, so the receive time (injected
 * clock) is used.
 */
export function fromBookTicker(raw: RawBookTicker, receivedAt: number): Quote {
  return { kind: 'quote', symbol: raw.s, bid: dec(raw.b), bidSize: dec(raw.B), ask: dec(raw.a), askSize: dec(raw.A), timestamp: receivedAt };
}

/**
 * A REST book ticker (GET /api/v3/ticker/bookTicker) → Quote, stamped with the receive time; undefined
 * while a side is empty (Binance reports an empty side as price and quantity 0).
 */
export function fromRestBookTicker(raw: RawRestBookTicker, receivedAt: number): Quote | undefined {
  const quote: Quote = { kind: 'quote', symbol: raw.symbol, bid: dec(raw.bidPrice), bidSize: dec(raw.bidQty), ask: dec(raw.askPrice), askSize: dec(raw.askQty), timestamp: receivedAt };
  return quote.bid.isPositive() && quote.ask.isPositive() ? quote : undefined;
}

/** `<symbol>@trade` → Trade. `m` (buyer is the maker) means the seller was the aggressor. */
export function fromStreamTrade(raw: RawStreamTrade): Trade {
  return { kind: 'trade', symbol: raw.s, price: dec(raw.p), size: dec(raw.q), timestamp: raw.T, aggressor: raw.m ? 'SELL' : 'BUY' };
}

/** `<symbol>@aggTrade` → Trade (one print per taker order and price). */
export function fromAggTrade(raw: RawAggTrade): Trade {
  return { kind: 'trade', symbol: raw.s, price: dec(raw.p), size: dec(raw.q), timestamp: raw.T, aggressor: raw.m ? 'SELL' : 'BUY' };
}

/** A closed `<symbol>@kline_<interval>` candle → Bar (open time as its timestamp, close − open + 1 ms as its length). */
export function fromKline(raw: RawKline): Bar {
  const k = raw.k;
  return { kind: 'bar', symbol: raw.s, open: dec(k.o), high: dec(k.h), low: dec(k.l), close: dec(k.c), volume: dec(k.v), timestamp: k.t, durationMs: k.T - k.t + 1 };
}

/**
 * `<symbol>@depth<levels>@100ms` → OrderBookSnapshot. The payload carries neither symbol nor time: the
 * caller names the symbol (from the stream name) and the receive time (injected clock). Levels keep
 * Binance's order, best first; `lastUpdateId` becomes `updateId`.
 */
export function fromPartialDepth(raw: RawPartialDepth, symbol: string, receivedAt: number): OrderBookSnapshot {
  return { kind: 'book', symbol, bids: raw.bids.map(toLevel), asks: raw.asks.map(toLevel), timestamp: receivedAt, updateId: raw.lastUpdateId };
}

function toLevel([price, size]: readonly [string, string]): BookLevel {
  return { price: dec(price), size: dec(size) };
}
