import { Decimal } from '@silvertine/core';
import { fmt } from '../rules/symbol-spec';
import type { MarketState, TapeTrade } from './market-state';

type Json = Record<string, unknown>;

/** GET /api/v3/depth body (depth.json). */
export function depthJson(market: MarketState, symbol: string, limit: number): Json {
  const { bids, asks } = market.depth(symbol, limit);
  return {
    lastUpdateId: market.updateId(symbol),
    bids: bids.map(([p, q]) => [fmt(p), fmt(q)]),
    asks: asks.map(([p, q]) => [fmt(p), fmt(q)]),
  };
}

/** GET /api/v3/ticker/price entry (ticker-price.json). */
export function priceTickerJson(market: MarketState, symbol: string): Json {
  return { symbol, price: fmt(market.last(symbol) ?? Decimal.ZERO) };
}

/** GET /api/v3/ticker/bookTicker entry (ticker-bookTicker.json). */
export function bookTickerJson(market: MarketState, symbol: string, now: number): Json {
  const q = market.quote(symbol, now);
  const z = fmt(Decimal.ZERO);
  return {
    symbol,
    bidPrice: q ? fmt(q.bid) : z,
    bidQty: q ? fmt(q.bidSize) : z,
    askPrice: q ? fmt(q.ask) : z,
    askQty: q ? fmt(q.askSize) : z,
  };
}

/** GET /api/v3/avgPrice body (avgPrice.json); the emulator's average is its last price. */
export function avgPriceJson(market: MarketState, symbol: string, now: number): Json {
  return { mins: 5, price: fmt(market.last(symbol) ?? Decimal.ZERO), closeTime: now };
}

/** GET /api/v3/ticker/24hr entry (FULL type), computed from the emulator's tape. */
export function ticker24hJson(market: MarketState, symbol: string, now: number): Json {
  const trades: readonly TapeTrade[] = market.trades24h(symbol, now);
  const last = market.last(symbol) ?? Decimal.ZERO;
  const open = trades[0]?.price ?? last;
  const high = trades.reduce((m, t) => Decimal.max(m, t.price), last);
  const low = trades.reduce((m, t) => Decimal.min(m, t.price), last);
  const volume = Decimal.sum(trades.map((t) => t.qty));
  const quoteVolume = Decimal.sum(trades.map((t) => t.qty.times(t.price)));
  const change = last.minus(open);
  const q = market.quote(symbol, now);
  return {
    symbol,
    priceChange: fmt(change),
    priceChangePercent: open.isZero() ? '0.000' : change.div(open).times(100).toFixed(3),
    weightedAvgPrice: fmt(volume.isZero() ? last : quoteVolume.div(volume)),
    prevClosePrice: fmt(open),
    lastPrice: fmt(last),
    lastQty: fmt(trades[trades.length - 1]?.qty ?? Decimal.ZERO),
    bidPrice: fmt(q?.bid ?? Decimal.ZERO),
    bidQty: fmt(q?.bidSize ?? Decimal.ZERO),
    askPrice: fmt(q?.ask ?? Decimal.ZERO),
    askQty: fmt(q?.askSize ?? Decimal.ZERO),
    openPrice: fmt(open),
    highPrice: fmt(high),
    lowPrice: fmt(low),
    volume: fmt(volume),
    quoteVolume: fmt(quoteVolume),
    openTime: now - 86_400_000,
    closeTime: now,
    firstId: trades[0]?.id ?? -1,
    lastId: trades[trades.length - 1]?.id ?? -1,
    count: trades.length,
  };
}
