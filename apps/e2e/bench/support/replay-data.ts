/**
 * The CSV files the replay bench reads, written deterministically (seeded) at bench start into a temp
 * directory and removed at the end: nothing large is checked in, and every run reads the same bytes.
 * Prices walk on BTCUSDT's 0.01 grid as integers (cents) and are formatted as text directly, so writing
 * a million rows costs well under a second and does not depend on the code being measured.
 */
import { seededRandom } from '@silvertine/core';
import type { CsvLayout } from '@silvertine/paper';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReplayFile {
  readonly layout: CsvLayout;
  /** What one row is, for the table: quotes, aggTrades, klines. */
  readonly label: string;
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

const START = Date.UTC(2024, 0, 1);
const START_CENTS = 4_200_000; // 42,000.00 USDT

/** Cents as "42000.01" (or with `places` decimals, Binance's 8). */
function price(cents: number, places = 2): string {
  const whole = Math.floor(cents / 100);
  const frac = String(cents % 100).padStart(2, '0');
  return places === 2 ? `${whole}.${frac}` : `${whole}.${frac}${'0'.repeat(places - 2)}`;
}

/** Units of 0.00001 as "0.01234" (or with `places` decimals). */
function size(units: number, places = 5): string {
  const whole = Math.floor(units / 100_000);
  const frac = String(units % 100_000).padStart(5, '0');
  return places === 5 ? `${whole}.${frac}` : `${whole}.${frac}${'0'.repeat(places - 5)}`;
}

/** The plain `time,bid,ask,bidSize,askSize` layout, with its header; a quote every 10 ms. */
export function quotesCsv(rows: number, seed: number): string {
  const random = seededRandom(seed);
  const out: string[] = ['time,bid,ask,bidSize,askSize'];
  let mid = START_CENTS;
  for (let i = 0; i < rows; i++) {
    mid += Math.floor(random() * 7) - 3;
    const spread = 1 + Math.floor(random() * 4);
    const bid = mid - Math.floor(spread / 2);
    out.push(`${START + i * 10},${price(bid)},${price(bid + spread)},${size(1 + Math.floor(random() * 500_000))},${size(1 + Math.floor(random() * 500_000))}`);
  }
  return out.join('\n') + '\n';
}

/** data.binance.vision aggTrades rows (no header): id, price, qty, first id, last id, time, buyer maker, best match. */
export function aggTradesCsv(rows: number, seed: number): string {
  const random = seededRandom(seed);
  const out: string[] = [];
  let cents = START_CENTS;
  let tradeId = 3_000_000_000;
  for (let i = 0; i < rows; i++) {
    cents += Math.floor(random() * 7) - 3;
    const trades = 1 + Math.floor(random() * 3);
    out.push(`${100_000_000 + i},${price(cents, 8)},${size(1 + Math.floor(random() * 200_000), 8)},${tradeId},${tradeId + trades - 1},${START + i * 7},${random() < 0.5},true`);
    tradeId += trades;
  }
  return out.join('\n') + '\n';
}

/** data.binance.vision one-minute kline rows (no header), all twelve columns, OHLC consistent. */
export function klinesCsv(rows: number, seed: number): string {
  const random = seededRandom(seed);
  const out: string[] = [];
  let close = START_CENTS;
  for (let i = 0; i < rows; i++) {
    const open = close;
    close = open + Math.floor(random() * 201) - 100;
    const high = Math.max(open, close) + Math.floor(random() * 50);
    const low = Math.min(open, close) - Math.floor(random() * 50);
    const volume = 1 + Math.floor(random() * 5_000_000);
    const t = START + i * 60_000;
    const taker = Math.floor(volume / 2);
    out.push(`${t},${price(open, 8)},${price(high, 8)},${price(low, 8)},${price(close, 8)},${size(volume, 8)},${t + 59_999},${price(Math.floor((volume * open) / 100_000), 8)},${200 + Math.floor(random() * 1800)},${size(taker, 8)},${price(Math.floor((taker * open) / 100_000), 8)},0`);
  }
  return out.join('\n') + '\n';
}

/** Writes the three files into a fresh temp directory; `remove()` deletes it. */
export function writeReplayFiles(counts: { quotes: number; aggTrades: number; klines: number }, seed: number): { files: ReplayFile[]; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'silvertine-replay-bench-'));
  const write = (layout: CsvLayout, label: string, name: string, rows: number, text: string): ReplayFile => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return { layout, label, path, rows, bytes: Buffer.byteLength(text) };
  };
  const files = [
    write('QUOTES', 'quotes', 'BTCUSDT-quotes.csv', counts.quotes, quotesCsv(counts.quotes, seed)),
    write('BINANCE_AGG_TRADES', 'aggTrades', 'BTCUSDT-aggTrades.csv', counts.aggTrades, aggTradesCsv(counts.aggTrades, seed + 1)),
    write('BINANCE_KLINES', 'klines', 'BTCUSDT-1m.csv', counts.klines, klinesCsv(counts.klines, seed + 2)),
  ];
  return { files, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
