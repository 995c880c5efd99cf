import { topOfBook } from '@silvertine/core';
import { fixture } from '../../test/fixtures';
import type { RawPartialDepth } from './binance-types';
import { fromBookTicker, fromPartialDepth, fromStreamTrade } from './market-data-mapping';

// Field sets of Binance's web-socket-streams.md ("Trade Streams", "Individual Symbol Book Ticker
// Streams"), written inline: the shared recordings have no stream payloads (see test/fixtures/SOURCES.md).
const bookTicker = { u: 400900217, s: 'BNBUSDT', b: '25.35190000', B: '31.21000000', a: '25.36520000', A: '40.66000000' };
const trade = { e: 'trade' as const, E: 1672515782136, s: 'BNBBTC', t: 12345, p: '0.001', q: '100', T: 1672515782136, m: true, M: true };

describe('market streams → MarketData', () => {
  it('maps a book ticker to a Quote with exact decimals and the receive time', () => {
    const q = fromBookTicker(bookTicker, 42);
    expect(q).toMatchObject({ kind: 'quote', symbol: 'BNBUSDT', timestamp: 42 });
    expect([q.bid, q.bidSize, q.ask, q.askSize].map(String)).toEqual(['25.3519', '31.21', '25.3652', '40.66']);
  });

  it('maps a trade, the aggressor from the maker flag', () => {
    const t = fromStreamTrade(trade);
    expect(t).toMatchObject({ kind: 'trade', symbol: 'BNBBTC', timestamp: 1672515782136, aggressor: 'SELL' });
    expect(t.price.toString()).toBe('0.001');
    expect(t.size.toString()).toBe('100');
    expect(fromStreamTrade({ ...trade, m: false }).aggressor).toBe('BUY');
  });

  it('maps a partial book (documentation payload) to an OrderBookSnapshot named by the caller', () => {
    const book = fromPartialDepth(fixture<RawPartialDepth>('depth-partial-stream'), 'BNBBTC', 7);
    expect(book).toMatchObject({ kind: 'book', symbol: 'BNBBTC', timestamp: 7, updateId: 160 });
    expect(book.bids.map((l) => `${l.size}@${l.price}`)).toEqual(['10@0.0024']);
    expect(book.asks.map((l) => `${l.size}@${l.price}`)).toEqual(['100@0.0026']);
  });

  it('keeps every level best first, with exact decimals, so the top is the best bid and ask', () => {
    const raw: RawPartialDepth = {
      lastUpdateId: 9,
      bids: [['50000.01000000', '0.50000000'], ['50000.00000000', '1.25000000']],
      asks: [['50000.02000000', '0.00010000'], ['50000.10000000', '3.00000000']],
    };
    const book = fromPartialDepth(raw, 'BTCUSDT', 1);
    expect(book.bids.map((l) => l.price.toString())).toEqual(['50000.01', '50000']);
    expect(book.asks.map((l) => l.size.toString())).toEqual(['0.0001', '3']);
    const top = topOfBook(book)!;
    expect([top.bid.toString(), top.ask.toString(), top.askSize.toString()]).toEqual(['50000.01', '50000.02', '0.0001']);
    expect(topOfBook(fromPartialDepth({ lastUpdateId: 10, bids: raw.bids, asks: [] }, 'BTCUSDT', 2))).toBeUndefined();
  });
});
