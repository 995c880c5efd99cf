import * as path from 'node:path';
import { ManualClock, dec, type Clock, type EventBus } from '@silvertine/core';
import type { SilvertineConfig } from '@silvertine/config';
import { CsvReplaySource, SyntheticMarketDataSource, type MarketDataSource, type ReplayHandle } from '@silvertine/paper';
import { EXIT, UserError } from '../cli/exit-codes';

/** Synthetic prices move on a cent grid, which every configured instrument's tick divides. */
const SYNTHETIC_TICK = dec('0.01');

/** The process-wide market feed of `market_data:` (paper brokers fill against it). */
export interface MarketFeed {
  /** Virtual time for a backtest (CSV replayed as fast as possible), else undefined: wall clock. */
  readonly clock?: ManualClock;
  start(bus: EventBus, clock: Clock): ReplayHandle[];
}

/** Builds the feed the configuration asks for, or undefined for `source: none`. */
export function marketFeedFor(config: SilvertineConfig): MarketFeed | undefined {
  const md = config.marketData;
  if (!md || md.source === 'none') return undefined;
  const symbols = md.symbols ?? [];
  if (symbols.length === 0) throw new UserError('market_data.symbols must name at least one symbol', EXIT.INVALID_CONFIG);
  if (md.source === 'csv') {
    const file = resolveDataFile(md.file!, config.baseDir);
    const source = CsvReplaySource.fromFile(file, { symbol: symbols[0], layout: 'BINANCE_KLINES' });
    const backtest = (md.intervalMs ?? 0) === 0;
    const first = firstTimestamp(source);
    return {
      clock: backtest ? new ManualClock(first) : undefined,
      start: (bus, clock) => [source.replay(bus, { clock, speed: backtest ? 'max' : 1 })],
    };
  }
  const sources: MarketDataSource[] = symbols.map((symbol, i) => {
    const startPrice = md.startPrices?.[symbol];
    if (!startPrice) throw new UserError(`market_data.start_prices.${symbol} is required for a synthetic feed`, EXIT.INVALID_CONFIG);
    return new SyntheticMarketDataSource({
      symbol, kind: 'bar', count: 1_000_000, startPrice, tickSize: SYNTHETIC_TICK,
      seed: (md.seed ?? 1) + i, startTime: Date.now(), intervalMs: md.intervalMs && md.intervalMs > 0 ? md.intervalMs : 1_000,
    });
  });
  return { start: (bus, clock) => sources.map((s) => s.replay(bus, { clock, speed: 1 })) };
}

function firstTimestamp(source: MarketDataSource): number {
  for (const event of source.events()) return event.timestamp;
  return 0;
}

/**
 * A data file path: relative to the config file, or inside an installed package when it starts with a
 * package name (`@silvertine/paper/data/BTCUSDT-1m-sample.csv`), so the embedded default works from a
 * checkout and from an npm install alike.
 */
export function resolveDataFile(file: string, baseDir: string): string {
  const match = /^(@[a-z0-9-]+\/[a-z0-9-]+)\/(.+)$/.exec(file);
  if (!match) return path.resolve(baseDir, file);
  try {
    return path.join(path.dirname(require.resolve(`${match[1]}/package.json`, { paths: [baseDir, __dirname] })), match[2]);
  } catch {
    throw new UserError(`market_data.file ${file}: package ${match[1]} is not installed (install ${match[1]})`, EXIT.PLUGIN_MISSING);
  }
}
