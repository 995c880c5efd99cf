import { EventBus, ManualClock, createEvent, dec, type Broker, type MarketDataEvent, type Quote } from '@silvertine/core';
import { parseConfig } from '@silvertine/config';
import type { Logger } from 'winston';
import type { Ticker } from '../venue/ticker';
import { FAILOVER_FEED_ID, startMarketDataFailover } from './failover-feed';

const YAML = `
brokers: { venue: { type: paper } }
market_data:
  symbols: [BTCUSDT]
  hold_ms: 1000
  sources:
    - { broker: venue, stale_ms: 2000 }
    - { broker: venue, poll_ms: 500 }
`;

/** Lets the poll's promise chain (ticker read, offer) settle: a flush of pending callbacks, not a wait for time. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('startMarketDataFailover (silvertine run)', () => {
  it('republishes the active source with its name, serves the last value stale while none is healthy, and takes the stream back', async () => {
    const config = await parseConfig(YAML, { env: {}, dotenv: false });
    const clock = new ManualClock(1_000);
    const bus = new EventBus();
    let venueAnswers = true;
    const venue = {
      id: 'venue',
      capabilities: { features: ['TICKER'] },
      ticker: (symbol: string): Promise<Ticker> => (venueAnswers
        ? Promise.resolve({ symbol, bid: dec('100'), bidSize: dec(1), ask: dec('102'), askSize: dec(1), at: clock.now(), source: 'test' })
        : Promise.reject(new Error('venue down'))),
    } as unknown as Broker;
    const lines: string[] = [];
    const logger = { warn: () => undefined, info: () => undefined } as unknown as Logger;
    const running = startMarketDataFailover(config, { bus, clock }, new Map([['venue', venue]]), { logger, out: (l) => lines.push(l) })!;
    const republished: MarketDataEvent[] = [];
    bus.on('MarketData', (e) => { if (e.brokerId === FAILOVER_FEED_ID) republished.push(e); });
    const stream = () => {
      const quote: Quote = { kind: 'quote', symbol: 'BTCUSDT', bid: dec('101'), bidSize: dec(1), ask: dec('103'), askSize: dec(1), timestamp: clock.now() };
      bus.publish(createEvent({ type: 'MarketData', brokerId: 'venue', data: quote }, clock.now()));
    };
    const step = async (streaming: boolean) => {
      clock.advance(500);
      if (streaming) stream();
      await settle();
    };
    const sourcesSince = (from: number) => republished.slice(from).map((e) => `${e.source}${e.stale ? ' stale' : ''}`);

    for (let i = 0; i < 4; i++) await step(true);
    expect(running.feed.active).toBe('venue:stream');
    expect(new Set(sourcesSince(0))).toEqual(new Set(['venue:stream']));

    let mark = republished.length;
    for (let i = 0; i < 8; i++) await step(false); // the stream goes silent, the ticker polls answer
    expect(running.feed.active).toBe('venue:poll');
    expect(sourcesSince(mark).length).toBeGreaterThan(0);
    expect(new Set(sourcesSince(mark))).toEqual(new Set(['venue:poll']));

    mark = republished.length;
    venueAnswers = false;
    for (let i = 0; i < 8; i++) await step(false); // nothing healthy: the last poll value once, marked stale
    expect(running.feed.active).toBeUndefined();
    expect(sourcesSince(mark)).toEqual(['venue:poll stale']);
    expect(republished[republished.length - 1].data).toMatchObject({ kind: 'quote', bid: dec('100') });
    expect(lines).toContain('silvertine: market data stale: BTCUSDT last known from venue:poll');

    mark = republished.length;
    for (let i = 0; i < 4; i++) await step(true); // the stream is back
    expect(running.feed.active).toBe('venue:stream');
    expect(new Set(sourcesSince(mark))).toEqual(new Set(['venue:stream']));

    expect(lines.filter((l) => l.startsWith('silvertine: market data from '))).toEqual([
      'silvertine: market data from venue:stream: quote BTCUSDT',
      'silvertine: market data from venue:poll: quote BTCUSDT',
      'silvertine: market data from venue:stream: quote BTCUSDT',
    ]);
    running.stop();
    await settle();
    expect(clock.pendingTimers).toBe(0);
  });
});
