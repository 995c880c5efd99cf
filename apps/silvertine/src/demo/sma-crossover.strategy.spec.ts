import { EventBus, createEvent, dec, type OrderEvent } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { SmaCrossoverStrategy } from './sma-crossover.strategy';

const bar = (close: string, t: number) =>
  createEvent({ type: 'MarketData', data: { kind: 'bar', symbol: 'BTCUSDT', open: dec(close), high: dec(close), low: dec(close), close: dec(close), volume: dec(1), timestamp: t, durationMs: 60_000 } }, t);

describe('SmaCrossoverStrategy', () => {
  it('buys when the fast average crosses above the slow one and sells on the way back', () => {
    const bus = new EventBus();
    const orders: OrderEvent[] = [];
    bus.on('Order', (e) => orders.push(e));
    const strategy = new SmaCrossoverStrategy(bus, { brokerId: 'paper', instrument: testInstrument(), quantity: dec('0.01'), fast: 2, slow: 4 });
    strategy.start();
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

  it('refuses a fast window that is not shorter than the slow one', () => {
    expect(() => new SmaCrossoverStrategy(new EventBus(), { brokerId: 'p', instrument: testInstrument(), quantity: dec(1), fast: 5, slow: 5 })).toThrow(RangeError);
  });
});
