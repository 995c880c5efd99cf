import { dec, topOfBook, type MarketData, type OrderBookSnapshot, type Quote, type Trade } from '@silvertine/core';
import { ManualClock, waitFor } from '@silvertine/core/testing';
import { advanceUntil, eventually, marketStreamBarrier, SAFETY_NET_MS, startVenue, type Venue } from './emulator-harness';

describe('market streams → MarketDataEvents (emulator)', () => {
  let v: Venue;
  let data: MarketData[];

  beforeEach(async () => {
    v = await startVenue();
    data = [];
    v.bus.marketData$.subscribe((e) => {
      expect(e.brokerId).toBe('binance-1');
      data.push(e.data);
    });
  });
  afterEach(() => v.close());

  const quoteAt = (bid: string) => waitFor(v.bus.marketData$, (e) => e.data.kind === 'quote' && e.data.symbol === 'BTCUSDT' && e.data.bid.eq(bid), SAFETY_NET_MS, `quote ${bid}`);

  it('publishes quotes and trades with exact decimal prices', async () => {
    const trade = waitFor(v.bus.marketData$, (e) => e.data.kind === 'trade' && e.data.symbol === 'ETHUSDT', SAFETY_NET_MS, 'eth trade');
    const quote = quoteAt('51999.99');
    v.emulator.control.setPrice('BTCUSDT', '52000');
    v.emulator.control.trade('ETHUSDT', '3000.5', '0.25');
    const q = (await quote).data as Quote;
    expect(q.ask.toString()).toBe('52000.01');
    expect(q.bidSize.isPositive()).toBe(true);
    const t = (await trade).data as Trade;
    expect(t.price.toString()).toBe('3000.5');
    expect(t.size.toString()).toBe('0.25');
  });

  it('keeps reference prices and marks from the streams, without polling REST', async () => {
    const polls = v.emulator.control.requestCount('ticker.price');
    const quote = quoteAt('45999.99');
    v.emulator.control.setPrice('BTCUSDT', '46000');
    await quote;
    await eventually(async () => (await v.broker.getPositions()).find((p) => p.instrument.symbol === 'BTCUSDT')?.marketPrice?.eq('46000') ?? false, undefined, 'mark from stream');
    expect(v.emulator.control.requestCount('ticker.price')).toBe(polls);
    // A MARKET order is checked against the streamed price: 0.0001 BTC is 5 USDT at the connect price
    // (50000, the minimum) but 4.6 USDT at 46000, under it.
    await expect(v.broker.placeOrder({ instrument: (await v.broker.instrument('BTCUSDT'))!, side: 'BUY', type: 'MARKET', quantity: dec('0.0001') })).rejects.toMatchObject({ code: 'INVALID_ORDER' });
  });

  it('publishes the partial book (5 levels by default) whose top is the emulator\'s market after a move', async () => {
    const book = waitFor(v.bus.marketData$, (e) => e.data.kind === 'book' && e.data.symbol === 'BTCUSDT' && e.data.bids[0]?.price.eq('51990'), SAFETY_NET_MS, 'book after the move');
    v.emulator.control.setQuote('BTCUSDT', { bid: '51990', ask: '52010', bidQty: '0.7', askQty: '1.3' });
    const b = (await book).data as OrderBookSnapshot;
    const top = topOfBook(b)!;
    expect([top.bid, top.bidSize, top.ask, top.askSize].map(String)).toEqual(['51990', '0.7', '52010', '1.3']);
    expect(b.bids).toHaveLength(5);
    expect(b.asks).toHaveLength(5);
    // the emulator's synthetic levels sit one tick (0.01) apart, best first
    expect(b.bids[4].price.toString()).toBe('51989.96');
    expect(b.asks[4].price.toString()).toBe('52010.04');
    expect(b.updateId).toBeGreaterThan(0);
  });

  it('subscribes to the configured depth (20 levels) or to none (0)', async () => {
    await v.close();
    v = await startVenue({ depthLevels: 20 });
    const deep = waitFor(v.bus.marketData$, (e) => e.data.kind === 'book' && e.data.symbol === 'ETHUSDT', SAFETY_NET_MS, 'eth book');
    v.emulator.control.setPrice('ETHUSDT', '3100');
    const b = (await deep).data as OrderBookSnapshot;
    expect([b.bids.length, b.asks.length]).toEqual([20, 20]);
    expect([b.bids[0].price.toString(), b.asks[19].price.toString()]).toEqual(['3099.99', '3100.2']);
    await v.close();

    v = await startVenue({ depthLevels: 0 });
    const seen: MarketData[] = [];
    v.bus.marketData$.subscribe((e) => seen.push(e.data));
    const quote = waitFor(v.bus.marketData$, (e) => e.data.kind === 'quote' && e.data.bid.eq('3099.99'), SAFETY_NET_MS, 'eth quote');
    v.emulator.control.setPrice('ETHUSDT', '3100');
    await quote;
    // The emulator sends the depth frames of a move right after its bookTicker: a later print on the same
    // socket, once published, proves that any book frame would have been handled before it.
    await marketStreamBarrier(v);
    expect(seen.filter((d) => d.kind === 'book')).toEqual([]);
  });

  it('reconnects after a drop and delivers again; stops with the broker, leaving no socket and no timer', async () => {
    // Reconnect backoff on virtual time: after stop, "no timer left" proves nothing can happen later.
    await v.close();
    const clock = new ManualClock(Date.now());
    v = await startVenue({}, {}, { clock });
    const received: MarketData[] = [];
    v.bus.marketData$.subscribe((e) => received.push(e.data));
    const states: string[] = [];
    v.broker.state$.subscribe((s) => states.push(s));
    v.emulator.control.dropWebSockets();
    // The market is moved until a quote gets through: only a reconnected stream can deliver it.
    await advanceUntil(clock, () => {
      v.emulator.control.setPrice('BTCUSDT', '49000');
      return received.some((d) => d.kind === 'quote' && d.bid.eq('48999.99'));
    }, 'quotes after the drop');
    await advanceUntil(clock, () => states.includes('RECONNECTING') && v.broker.state === 'CONNECTED' && v.emulator.control.webSocketCount === 2, 'the user-data stream back too');
    await v.broker.disconnect();
    expect(clock.pendingTimers).toBe(0);
    await eventually(() => v.emulator.control.webSocketCount === 0, undefined, 'sockets closed');
    // the emulator has no socket left to send on, and the broker no socket and no timer to act on
    const before = received.length;
    v.emulator.control.setPrice('BTCUSDT', '49500');
    expect(received.length).toBe(before);
  });
});
