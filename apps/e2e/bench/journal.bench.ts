/**
 * Order journal append and replay: FileOrderJournal vs raw FileHandle.write / readFile + JSON.parse of
 * the same bytes, and RedisStreamsOrderJournal vs raw XADD / XRANGE of the same bytes. Sequential
 * awaited appends (what AbstractBroker does before sending an order) and full replays; medians of
 * ROUNDS. The method follows packages/redis/bench/journal.bench.ts. Redis: REDIS_URL or the local
 * server; without one the Redis rows are skipped with a note.
 */
import './support/prefer-sources';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dec, type OrderRequest } from '@silvertine/core';
import { connectRedis, createRedisClient, RedisStreamsOrderJournal, type SilvertineRedisClient } from '@silvertine/redis';
import { encodeRecord, FileOrderJournal } from '@silvertine/resilience';
import { report, row, ROUNDS, runBench, type BenchRow } from './support/bench-kit';
import { BTCUSDT } from './support/paper-rounds';

const N = Number(process.env.JOURNAL_BENCH_N ?? 2_000);
const request = (i: number): OrderRequest => ({
  clientOrderId: `bench-${i}`, instrument: BTCUSDT, side: i % 2 ? 'SELL' : 'BUY', type: 'LIMIT', quantity: dec('0.12345'),
  limitPrice: dec('50123.45'), timeInForce: 'GTC', tags: { strategy: 'bench' },
});
const line = (i: number) => JSON.stringify(encodeRecord({ kind: 'submit', brokerId: 'b', at: i, request: request(i) })) + '\n';

async function rates(fn: (run: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  await fn(-1); // warm-up
  for (let run = 0; run < ROUNDS; run++) {
    const t0 = process.hrtime.bigint();
    await fn(run);
    out.push(N / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return out;
}

async function fileRows(dir: string): Promise<BenchRow[]> {
  const b = 'journal';
  const raw = row(b, 'raw FileHandle.write (no fsync)', 'appends/s', await rates(async (run) => {
    const h = await fs.open(join(dir, `raw-${run}.jsonl`), 'a');
    for (let i = 0; i < N; i++) await h.write(line(i));
    await h.close();
  }), 'higher');
  const file = row(b, 'FileOrderJournal.recordSubmit (fsync never)', 'appends/s', await rates(async (run) => {
    const j = new FileOrderJournal({ path: join(dir, `j-${run}.jsonl`), fsync: 'never' });
    await j.open();
    for (let i = 0; i < N; i++) await j.recordSubmit('b', request(i), i);
    await j.close();
  }), 'higher', raw);
  const rawRead = row(b, 'raw readFile + JSON.parse per line', 'records/s', await rates(async () => {
    const text = await fs.readFile(join(dir, 'raw-0.jsonl'), 'utf8');
    for (const l of text.split('\n')) if (l) JSON.parse(l);
  }), 'higher');
  const replay = row(b, 'FileOrderJournal.replay', 'records/s', await rates(async () => {
    await new FileOrderJournal({ path: join(dir, 'j-0.jsonl'), fsync: 'never' }).replay();
  }), 'higher', rawRead);
  return [raw, file, rawRead, replay];
}

async function redisRows(client: SilvertineRedisClient, prefix: string): Promise<BenchRow[]> {
  const b = 'journal';
  const xadd = row(b, 'raw XADD (same bytes)', 'appends/s', await rates(async (run) => {
    for (let i = 0; i < N; i++) await client.xAdd(`${prefix}raw-${run}`, '*', { r: line(i) });
  }), 'higher');
  const append = row(b, 'RedisStreamsOrderJournal.recordSubmit', 'appends/s', await rates(async (run) => {
    const j = new RedisStreamsOrderJournal({ client, stream: `${prefix}j-${run}` });
    for (let i = 0; i < N; i++) await j.recordSubmit('b', request(i), i);
  }), 'higher', xadd);
  const xrange = row(b, 'raw XRANGE pages of 1000 + JSON.parse', 'records/s', await rates(async () => {
    let start = '-';
    for (;;) {
      const page = (await client.xRange(`${prefix}raw-0`, start, '+', { COUNT: 1000 })) ?? [];
      for (const e of page) JSON.parse(String(e.message.r));
      if (page.length < 1000) break;
      start = `(${page[page.length - 1].id}`;
    }
  }), 'higher');
  const replay = row(b, 'RedisStreamsOrderJournal.replay', 'records/s', await rates(async () => {
    await new RedisStreamsOrderJournal({ client, stream: `${prefix}j-0` }).replay();
  }), 'higher', xrange);
  return [xadd, append, xrange, replay];
}

runBench(async () => {
  const dir = await fs.mkdtemp(join(tmpdir(), 'silvertine-e2e-journal-'));
  const notes = [`${N} records per round (≈ ${line(0).length} bytes each), ${ROUNDS} rounds`];
  const rows: BenchRow[] = [];
  try {
    rows.push(...(await fileRows(dir)));
    const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const client = createRedisClient({ url });
    const prefix = `silvertine:e2e-bench:${randomBytes(4).toString('hex')}:`;
    try {
      await Promise.race([connectRedis(client), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 2 s')), 2_000).unref())]);
      rows.push(...(await redisRows(client, prefix)));
    } catch (error) {
      notes.push(`Redis at ${url} unavailable (${(error as Error).message}): Redis rows skipped`);
    } finally {
      if (client.isOpen) {
        const keys = await client.keys(`${prefix}*`);
        if (keys.length) await client.del(keys);
        await client.quit();
      } else {
        await client.disconnect().catch(() => undefined);
      }
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  report({ bench: 'journal', rows, notes });
});
