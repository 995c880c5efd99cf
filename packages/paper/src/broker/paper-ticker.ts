import { InvalidOrderError, TemporaryConnectionError, type Decimal, type Quote, type Ticker } from '@silvertine/core';

/** Where a paper ticker comes from, for the operator. */
export const PAPER_TICKER_SOURCE = 'paper: the last quote and trade its market data delivered';

/** What the ticker reads of the simulated venue (the MatchingEngine's read-only accessors). */
export interface PaperMarketView {
  lastQuote(symbol: string): Quote | undefined;
  lastTradePrice(symbol: string): Decimal | undefined;
}

/** Who asks, and when (the broker's clock: virtual in a replay). */
export interface PaperTickerContext {
  readonly brokerId: string;
  readonly knows: (symbol: string) => boolean;
  readonly now: number;
}

/**
 * A paper broker's ticker: the last quote (bid, ask, sizes) and the last trade price (a trade, or the
 * last point of a bar) its matching engine has seen for the symbol. Paper has no venue to ask, so the
 * figures are as old as the market data that carried them; they already passed the feed's decoder.
 *
 * A symbol the broker does not trade is an InvalidOrderError on `symbol`. Before any market data for the
 * symbol, a TemporaryConnectionError (retryable: data may still arrive) saying paper has seen none; a
 * ticker is never made up from nothing.
 */
export function paperTicker(market: PaperMarketView, symbol: string, { brokerId, knows, now }: PaperTickerContext): Ticker {
  if (!knows(symbol)) throw new InvalidOrderError('symbol', 'unknownInstrument', `broker ${brokerId} has no instrument ${symbol}`, { brokerId });
  const quote = market.lastQuote(symbol);
  const last = market.lastTradePrice(symbol);
  if (quote === undefined && last === undefined) {
    throw new TemporaryConnectionError(`paper has seen no market data for ${symbol} (no quote, trade or bar from its market_data feed yet)`, { brokerId });
  }
  return {
    symbol,
    ...(quote && { bid: quote.bid, bidSize: quote.bidSize, ask: quote.ask, askSize: quote.askSize }),
    ...(last && { last }),
    at: now,
    source: PAPER_TICKER_SOURCE,
  };
}
