import { dec } from '../decimal/decimal';
import type { Quote } from '../domain/market-data';
import { EventBus } from './event-bus';
import { createEvent } from './event-factory';
import { isLiveMarketData, type MarketDataEvent } from './events';

const quote: Quote = { kind: 'quote', symbol: 'BTCUSDT', bid: dec('100'), bidSize: dec(1), ask: dec('101'), askSize: dec(1), timestamp: 5 };

describe('MarketDataEvent source and stale', () => {
  it('carries the delivering source and the stale marker through createEvent and the bus', () => {
    const bus = new EventBus();
    const seen: MarketDataEvent[] = [];
    bus.on('MarketData', (e) => seen.push(e));
    bus.publish(createEvent({ type: 'MarketData', brokerId: 'market_data:failover', source: 'venue:poll', data: quote }, 10));
    bus.publish(createEvent({ type: 'MarketData', brokerId: 'market_data:failover', source: 'venue:poll', stale: true, data: quote }, 20));
    expect(seen.map((e) => [e.source, e.stale, e.timestamp])).toEqual([['venue:poll', undefined, 10], ['venue:poll', true, 20]]);
  });

  it('takes only an event marked stale as not live; events without the fields stay live (backward compatible)', () => {
    expect(isLiveMarketData(createEvent({ type: 'MarketData', data: quote }, 1))).toBe(true);
    expect(isLiveMarketData(createEvent({ type: 'MarketData', source: 'venue:stream', stale: false, data: quote }, 1))).toBe(true);
    expect(isLiveMarketData(createEvent({ type: 'MarketData', source: 'venue:stream', stale: true, data: quote }, 1))).toBe(false);
  });
});
