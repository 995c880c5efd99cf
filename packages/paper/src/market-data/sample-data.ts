import { join } from 'node:path';
import { Decimal, type Bar } from '@silvertine/core';
import { seededRandom } from '../models/random';
import { formatKlineRow } from './csv-layouts';
import { CsvReplaySource } from './csv-replay.source';
import { SyntheticMarketDataSource, type SyntheticMarketDataConfig } from './synthetic.source';

/** File name of the bundled sample, under the package's `data/` folder. */
export const SAMPLE_FILE = 'BTCUSDT-1m-sample.csv';

/**
 * The generator settings the bundled sample was made with (see data/SOURCES.md): 300 one-minute BTCUSDT
 * bars from 2024-01-01T00:00Z, 42,000 USDT start, 0.1 % volatility per bar, mean volume 25 BTC.
 */
export const SAMPLE_CONFIG: SyntheticMarketDataConfig = {
  symbol: 'BTCUSDT',
  kind: 'bar',
  count: 300,
  seed: 20240101,
  startTime: Date.UTC(2024, 0, 1),
  intervalMs: 60_000,
  startPrice: Decimal.from('42000'),
  tickSize: Decimal.from('0.01'),
  stepSize: Decimal.from('0.00001'),
  volatility: 0.001,
  meanSize: Decimal.from('25'),
};

/**
 * Absolute path of the bundled sample. `data/` sits beside `src/` and `dist/` (both one level below the
 * package root, this file two), so the same path works from sources and from the installed package.
 */
export function samplePath(): string {
  return join(__dirname, '..', '..', 'data', SAMPLE_FILE);
}

/** The bundled sample as a replay source of BTCUSDT one-minute bars. */
export function loadSample(): CsvReplaySource {
  return CsvReplaySource.fromFile(samplePath(), { layout: 'BINANCE_KLINES', symbol: 'BTCUSDT' });
}

/**
 * Renders bars as a Binance kline CSV (no header, as data.binance.vision spot files). The columns
 * Binance adds beyond OHLCV are made up plausibly and deterministically from `seed`: quote volume at
 * the bar's typical price, a trade count, and a taker-buy share between 30 % and 70 %.
 */
export function klineCsvOf(bars: Iterable<Bar>, seed: number): string {
  const random = seededRandom(seed);
  const rows: string[] = [];
  for (const bar of bars) {
    const typical = bar.high.plus(bar.low).plus(bar.close).div(Decimal.from(3));
    const takerShare = Decimal.from(30 + Math.floor(random() * 41)).div(Decimal.from(100));
    const takerBase = bar.volume.times(takerShare).round(5, 'DOWN'); // on BTCUSDT's 0.00001 step
    rows.push(
      formatKlineRow(bar, {
        quoteVolume: bar.volume.times(typical).round(8),
        trades: 200 + Math.floor(random() * 1800),
        takerBuyBaseVolume: takerBase,
        takerBuyQuoteVolume: takerBase.times(typical).round(8),
      }),
    );
  }
  return rows.join('\n') + '\n';
}

/** The exact text of the bundled sample, regenerated from SAMPLE_CONFIG (a test checks the file matches). */
export function sampleKlineCsv(): string {
  return klineCsvOf(new SyntheticMarketDataSource(SAMPLE_CONFIG).events() as Iterable<Bar>, SAMPLE_CONFIG.seed ?? 1);
}
