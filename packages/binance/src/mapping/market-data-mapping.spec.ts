import { fromBookTicker, fromStreamTrade } from './market-data-mapping';

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
});
