import { EventBus, ManualClock, type MarketDataEvent } from '@silvertine/core';
import { barOf, quoteOf } from '../testing';
import { CsvReplaySource } from './csv-replay.source';
import { MarketDataFormatError } from './csv-layouts';
import { replayMarketData } from './market-data-replay';

function recorder(bus: EventBus): MarketDataEvent[] {
  const seen: MarketDataEvent[] = [];
  bus.marketData$.subscribe((e) => seen.push(e));
  return seen;
}

const quotes = [quoteOf('X', 1, 2, 10_000), quoteOf('X', 1, 2, 11_000), quoteOf('X', 1, 2, 11_000), quoteOf('X', 1, 2, 13_000)];

describe('replayMarketData', () => {
  it('at speed 1 publishes each update when the clock reaches its offset from the first, stamped with clock time', () => {
    const bus = new EventBus();
    const seen = recorder(bus);
    const clock = new ManualClock(500);
    const handle = replayMarketData(quotes, bus, { clock, speed: 1 });
    expect(seen).toHaveLength(0); // never synchronously inside replay()
    clock.advance(0);
    expect(seen.map((e) => e.timestamp)).toEqual([500]);
    clock.advance(999);
    expect(seen).toHaveLength(1);
    clock.advance(1); // t = 1,500 = 500 + (11,000 − 10,000): both updates of 11,000 go out together
    expect(seen.map((e) => e.timestamp)).toEqual([500, 1_500, 1_500]);
    expect(handle.published).toBe(3);
  });

  it('at speed 10 runs data time ten times faster than the clock', async () => {
    const bus = new EventBus();
    const seen = recorder(bus);
    const clock = new ManualClock(0);
    const handle = replayMarketData(quotes, bus, { clock, speed: 10 });
    clock.advance(299); // the last update is 3,000 ms of data after the first: due at 300
    expect(seen).toHaveLength(3);
    clock.advance(1);
    expect(seen).toHaveLength(4);
    await expect(handle.done).resolves.toEqual({ published: 4, stopped: false });
    expect(clock.pendingTimers).toBe(0);
  });

  it('stop() leaves no timer on the clock and settles done as stopped', async () => {
    const bus = new EventBus();
    const clock = new ManualClock(0);
    const handle = replayMarketData(quotes, bus, { clock, speed: 1 });
    clock.advance(0);
    expect(clock.pendingTimers).toBe(1);
    handle.stop();
    handle.stop();
    expect(clock.pendingTimers).toBe(0);
    await expect(handle.done).resolves.toEqual({ published: 1, stopped: true });
  });

  it("'max' under a ManualClock moves virtual time to each update (a bar when it closes), in small batches", async () => {
    const bus = new EventBus();
    const seen = recorder(bus);
    const clock = new ManualClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 90_000); // a timer inside the data's span fires in order
    const data = [barOf('X', [1, 2, 1, 2], 1, 0), barOf('X', [2, 3, 2, 3], 1, 60_000), barOf('X', [3, 3, 3, 3], 1, 120_000)];
    const handle = replayMarketData(data, bus, { clock, speed: 'max', batchSize: 2 });
    await expect(handle.done).resolves.toEqual({ published: 3, stopped: false });
    expect(seen.map((e) => e.timestamp)).toEqual([60_000, 120_000, 180_000]);
    expect(fired).toEqual([90_000]);
  });

  it("'max' can be stopped from a subscriber", async () => {
    const bus = new EventBus();
    const many = Array.from({ length: 5_000 }, (_, i) => quoteOf('X', 1, 2, i));
    const handle = replayMarketData(many, bus, { speed: 'max' });
    bus.marketData$.subscribe(() => handle.published === 1_500 && handle.stop());
    await expect(handle.done).resolves.toEqual({ published: 1_500, stopped: true });
  });

  it('a malformed row rejects done with the file and line', async () => {
    const source = CsvReplaySource.fromText('1000,1,2,1,1\n2000,1,x,1,1\n', { layout: 'QUOTES', symbol: 'X', name: 'q.csv' });
    const bus = new EventBus();
    const seen = recorder(bus);
    const handle = source.replay(bus, { speed: 'max' });
    await expect(handle.done).rejects.toThrow(MarketDataFormatError);
    await expect(handle.done).rejects.toThrow('q.csv:2: ask: not a decimal number');
    expect(seen).toHaveLength(1);
  });

  it('refuses a speed that is not positive', () => {
    expect(() => replayMarketData([], new EventBus(), { speed: 0 })).toThrow(/speed/);
  });
});
