import type { MarketDataEvent } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
import { nextPayloadError, startHostileVenue, stateOf, tradesCorrectly, type HostileVenue } from './hostile-venue';
import { SAFETY_NET_MS } from './emulator-harness';

/**
 * A hostile venue pushes malformed market-stream frames on the broker's combined stream connection.
 * Each is refused with a VenuePayloadError of its stream type; nothing is published for it, the broker
 * stays CONNECTED, keeps its reference price, and the next valid frame is published as usual.
 */
describe('hostile market-stream frames (through a hostile proxy in front of the emulator)', () => {
  let v: HostileVenue;
  const published: MarketDataEvent[] = [];

  beforeAll(async () => {
    v = await startHostileVenue();
    v.bus.marketData$.subscribe((e) => published.push(e));
  });
  afterAll(() => v.close());

  const on = (stream: string, data: unknown) => JSON.stringify({ stream, data });
  const book = { u: 1, s: 'BTCUSDT', b: '49999.99', B: '1.5', a: '50000.01', A: '2' };
  const trade = { e: 'trade', E: 1, s: 'BTCUSDT', t: 7, p: '50000.00', q: '0.1', T: 1, m: false, M: true };
  const candle = { e: 'kline', E: 1, s: 'BTCUSDT', k: { t: 0, T: 59_999, s: 'BTCUSDT', i: '1m', o: '1', h: '2', l: '0.5', c: '1.5', v: '10', x: true } };

  const attacks: ReadonlyArray<readonly [name: string, text: string, kind: string, names: RegExp]> = [
    ['a null frame', 'null', 'market-data', /frame must be an object/],
    ['a frame that is not JSON', '{"stream":', 'market-data', /frame must be JSON/],
    ['an array frame', '[1,2]', 'market-data', /frame must be an object/],
    ['a frame with null data', on('btcusdt@bookTicker', null), 'market-data', /data must be an object/],
    ['a book ticker bid of "NaN"', on('btcusdt@bookTicker', { ...book, b: 'NaN' }), 'bookTicker', /\bb must be an unsigned decimal/],
    ['a book ticker ask of "1e999999999"', on('btcusdt@bookTicker', { ...book, a: '1e999999999' }), 'bookTicker', /\ba must be/],
    ['a trade priced with 40 decimals', on('btcusdt@trade', { ...trade, p: `1.${'5'.repeat(40)}` }), 'trade', /\bp must be/],
    ['a trade with a null time', on('btcusdt@trade', { ...trade, T: null }), 'trade', /\bT must be an integer/],
    ['an aggTrade priced "1e400"', on('btcusdt@aggTrade', { e: 'aggTrade', E: 1, s: 'BTCUSDT', a: 1, p: '1e400', q: '1', T: 1, m: true }), 'aggTrade', /\bp must be/],
    ['a depth snapshot with bids: null', on('btcusdt@depth5@100ms', { lastUpdateId: 9, bids: null, asks: [] }), 'depth', /bids must be an array/],
    ['a depth level that is not a pair', on('btcusdt@depth5@100ms', { lastUpdateId: 9, bids: [['50000']], asks: [] }), 'depth', /bids\[\] must be a \[price, quantity\] pair/],
    ['a kline with a negative close', on('btcusdt@kline_1m', { ...candle, k: { ...candle.k, c: '-1' } }), 'kline', /k\.c must be an unsigned decimal/],
    ['a 10 MB frame', on('btcusdt@trade', { ...trade, s: 'B'.repeat(10 * 1024 * 1024) }), 'market-data', /frame must be at most/],
  ];

  it.each(attacks)('refuses %s and keeps streaming', async (_name, text, kind, names) => {
    const before = await stateOf(v);
    const count = published.length;
    const refused = nextPayloadError(v, kind);
    expect(v.proxy.inject('/stream', text)).toBe(1);
    expect((await refused).message).toMatch(names);
    expect(published).toHaveLength(count);
    expect(await stateOf(v)).toBe(before);
    expect(v.states).toEqual(['CONNECTED']);
    // The venue's next real quote still arrives and is published.
    const next = waitFor(v.bus.marketData$, (e) => e.data.kind === 'quote' && e.data.bid.eq('49999.99'), SAFETY_NET_MS, 'the next quote');
    v.proxy.inject('/stream', on('btcusdt@bookTicker', book));
    await next;
  });

  it('publishes valid aggTrade and closed kline frames, and skips a candle that is still open', async () => {
    const trade = waitFor(v.bus.marketData$, (e) => e.data.kind === 'trade' && e.data.price.eq('50123.45'), SAFETY_NET_MS, 'aggTrade');
    v.proxy.inject('/stream', on('btcusdt@aggTrade', { e: 'aggTrade', E: 1, s: 'BTCUSDT', a: 1, p: '50123.45', q: '0.2', T: 5, m: true }));
    expect((await trade).data).toMatchObject({ kind: 'trade', symbol: 'BTCUSDT', aggressor: 'SELL', timestamp: 5 });
    const bars: MarketDataEvent[] = [];
    const sub = v.bus.marketData$.subscribe((e) => e.data.kind === 'bar' && bars.push(e));
    try {
      const closed = waitFor(v.bus.marketData$, (e) => e.data.kind === 'bar', SAFETY_NET_MS, 'closed candle');
      v.proxy.inject('/stream', on('btcusdt@kline_1m', { ...candle, k: { ...candle.k, x: false, c: '9' } }));
      v.proxy.inject('/stream', on('btcusdt@kline_1m', candle));
      expect((await closed).data).toMatchObject({ kind: 'bar', symbol: 'BTCUSDT', timestamp: 0, durationMs: 60_000 });
      expect(bars).toHaveLength(1);
    } finally {
      sub.unsubscribe();
    }
  });

  it('still trades after the attacks', async () => {
    await tradesCorrectly(v);
    expect(v.states).toEqual(['CONNECTED']);
  });
});
