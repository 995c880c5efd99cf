import { dec, type Quote, type Trade } from '@silvertine/core';
import type { RawBookTicker, RawStreamTrade } from './binance-types';

/**
 * `<symbol>@bookTicker` → Quote. Spot book tickers carry no event time, so the receive time (injected
 * clock) is used.
 */
export function fromBookTicker(raw: RawBookTicker, receivedAt: number): Quote {
  return { kind: 'quote', symbol: raw.s, bid: dec(raw.b), bidSize: dec(raw.B), ask: dec(raw.a), askSize: dec(raw.A), timestamp: receivedAt };
}

/** `<symbol>@trade` → Trade. `m` (buyer is the maker) means the seller was the aggressor. */
export function fromStreamTrade(raw: RawStreamTrade): Trade {
  return { kind: 'trade', symbol: raw.s, price: dec(raw.p), size: dec(raw.q), timestamp: raw.T, aggressor: raw.m ? 'SELL' : 'BUY' };
}
