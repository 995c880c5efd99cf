import type { Decimal } from '../decimal/decimal';

/** Top of book. */
export interface Quote {
  readonly kind: 'quote';
  readonly symbol: string;
  readonly bid: Decimal;
  readonly bidSize: Decimal;
  readonly ask: Decimal;
  readonly askSize: Decimal;
  readonly timestamp: number;
}

/** A print on the tape. */
export interface Trade {
  readonly kind: 'trade';
  readonly symbol: string;
  readonly price: Decimal;
  readonly size: Decimal;
  readonly timestamp: number;
  readonly aggressor?: 'BUY' | 'SELL';
}

/** OHLCV bar; `timestamp` is the bar's open time, `durationMs` its length. */
export interface Bar {
  readonly kind: 'bar';
  readonly symbol: string;
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly close: Decimal;
  readonly volume: Decimal;
  readonly timestamp: number;
  readonly durationMs: number;
}

/** One price level of an order book. */
export interface BookLevel {
  readonly price: Decimal;
  readonly size: Decimal;
}

/**
 * The visible depth of a book (e.g. Binance's partial book depth stream): levels best first, bids
 * descending and asks ascending. A snapshot, not a diff: it replaces what was known of the book.
 */
export interface OrderBookSnapshot {
  readonly kind: 'book';
  readonly symbol: string;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  readonly timestamp: number;
  /** The venue's update id of this snapshot, when it sends one (orders snapshots and detects gaps). */
  readonly updateId?: number;
}

export type MarketData = Quote | Trade | Bar | OrderBookSnapshot;

/** The top of a book as a Quote, or undefined while a side is empty (no two-sided market to quote). */
export function topOfBook(book: OrderBookSnapshot): Quote | undefined {
  const bid = book.bids[0];
  const ask = book.asks[0];
  if (bid === undefined || ask === undefined) return undefined;
  return { kind: 'quote', symbol: book.symbol, bid: bid.price, bidSize: bid.size, ask: ask.price, askSize: ask.size, timestamp: book.timestamp };
}

/**
 * What a matcher sees of an update: quotes, trades and bars as they are, a depth snapshot as its top of
 * book (undefined while a side is empty). One place for the rule the paper engine and both emulators follow.
 */
export function asTouch(data: MarketData): Quote | Trade | Bar | undefined {
  return data.kind === 'book' ? topOfBook(data) : data;
}
