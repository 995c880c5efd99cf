import { EventBus, ManualClock, createEvent, dec, type MarketData, type Quote } from '@silvertine/core';
import { parseConfig } from '@silvertine/config';
import type { FailoverMarketEvent } from './failover-market-feed';
import { failoverSourcesFor, startFailoverFeed } from './failover-wiring';

const YAML = `
brokers: { venue: { type: paper } }
market_data:
  symbols: [BTCUSDT]
  hold_ms: 3000
  sources:
    - { broker: venue, stale_ms: 2000 }
    - { broker: venue, poll_ms: 1000 }
`;

const quote = (timestamp: number): Quote => ({ kind: 'quote', symbol: 'BTCUSDT', bid: dec('100'), bidSize: dec(1), ask: dec('101'), askSize: dec(1), timestamp });

describe('startFailoverFeed', () => {
  it('names the configured sources and keeps a poll stale no sooner than two periods', async () => {
    const plan = failoverSourcesFor(await parseConfig(YAML, { env: {}, dotenv: false }));
    expect(plan?.holdMs).toBe(3000);
    expect(plan?.sources.map((s) => [s.kind, s.spec.name, s.spec.staleMs])).toEqual([['stream', 'venue:stream', 2000], ['poll', 'venue:poll', 2000]]);
    expect(failoverSourcesFor(await parseConfig('brokers: { venue: { type: paper } }\n', { env: {}, dotenv: false }))).toBeUndefined();
  });

  it('hands a silent venue stream over to REST polls and takes it back, on virtual time', async () => {
    const config = await parseConfig(YAML, { env: {}, dotenv: false });
    const clock = new ManualClock(0);
    const bus = new EventBus();
    const polls: string[] = [];
    const poll = (broker: string, symbol: string): Promise<MarketData> => {
      polls.push(`${broker}/${symbol}`);
      return Promise.resolve(quote(clock.now()));
    };
    const running = startFailoverFeed({ config, bus, clock, poll })!;
    const events: FailoverMarketEvent[] = [];
    running.feed.subscribe((e) => events.push(e));
    const stream = () => bus.publish(createEvent({ type: 'MarketData', brokerId: 'venue', data: quote(clock.now()) }, clock.now()));
    const step = async (streaming: boolean) => {
      clock.advance(500);
      if (streaming) stream();
      await Promise.resolve(); // let the poll's promise settle
      await Promise.resolve();
    };
    for (let i = 0; i < 4; i++) await step(true);
    expect(running.feed.active).toBe('venue:stream');
    for (let i = 0; i < 8; i++) await step(false); // stream killed
    expect(running.feed.active).toBe('venue:poll');
    for (let i = 0; i < 8; i++) await step(true); // stream restored, held 3 s
    expect(running.feed.active).toBe('venue:stream');
    const switches = events.flatMap((e) => (e.kind === 'switch' ? [e.to] : []));
    expect(switches).toEqual(['venue:stream', 'venue:poll', 'venue:stream']);
    expect(polls.length).toBeGreaterThan(0);
    running.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('takes a replay published without a brokerId as the section feed (csv/synthetic source)', async () => {
    const config = await parseConfig(`
brokers: { venue: { type: paper } }
market_data:
  source: synthetic
  symbols: [BTCUSDT]
  start_prices: { BTCUSDT: "100" }
  sources:
    - { broker: venue, stale_ms: 2000 }
    - { source: synthetic, stale_ms: 2000 }
`, { env: {}, dotenv: false });
    const clock = new ManualClock(0);
    const bus = new EventBus();
    const running = startFailoverFeed({ config, bus, clock })!;
    bus.publish({ type: 'MarketData', id: 'r1', timestamp: 0, data: quote(0) });
    expect(running.feed.active).toBe('synthetic');
    expect(running.feed.lastKnown('BTCUSDT')?.source).toBe('synthetic');
    running.stop();
  });
});
