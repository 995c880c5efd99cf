import { ManualClock, dec, type Quote } from '@silvertine/core';
import { FailoverMarketFeed, type FailoverMarketEvent } from './failover-market-feed';

const quote = (timestamp: number, bid = '100'): Quote => ({
  kind: 'quote', symbol: 'BTCUSDT', bid: dec(bid), bidSize: dec(1), ask: dec(bid).plus(1), askSize: dec(1), timestamp,
});

function rig(holdMs = 5_000) {
  const clock = new ManualClock(1_000_000);
  const feed = new FailoverMarketFeed({
    clock, holdMs,
    sources: [{ name: 'stream', staleMs: 2_000 }, { name: 'poll', staleMs: 3_000 }, { name: 'synthetic', staleMs: 3_000 }],
  });
  const events: FailoverMarketEvent[] = [];
  feed.subscribe((e) => events.push(e));
  feed.start();
  const data = () => events.flatMap((e) => (e.kind === 'data' ? [`${e.source}@${e.data.timestamp}`] : []));
  const switches = () => events.flatMap((e) => (e.kind === 'switch' ? [`${e.from ?? '-'}>${e.to ?? '-'}@${e.at - 1_000_000}`] : []));
  /** Both the stream (while `streaming`) and the poll deliver the same venue quote every second. */
  const second = (streaming: boolean, poll = true) => {
    clock.advance(1_000);
    const q = quote(clock.now());
    if (streaming) feed.offer('stream', q);
    if (poll) feed.offer('poll', q);
  };
  return { clock, feed, events, data, switches, second };
}

describe('FailoverMarketFeed', () => {
  it('publishes from the preferred source only, once per quote, each event naming its source', () => {
    const { feed, data, second } = rig();
    for (let i = 0; i < 3; i++) second(true);
    expect(feed.active).toBe('stream');
    expect(data()).toEqual(['stream@1001000', 'stream@1002000', 'stream@1003000']);
    feed.stop();
  });

  it('hands over to the next healthy source once the active one is silent beyond its threshold, without a duplicate', () => {
    const { feed, clock, data, switches, second } = rig();
    second(true);
    second(false);
    second(false); // stream last seen 2 s ago: still within stale_ms
    expect(feed.active).toBe('stream');
    clock.advance(1); // silent beyond 2 s: the timer hands over, no new data needed
    expect(feed.active).toBe('poll');
    expect(switches()).toEqual(['->stream@1000', 'stream>poll@3001']);
    second(false);
    // the poll's copies of quotes the stream already published are not published again
    expect(data()).toEqual(['stream@1001000', 'poll@1004001']);
    feed.stop();
  });

  it('takes back when the preferred source has been healthy for the hold period', () => {
    const { feed, data, switches, second } = rig(5_000);
    second(true);
    for (let i = 0; i < 4; i++) second(false);
    expect(feed.active).toBe('poll');
    second(true); // stream back at +6 s: healthy, but not yet held
    for (let i = 0; i < 4; i++) second(true);
    expect(feed.active).toBe('poll');
    second(true); // +11 s: held 5 s
    expect(feed.active).toBe('stream');
    expect(switches()).toEqual(['->stream@1000', 'stream>poll@3001', 'poll>stream@11000']);
    expect(data().slice(-2)).toEqual(['poll@1010000', 'stream@1011000']);
    feed.stop();
  });

  it('a preferred source that drops again during the hold period does not take back', () => {
    const { feed, clock, second } = rig(5_000);
    second(true);
    for (let i = 0; i < 4; i++) second(false);
    second(true);
    second(true);
    for (let i = 0; i < 3; i++) second(false); // stream silent 3 s: its hold restarts
    second(true);
    for (let i = 0; i < 4; i++) second(true);
    expect(feed.active).toBe('poll');
    second(true);
    expect(feed.active).toBe('stream');
    expect(clock.pendingTimers).toBeLessThanOrEqual(1);
    feed.stop();
    expect(clock.pendingTimers).toBe(0);
  });

  it('serves the last known values marked stale while nothing is healthy, and fresh once a source is back', () => {
    const { feed, clock, switches } = rig();
    clock.advance(1_000);
    feed.offer('synthetic', quote(clock.now(), '50'));
    expect(feed.lastKnown('BTCUSDT')).toMatchObject({ source: 'synthetic', stale: false });
    clock.advance(10_000);
    expect(feed.active).toBeUndefined();
    expect(feed.lastKnown('BTCUSDT')).toMatchObject({ source: 'synthetic', stale: true, data: { bid: dec('50') } });
    expect(feed.lastKnown('ETHUSDT')).toBeUndefined();
    feed.offer('poll', quote(clock.now(), '51'));
    expect(feed.lastKnown('BTCUSDT')).toMatchObject({ source: 'poll', stale: false, data: { bid: dec('51') } });
    expect(switches()).toEqual(['->synthetic@1000', 'synthetic>-@4001', '->poll@11000']);
    feed.stop();
  });

  it('rejects an empty, ambiguous or unknown source list', () => {
    const clock = new ManualClock(0);
    expect(() => new FailoverMarketFeed({ clock, holdMs: 1, sources: [] })).toThrow(RangeError);
    expect(() => new FailoverMarketFeed({ clock, holdMs: 1, sources: [{ name: 'a', staleMs: 1 }, { name: 'a', staleMs: 1 }] })).toThrow(/unique/);
    expect(() => new FailoverMarketFeed({ clock, holdMs: 1, sources: [{ name: 'a', staleMs: 0 }] })).toThrow(/staleMs/);
    expect(() => new FailoverMarketFeed({ clock, holdMs: 1, sources: [{ name: 'a', staleMs: 1 }] }).offer('b', quote(0))).toThrow(/unknown/);
  });
});
