/**
 * Market-data replay, the path a backtest takes (`market_data: source: csv` in apps/silvertine's
 * market feed): CsvReplaySource.fromFile → replay(bus, { clock: ManualClock, speed: 'max' }) →
 * MarketDataEvents on the EventBus → PaperTradingBroker (portfolio marks, engine matching against one
 * resting limit order). Events per second for quotes, aggTrades and klines, each beside:
 * - the floor: the same file read in the same 64 KiB chunks, split into lines and fields, and every
 *   numeric field parsed with Number() — what reading and parsing the file costs at least;
 * - CsvReplaySource.events() alone: read and parsed into exact Decimals, no bus, no broker;
 * - the same replay onto a bus with one counting subscriber: the replay loop and the bus, without paper.
 * The files are generated (seeded) at start into a temp directory and deleted at the end. Rounds
 * interleaved; medians of ROUNDS. Goal (issue 21): ≥ 1,000,000 quotes/s and ≥ 0.5× the floor.
 * Run alone: `node -r ../../tools/scripts/register-ts.js bench/replay.bench.ts` in apps/e2e
 * (REPLAY_BENCH_ROWS=100000 for smaller files; `--cpu-prof` works).
 */
import './support/prefer-sources';
import { closeSync, openSync, readSync } from 'node:fs';
import { dec, EventBus, ManualClock } from '@silvertine/core';
import { CsvReplaySource, PaperTradingBroker, paperTradingConfig } from '@silvertine/paper';
import { FAST, format, report, row, ROUNDS, runBench, stopwatch, type BenchRow } from './support/bench-kit';
import { BTCUSDT } from './support/paper-rounds';
import { writeReplayFiles, type ReplayFile } from './support/replay-data';

const QUOTES = Number(process.env.REPLAY_BENCH_ROWS ?? (FAST ? 25_000 : 500_000));
const SEED = 21;
const CHUNK_BYTES = 1 << 16;

/** Floor: chunked read, split, Number() per field. Returns rows/s; the checksum keeps the work alive. */
function floorRound(file: ReplayFile): number {
  const elapsed = stopwatch();
  const fd = openSync(file.path, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let carry = '';
  let rows = 0;
  let checksum = 0;
  const parse = (line: string): void => {
    if (line.length === 0) return;
    const fields = line.split(',');
    if (fields[0].charCodeAt(0) > 57) return; // header
    rows++;
    for (let i = 0; i < fields.length; i++) {
      const v = Number(fields[i]);
      if (v === v) checksum += v;
    }
  };
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      const lines = (carry + buffer.toString('latin1', 0, read)).split('\n');
      carry = lines.pop()!;
      for (let i = 0; i < lines.length; i++) parse(lines[i]);
    }
    parse(carry);
  } finally {
    closeSync(fd);
  }
  const seconds = elapsed();
  if (rows !== file.rows || !(checksum > 0)) throw new Error(`floor read ${rows} of ${file.rows} rows`);
  return rows / seconds;
}

function sourceOf(file: ReplayFile): CsvReplaySource {
  return CsvReplaySource.fromFile(file.path, { layout: file.layout, symbol: BTCUSDT.symbol });
}

/** CsvReplaySource.events() alone: read + parse into Decimal. */
function sourceRound(file: ReplayFile): number {
  const elapsed = stopwatch();
  let rows = 0;
  for (const event of sourceOf(file).events()) if (event.timestamp > 0) rows++;
  const seconds = elapsed();
  if (rows !== file.rows) throw new Error(`source read ${rows} of ${file.rows} rows`);
  return rows / seconds;
}

/** The same replay onto a bus whose only subscriber counts: what the replay and the bus cost without paper. */
async function busRound(file: ReplayFile): Promise<number> {
  const source = sourceOf(file);
  const clock = new ManualClock(0);
  const bus = new EventBus();
  let seen = 0;
  bus.on('MarketData', () => seen++);
  const elapsed = stopwatch();
  const summary = await source.replay(bus, { clock, speed: 'max' }).done;
  const seconds = elapsed();
  bus.close();
  if (seen !== file.rows) throw new Error(`bus delivered ${seen} of ${file.rows}`);
  return summary.published / seconds;
}

