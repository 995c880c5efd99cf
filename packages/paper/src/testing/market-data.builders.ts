import { Decimal, dec, type Bar, type DecimalLike, type Instrument, type OrderRequest, type Quote, type Trade } from '@silvertine/core';

/** A BTCUSDT-like spot instrument: tick 0.01, step 0.00001, min notional 5. */
export function spotInstrument(symbol = 'BTCUSDT', overrides: Partial<Instrument> = {}): Instrument {
  return {
    symbol,
    assetClass: 'CRYPTO',
    baseAsset: symbol.replace(/USDT$/, ''),
    quoteAsset: 'USDT',
    tickSize: dec('0.01'),
    stepSize: dec('0.00001'),
    multiplier: Decimal.ONE,
    ...overrides,
  };
}

/** A US stock: tick 0.01, whole shares, in USD. */
export function stockInstrument(symbol = 'AAPL', overrides: Partial<Instrument> = {}): Instrument {
  return {
    symbol,
    assetClass: 'STK',
    quoteAsset: 'USD',
    tickSize: dec('0.01'),
    stepSize: Decimal.ONE,
    multiplier: Decimal.ONE,
    ...overrides,
  };
}

/** A quote; sizes default to 1000. */
export function quoteOf(symbol: string, bid: DecimalLike, ask: DecimalLike, timestamp: number, bidSize: DecimalLike = 1000, askSize: DecimalLike = 1000): Quote {
  return { kind: 'quote', symbol, bid: dec(bid), ask: dec(ask), bidSize: dec(bidSize), askSize: dec(askSize), timestamp };
}

/** A trade print. */
export function tradeOf(symbol: string, price: DecimalLike, size: DecimalLike, timestamp: number): Trade {
  return { kind: 'trade', symbol, price: dec(price), size: dec(size), timestamp };
}

/** An OHLCV bar (timestamp = open time). */
export function barOf(
  symbol: string,
  ohlc: readonly [DecimalLike, DecimalLike, DecimalLike, DecimalLike],
  volume: DecimalLike,
  timestamp: number,
  durationMs = 60_000,
): Bar {
  const [open, high, low, close] = ohlc.map((v) => dec(v));
  return { kind: 'bar', symbol, open, high, low, close, volume: dec(volume), timestamp, durationMs };
}

let counter = 0;

/** An order request with sensible defaults (GTC; a fresh clientOrderId unless given). */
export function orderOf(
  instrument: Instrument,
  fields: Partial<Omit<OrderRequest, 'quantity' | 'limitPrice' | 'stopPrice'>> & {
    quantity: DecimalLike;
    limitPrice?: DecimalLike;
    stopPrice?: DecimalLike;
  },
): OrderRequest {
  const { quantity, limitPrice, stopPrice, ...rest } = fields;
  return {
    clientOrderId: `t${++counter}`,
    instrument,
    side: 'BUY',
    type: 'MARKET',
    timeInForce: 'GTC',
    ...rest,
    quantity: dec(quantity),
    limitPrice: limitPrice === undefined ? undefined : dec(limitPrice),
    stopPrice: stopPrice === undefined ? undefined : dec(stopPrice),
  };
}
