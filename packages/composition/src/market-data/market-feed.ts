import * as path from 'node:path';
import { ConfigurationError, ManualClock, dec, type Clock, type Decimal, type EventBus, type MarketData } from '@silvertine/core';
import type { SilvertineConfig } from '@silvertine/config';

/** Synthetic prices move on a cent grid, which every configured instrument's tick divides. */
const SYNTHETIC_TICK = dec('0.01');

/** A running replay of a market data source (the shape of @silvertine/paper's ReplayHandle). */
export interface MarketReplayHandle {
  readonly done: Promise<{ readonly published: number; readonly stopped: boolean }>;
  readonly published: number;
  stop(): void;
}

/** The process-wide market feed of `market_data:` (paper brokers fill against it). */
export interface MarketFeed {
  /** Virtual time for a backtest (CSV replayed as fast as possible), else undefined: wall clock. */
  readonly clock?: ManualClock;
  start(bus: EventBus, clock: Clock): MarketReplayHandle[];
}

/** A `market_data:` value the feed cannot be built from; `field` names it (`market_data.symbols`). */
export class MarketDataConfigError extends ConfigurationError {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'MarketDataConfigError';
  }
}

/** The configuration asks for a source whose package (`@silvertine/paper`, a data package) is not installed. */
export class MarketDataPackageMissingError extends ConfigurationError {
  constructor(readonly field: string, readonly packageName: string) {
    super(`${field}: package ${packageName} is not installed (install ${packageName})`);
    this.name = 'MarketDataPackageMissingError';
  }
}

/** The part of @silvertine/paper the feed uses; paper is an optional peer, loaded only for csv/synthetic sources. */
interface ReplayableSource {
  events(): Iterable<MarketData>;
  replay(bus: EventBus, options?: { clock?: Clock; speed?: number | 'max' }): MarketReplayHandle;
}
interface PaperSources {
  CsvReplaySource: { fromFile(file: string, options: { symbol: string; layout: 'BINANCE_KLINES' }): ReplayableSource };
  SyntheticMarketDataSource: new (config: {
    symbol: string; kind: 'bar'; count: number; startPrice: Decimal; tickSize: Decimal; seed: number; startTime: number; intervalMs: number;
  }) => ReplayableSource;
}

const PAPER = '@silvertine/paper';

function loadPaper(field: string): PaperSources {
  try {
    // optional peer, loaded only when a csv/synthetic source is configured
    return require(PAPER) as PaperSources;
  } catch {
    throw new MarketDataPackageMissingError(field, PAPER);
  }
}

/** Builds the feed the configuration asks for, or undefined for `source: none` / no section. */
export function marketFeedFor(config: SilvertineConfig): MarketFeed | undefined {
  const md = config.marketData;
  if (!md || md.source === 'none') return undefined;
  const symbols = md.symbols ?? [];
  if (symbols.length === 0) throw new MarketDataConfigError('market_data.symbols', 'must name at least one symbol');
  if (md.source === 'csv') {
    if (!md.file) throw new MarketDataConfigError('market_data.file', 'is required for a csv feed');
    const file = resolveDataFile(md.file, config.baseDir);
    const paper = loadPaper('market_data.source');
    const source = paper.CsvReplaySource.fromFile(file, { symbol: symbols[0], layout: 'BINANCE_KLINES' });
    const backtest = (md.intervalMs ?? 0) === 0;
    const first = firstTimestamp(source);
    return {
      clock: backtest ? new ManualClock(first) : undefined,
      start: (bus, clock) => [source.replay(bus, { clock, speed: backtest ? 'max' : 1 })],
    };
  }
  const startPrices = symbols.map((symbol) => {
    const startPrice = md.startPrices?.[symbol];
    if (!startPrice) throw new MarketDataConfigError(`market_data.start_prices.${symbol}`, 'is required for a synthetic feed');
    return startPrice;
  });
  const paper = loadPaper('market_data.source');
  const sources = symbols.map((symbol, i) => new paper.SyntheticMarketDataSource({
    symbol, kind: 'bar', count: 1_000_000, startPrice: startPrices[i], tickSize: SYNTHETIC_TICK,
    seed: (md.seed ?? 1) + i, startTime: Date.now(), intervalMs: md.intervalMs && md.intervalMs > 0 ? md.intervalMs : 1_000,
  }));
  return { start: (bus, clock) => sources.map((s) => s.replay(bus, { clock, speed: 1 })) };
}

function firstTimestamp(source: ReplayableSource): number {
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
    throw new MarketDataPackageMissingError('market_data.file', match[1]);
  }
}
