import { EventBus, ManualClock, createEvent, dec, type OrderEvent } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { SmaCrossoverStrategy, type SmaCrossoverOptions } from './sma-crossover.strategy';

/** A started strategy (fast 2, slow 4) on a new bus, and the orders it publishes. */
function started(options: Partial<SmaCrossoverOptions> = {}) {
  const bus = new EventBus();
  const orders: OrderEvent[] = [];
  bus.on('Order', (e) => orders.push(e));
  const strategy = new SmaCrossoverStrategy(bus, { brokerId: 'paper', instrument: testInstrument(), quantity: dec('0.01'), fast: 2, slow: 4, ...options });
  strategy.start();
  return { bus, orders, strategy };
}

const bar = (close: string, t: number) =>
  createEvent({ type: 'MarketData', data: { kind: 'bar', symbol: 'BTCUSDT', open: dec(close), high: dec(close), low: dec(close), close: dec(close), volume: dec(1), timestamp: t, durationMs: 60_000 } }, t);

describe('SmaCrossoverStrategy', () => {
  it('buys when the fast average crosses above the slow one and sells on the way back', () => {
    const { bus, orders, strategy } = started();
    // flat, then rising: after 4 bars the 2-bar average (103) exceeds the 4-bar average (101.5)
    for (const [i, close] of ['100', '100', '101', '105'].entries()) bus.publish(bar(close, i));
    expect(orders.map((o) => o.action === 'submit' && o.request.side)).toEqual(['BUY']);
    // falling: 2-bar average of 96 and 90 is 93, below the 4-bar average of (101+105+96+90)/4 = 98
    for (const [i, close] of ['96', '90'].entries()) bus.publish(bar(close, 10 + i));
    expect(orders.map((o) => o.action === 'submit' && o.request.side)).toEqual(['BUY', 'SELL']);
    expect(strategy.signals).toBe(2);
    strategy.stop();
    bus.publish(bar('200', 20));
    expect(orders).toHaveLength(2);
  });

  it('never counts a bar re-served stale', () => {
    const { bus, orders, strategy } = started();
    for (const [i, close] of ['100', '100', '101'].entries()) bus.publish(bar(close, i));
    bus.publish({ ...bar('105', 3), stale: true });
    expect(strategy.bars).toBe(3);
    expect(orders).toEqual([]);
    strategy.stop();
  });

  it('refuses a fast window that is not shorter than the slow one, and a bar length that is no whole positive ms', () => {
    expect(() => new SmaCrossoverStrategy(new EventBus(), { brokerId: 'p', instrument: testInstrument(), quantity: dec(1), fast: 5, slow: 5 })).toThrow(RangeError);
    expect(() => new SmaCrossoverStrategy(new EventBus(), { brokerId: 'p', instrument: testInstrument(), quantity: dec(1), barMs: 0 })).toThrow(/barMs/);
  });
});

describe('SmaCrossoverStrategy on the failover feed (barMs, marketDataFrom)', () => {
  const FAILOVER = 'market_data:failover';

  it('builds bars from the failover quotes only, orders on its broker, and never acts on a stale value', () => {
    const clock = new ManualClock(0);
    const { bus, orders, strategy } = started({ brokerId: 'venue', marketDataFrom: FAILOVER, barMs: 1_000 });
    const quote = (mid: number, from: { brokerId: string; source?: string; stale?: boolean }) =>
      bus.publish(createEvent({ type: 'MarketData', ...from, data: { kind: 'quote', symbol: 'BTCUSDT', bid: dec(mid - 1), bidSize: dec(1), ask: dec(mid + 1), askSize: dec(1), timestamp: clock.now() } }, clock.now()));
    // bars of 1 s closing at 100, 100, 101, 105: the 2-bar average (103) crosses the 4-bar one (101.5)
    for (const mid of [100, 100, 101, 105]) {
      quote(mid, { brokerId: FAILOVER, source: 'venue:stream' });
      // the broker's raw events are on the same bus: taken in, they would close every bar at 50
      clock.advance(500);
      quote(50, { brokerId: 'venue' });
      clock.advance(500);
    }
    quote(105, { brokerId: FAILOVER, source: 'venue:poll' }); // opens the 5th interval: closes the 4th bar
    expect(strategy.bars).toBe(4);
    expect(orders.map((o) => o.action === 'submit' && [o.brokerId, o.request.side])).toEqual([['venue', 'BUY']]);

    // no source healthy: the last value re-served stale at ever lower prices would cross down; it must not
    for (const mid of [60, 40, 20, 10]) {
      clock.advance(1_000);
      quote(mid, { brokerId: FAILOVER, source: 'venue:poll', stale: true });
    }
    expect(strategy.bars).toBe(4);
    expect(orders).toHaveLength(1);

    // live data again: a falling market sells
    for (const mid of [90, 80, 70]) {
      clock.advance(1_000);
      quote(mid, { brokerId: FAILOVER, source: 'venue:stream' });
    }
    expect(orders.map((o) => o.action === 'submit' && o.request.side)).toEqual(['BUY', 'SELL']);
    strategy.stop();
  });

  it('takes a trade at its price and a book at the mid of its top', () => {
    const { bus, strategy } = started({ brokerId: 'venue', slow: 3, marketDataFrom: FAILOVER, barMs: 10 });
    bus.publish(createEvent({ type: 'MarketData', brokerId: FAILOVER, data: { kind: 'trade', symbol: 'BTCUSDT', price: dec(100), size: dec(1), timestamp: 0 } }, 0));
    bus.publish(createEvent({ type: 'MarketData', brokerId: FAILOVER, data: { kind: 'book', symbol: 'BTCUSDT', bids: [{ price: dec(99), size: dec(1) }], asks: [{ price: dec(101), size: dec(1) }], timestamp: 10 } }, 10));
    bus.publish(createEvent({ type: 'MarketData', brokerId: FAILOVER, data: { kind: 'book', symbol: 'BTCUSDT', bids: [], asks: [{ price: dec(101), size: dec(1) }], timestamp: 20 } }, 20));
    bus.publish(createEvent({ type: 'MarketData', brokerId: FAILOVER, data: { kind: 'trade', symbol: 'ETHUSDT', price: dec(1), size: dec(1), timestamp: 30 } }, 30));
    expect(strategy.bars).toBe(1); // the trade's bar closed by the book; the one-sided book and another symbol build nothing
    strategy.stop();
  });
});