/** The backtest path: replay at 'max' on a ManualClock, through the bus into a paper broker. */
async function replayRound(file: ReplayFile): Promise<number> {
  const source = sourceOf(file);
  let first = 0;
  for (const event of source.events()) {
    first = event.timestamp;
    break;
  }
  const clock = new ManualClock(first);
  const bus = new EventBus();
  const broker = new PaperTradingBroker({
    id: 'replay', bus, clock,
    config: paperTradingConfig({ instruments: [BTCUSDT], initialBalances: { USDT: dec('10000000'), BTC: dec('1000') } }),
  });
  await broker.connect();
  // A resting order far below the market: every event is matched against it, none fills it.
  await broker.placeOrder({ instrument: BTCUSDT, side: 'BUY', type: 'LIMIT', limitPrice: dec('1000'), quantity: dec('0.01'), timeInForce: 'GTC' });
  const elapsed = stopwatch();
  const summary = await source.replay(bus, { clock, speed: 'max' }).done;
  const seconds = elapsed();
  const delivered = bus.deliveredCount('MarketData');
  await broker.disconnect();
  bus.close();
  if (summary.published !== file.rows || delivered !== file.rows) throw new Error(`replay published ${summary.published}, delivered ${delivered} of ${file.rows}`);
  return summary.published / seconds;
}

runBench(async () => {
  const generated = process.hrtime.bigint();
  const { files, remove } = writeReplayFiles({ quotes: QUOTES, aggTrades: Math.round(QUOTES * 0.6), klines: Math.round(QUOTES * 0.2) }, SEED);
  try {
    console.log(`generated ${files.map((f) => `${f.rows.toLocaleString('en-US')} ${f.label} (${format(f.bytes / 1048576)} MB)`).join(', ')} in ${format(Number(process.hrtime.bigint() - generated) / 1e6)} ms`);
    // Warm-up: every path once on every file.
    for (const file of files) {
      floorRound(file);
      sourceRound(file);
      await busRound(file);
      await replayRound(file);
    }
    const runs = files.map(() => ({ floor: [] as number[], source: [] as number[], bus: [] as number[], replay: [] as number[] }));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [i, file] of files.entries()) {
        runs[i].floor.push(floorRound(file));
        runs[i].source.push(sourceRound(file));
        runs[i].bus.push(await busRound(file));
        runs[i].replay.push(await replayRound(file));
      }
    }
    const b = 'replay';
    const rows: BenchRow[] = files.flatMap((file, i) => {
      const floor = row(b, `${file.label}: floor (read + split + Number)`, 'events/s', runs[i].floor, 'higher');
      return [
        floor,
        row(b, `${file.label}: CsvReplaySource.events() (Decimal)`, 'events/s', runs[i].source, 'higher', floor),
        row(b, `${file.label}: replay → bus (counting subscriber)`, 'events/s', runs[i].bus, 'higher', floor),
        row(b, `${file.label}: replay → bus → paper`, 'events/s', runs[i].replay, 'higher', floor),
      ];
    });
    const quotes = rows[3];
    const missed = quotes.median < 1_000_000 || (quotes.ratio ?? 0) < 0.5;
    report({
      bench: b,
      rows,
      notes: [
        `${files.map((f) => `${f.rows.toLocaleString('en-US')} ${f.label}`).join(', ')} per round (seed ${SEED}), ${ROUNDS} rounds; paper holds one resting limit order`,
        `goal (issue 21): ≥ 1,000,000 quotes/s and ≥ 0.5× the floor — ${missed ? 'MISSED' : 'met'} (${format(quotes.median)} quotes/s, ${(quotes.ratio ?? 0).toFixed(2)}×)`,
      ],
    });
  } finally {
    remove();
  }
});
