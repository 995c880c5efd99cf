import { Decimal, type Quote } from '@silvertine/core';
import { midOf } from '../models/decimal-math';
import { MarketStats } from './market-stats';

/**
 * What the engine knows about one symbol's market: the last quote with the visible size our orders
 * have not yet used, the last trade price, and running statistics for the market-impact model.
 */
export class BookState {
  quote?: Quote;
  /** Visible bid size still available to our sells on the current quote. */
  availableBid = Decimal.ZERO;
  /** Visible ask size still available to our buys on the current quote. */
  availableAsk = Decimal.ZERO;
  lastTradePrice?: Decimal;
  /** True once a trade or bar was seen: from then on quote mids no longer feed the statistics. */
  seenPrints = false;
  readonly stats = new MarketStats();
  /** The current quote's mid once someone asked for it (a division: not computed per quote unless needed). */
  private quoteMid?: Decimal;

  /** Takes in a new quote: its sizes become fully available again. */
  applyQuote(quote: Quote): void {
    this.quote = quote;
    this.quoteMid = undefined;
    this.availableBid = quote.bidSize;
    this.availableAsk = quote.askSize;
    // The statistics' float mid, without the Decimal one (computed by mid() only if asked).
    if (!this.seenPrints) this.stats.observeMid(quote.bid, quote.ask, quote.timestamp);
  }

  /** Mid of the current quote (exact, computed at most once per quote); undefined before any quote. */
  mid(): Decimal | undefined {
    const q = this.quote;
    if (q === undefined) return undefined;
    return (this.quoteMid ??= midOf(q.bid, q.ask));
  }
}

/**
 * Liquidity one market-data update offers our orders, used up as they fill. For a quote, buyers meet the
 * ask and sellers the bid, each limited by visible size; for a print (a trade, or a point on a bar's
 * path), both sides meet the print price, each limited by a share of its size.
 */
export interface Liquidity {
  readonly source: 'QUOTE' | 'PRINT';
  /** Price buyers meet (ask or print); undefined when the update says nothing about it. */
  readonly buyPrice?: Decimal;
  buySize: Decimal;
  readonly sellPrice?: Decimal;
  sellSize: Decimal;
  /**
   * For a point on a bar's path after the open: the previous point's price. Prices between the two were
   * traded continuously, so a stop crossed on the way fills at its stop price rather than at this point.
   */
  readonly continuousFrom?: Decimal;
}

/** Liquidity of the book's current quote, with what earlier orders on the same quote already took. */
export function quoteLiquidity(book: BookState): Liquidity | undefined {
  const q = book.quote;
  if (q === undefined) return undefined;
  return { source: 'QUOTE', buyPrice: q.ask, buySize: book.availableAsk, sellPrice: q.bid, sellSize: book.availableBid };
}

/** Writes back what our orders took from the current quote. */
export function commitQuoteLiquidity(book: BookState, liquidity: Liquidity): void {
  if (liquidity.source !== 'QUOTE') return;
  book.availableAsk = liquidity.buySize;
  book.availableBid = liquidity.sellSize;
}

/** Liquidity of a print: `size × share` for each side, at `price`. */
export function printLiquidity(price: Decimal, size: Decimal, share: Decimal, continuousFrom?: Decimal): Liquidity {
  const available = share.eq(Decimal.ONE) ? size : size.times(share, 'DOWN');
  return { source: 'PRINT', buyPrice: price, buySize: available, sellPrice: price, sellSize: available, continuousFrom };
}

/**
 * What an order arriving now meets: the current quote; else, when only trades were seen, the last
 * trade price with no size (enough to trigger a stop, not to fill: we never fill at a price we cannot
 * show was available after the order arrived).
 */
export function arrivalLiquidity(book: BookState | undefined): Liquidity | undefined {
  if (book === undefined) return undefined;
  const fromQuote = quoteLiquidity(book);
  if (fromQuote) return fromQuote;
  const last = book.lastTradePrice;
  if (last === undefined) return undefined;
  return { source: 'PRINT', buyPrice: last, buySize: Decimal.ZERO, sellPrice: last, sellSize: Decimal.ZERO };
}
