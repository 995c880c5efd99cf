import { join } from 'node:path';
import { EventBus, systemClock, type MarketDataEvent } from '@silvertine/core';
import { parseConfig } from '@silvertine/config';
import { MarketDataConfigError, MarketDataPackageMissingError, marketFeedFor, resolveDataFile } from './market-feed';

const parse = (yaml: string) => parseConfig(`brokers: { paper: { type: paper } }\n${yaml}`, { env: {}, dotenv: false, file: 'app.yaml', baseDir: __dirname });

describe('marketFeedFor', () => {
  it('builds no feed without a section or for source: none', async () => {
    expect(marketFeedFor(await parse(''))).toBeUndefined();
    expect(marketFeedFor(await parse('market_data: { source: none }\n'))).toBeUndefined();
  });

  it('replays the packaged CSV sample in virtual time from its first bar', async () => {
    const feed = marketFeedFor(await parse('market_data: { source: csv, file: "@silvertine/paper/data/BTCUSDT-1m-sample.csv", symbols: [BTCUSDT] }\n'))!;
    expect(feed.clock).toBeDefined();
    const bus = new EventBus();
    const seen: MarketDataEvent[] = [];
    bus.on('MarketData', (e) => seen.push(e));
    const [replay] = feed.start(bus, feed.clock!);
    const summary = await replay.done;
    expect(summary.published).toBeGreaterThan(0);
    expect(seen).toHaveLength(summary.published);
    expect(seen[0].data.symbol).toBe('BTCUSDT');
  });

  it('streams synthetic bars per symbol on the wall clock', async () => {
    const feed = marketFeedFor(await parse('market_data: { source: synthetic, symbols: [BTCUSDT], interval_ms: 5, start_prices: { BTCUSDT: "50000" } }\n'))!;
    expect(feed.clock).toBeUndefined();
    const bus = new EventBus();
    const first = new Promise<MarketDataEvent>((resolve) => bus.on('MarketData', resolve));
    const replays = feed.start(bus, systemClock);
    try {
      expect((await first).data.symbol).toBe('BTCUSDT');
    } finally {
      replays.forEach((r) => r.stop());
      await Promise.all(replays.map((r) => r.done));
    }
  });

  it('names the field of a section it cannot build from, with typed errors', async () => {
    const noSymbols = () => parse('market_data: { source: synthetic, start_prices: { BTCUSDT: "1" } }\n').then(marketFeedFor);
    await expect(noSymbols()).rejects.toThrow(MarketDataConfigError);
    await expect(noSymbols()).rejects.toMatchObject({ field: 'market_data.symbols' });
    await expect(parse('market_data: { source: synthetic, symbols: [ETHUSDT] }\n').then(marketFeedFor))
      .rejects.toMatchObject({ field: 'market_data.start_prices.ETHUSDT' });
    expect(() => resolveDataFile('@silvertine/no-such-package/data.csv', __dirname)).toThrow(MarketDataPackageMissingError);
    expect(resolveDataFile('data.csv', __dirname)).toBe(join(__dirname, 'data.csv'));
  });
});
