import { dec, type Decimal, type Ticker } from '@silvertine/core';
import type { RawRestBookTicker } from '../decoding/rest-market.decoder';
import { PayloadRejection, shown } from '../decoding/payload-rejection';

/** Where a Binance ticker comes from, for the operator. */
export const BINANCE_TICKER_SOURCE = 'binance REST ticker/bookTicker + ticker/price';

/**
 * A decoded single-symbol answer, checked to be about the symbol asked (a row about another symbol is
 * refused naming `symbol`, so its figures are never shown as the asked one's).
 */
export function ofAskedSymbol<T extends { readonly symbol: string }>(row: T, asked: string): T {
  if (row.symbol !== asked) throw new PayloadRejection('symbol', `must be the symbol asked, ${asked}`, shown(row.symbol));
  return row;
}

/**
 * GET /api/v3/ticker/bookTicker and /api/v3/ticker/price (both decoded) → core's Ticker. Binance sends
 * "0.00000000" for an empty side of the book and for a symbol that never traded: those are absent, not zero.
 */
export function toTicker(book: RawRestBookTicker, price: { readonly price: string }, at: number): Ticker {
  const bid = positive(book.bidPrice);
  const ask = positive(book.askPrice);
  const last = positive(price.price);
  return {
    symbol: book.symbol,
    ...(bid && { bid, bidSize: dec(book.bidQty) }),
    ...(ask && { ask, askSize: dec(book.askQty) }),
    ...(last && { last }),
    at,
    source: BINANCE_TICKER_SOURCE,
  };
}

function positive(text: string): Decimal | undefined {
  const value = dec(text);
  return value.isPositive() ? value : undefined;
}
