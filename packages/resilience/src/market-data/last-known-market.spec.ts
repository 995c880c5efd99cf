import { EventBus, ManualClock, createEvent, dec } from '@silvertine/core';
import { LastKnownMarket } from './last-known-market';

const quote = (bid: string, at: number) =>
  createEvent({ type: 'MarketData', brokerId: 'binance', data: { kind: 'quote', symbol: 'BTCUSDT', bid: dec(bid), ask: dec(bid).plus('0.01'), bidSize: dec(1), askSize: dec(1), timestamp: at } }, at);

describe('LastKnownMarket', () => {
  it('serves the last update while the feed is up, marks it stale when the feed drops or it ages, and fresh again after', () => {
    const clock = new ManualClock(1_000);
    const bus = new EventBus();
    const cache = new LastKnownMarket({ bus, clock, staleAfterMs: 2_000 });
    expect(cache.get('BTCUSDT')).toBeUndefined();
    bus.publish(createEvent({ type: 'ConnectionState', brokerId: 'binance', previous: 'CONNECTING', current: 'CONNECTED' }, 1_000));
    bus.publish(quote('50000', 1_000));
    expect(cache.get('BTCUSDT')).toMatchObject({ stale: false, ageMs: 0 });
    clock.advance(500);
    bus.publish(createEvent({ type: 'ConnectionState', brokerId: 'binance', previous: 'CONNECTED', current: 'RECONNECTING' }, 1_500));
    const down = cache.get('BTCUSDT')!;
    expect(down.stale).toBe(true);
    expect(down.data.kind === 'quote' && down.data.bid.toString()).toBe('50000'); // still served
    bus.publish(createEvent({ type: 'ConnectionState', brokerId: 'binance', previous: 'RECONNECTING', current: 'CONNECTED' }, 1_600));
    expect(cache.get('BTCUSDT')!.stale).toBe(false);
    clock.advance(2_001);
    expect(cache.get('BTCUSDT')).toMatchObject({ stale: true, ageMs: 2_501 });
    bus.publish(quote('50100', clock.now()));
    expect(cache.get('BTCUSDT')).toMatchObject({ stale: false, ageMs: 0 });
    cache.close();
    bus.publish(quote('1', clock.now()));
    const after = cache.get('BTCUSDT')!.data;
    expect(after.kind === 'quote' && after.bid.toString()).toBe('50100'); // no longer following the bus
  });
});
