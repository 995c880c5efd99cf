/**
 * Journal append/replay rates, file and Redis, against raw baselines on the same records:
 * - file: sequential awaited appends (what AbstractBroker does per order) beside FileHandle.write; replay
 *   beside a raw readFile + split (+ JSON.parse per line);
 * - Redis: appends from C concurrent orders (each awaits its own submit, as C strategies' places would)
 *   beside raw XADD pipelines of C records; the sequential one-at-a-time case beside one awaited XADD;
 *   replay beside raw XRANGE pages of the same size + JSON.parse per record.
 * Medians of RUNS runs, every run listed (the machine is shared: the spread is part of the figure).
 * Run: npx nx run redis:bench  (needs Redis at REDIS_URL or 127.0.0.1:6379).
 */
import { promises as fs } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dec, type OrderRequest } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { FileOrderJournal, encodeRecord, type FsyncPolicy } from '@silvertine/resilience';
import { RedisStreamsOrderJournal } from '../src/journal/redis-streams-order-journal';
import { RedisTestEnv } from '../src/testing/redis-test-env';

const RUNS = Number(process.env.RUNS ?? 7);
const N = Number(process.env.N ?? 2000);
const N_ALWAYS = Number(process.env.N_ALWAYS ?? 300);
/** Records appended concurrently, and in a replay. */
const N_BULK = Number(process.env.N_BULK ?? 20_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 100);
const PAGE = 10_000;
const GOALS = { redisAppend: 50_000, redisReplay: 200_000, redisWithin: 0.5, fileReplayVsRaw: 0.5 };

const instrument = testInstrument();
const request = (i: number): OrderRequest => ({
  clientOrderId: `bench-${i}`, instrument, side: i % 2 ? 'SELL' : 'BUY', type: 'LIMIT', quantity: dec('0.12345'),
  limitPrice: dec(`50123.${i % 100}`), timeInForce: 'GTC', tags: { strategy: 'bench' },
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (n: number, ms: number) => (n / ms) * 1000;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

async function measure(name: string, n: number, fn: (run: number) => Promise<void>): Promise<number> {
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = process.hrtime.bigint();
    await fn(run);
    rates.push(rate(n, Number(process.hrtime.bigint() - t0) / 1e6));
  }
  const m = median(rates);
  const sorted = [...rates].sort((a, b) => a - b);
  console.log(`${name.padEnd(52)} ${fmt(m).padStart(10)} /s   [${fmt(sorted[0])} – ${fmt(sorted[sorted.length - 1])}]  (runs: ${rates.map(fmt).join(', ')})`);
  return m;
}

/** Runs `n` jobs, `concurrency` at a time, each awaited by its own worker. */
async function concurrently(n: number, concurrency: number, job: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await job(next++);
  }));
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'silvertine-bench-'));
  const env = new RedisTestEnv();
  const client = await env.client();
  const line = (i: number) => JSON.stringify(encodeRecord({ kind: 'submit', brokerId: 'b', at: i, request: request(i) })) + '\n';
  const lines = Array.from({ length: N_BULK }, (_, i) => line(i));
  console.log(`journal bench: N=${N} sequential (fsync=always: ${N_ALWAYS}), ${N_BULK} concurrent/replayed (${CONCURRENCY} at a time), ${RUNS} runs, medians [min – max]; record ≈ ${lines[0].length} bytes; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  const results: Record<string, number> = {};
  try {
    // --- file ---
    for (const policy of ['never', 'always'] as FsyncPolicy[]) {
      const n = policy === 'always' ? N_ALWAYS : N;
      results[`raw-write-${policy}`] = await measure(`raw FileHandle.write${policy === 'always' ? ' + datasync' : ''}`, n, async (run) => {
        const h = await fs.open(join(dir, `raw-${policy}-${run}.jsonl`), 'a');
        for (let i = 0; i < n; i++) {
          await h.write(lines[i]);
          if (policy === 'always') await h.datasync();
        }
        await h.close();
      });
      results[`file-append-${policy}`] = await measure(`FileOrderJournal.recordSubmit (fsync ${policy})`, n, async (run) => {
        const j = new FileOrderJournal({ path: join(dir, `j-${policy}-${run}.jsonl`), fsync: policy });
        await j.open();
        for (let i = 0; i < n; i++) await j.recordSubmit('b', request(i), i);
        await j.close();
      });
    }
    const bulkFile = join(dir, 'bulk.jsonl');
    await fs.writeFile(bulkFile, lines.join(''));
    results['raw-split'] = await measure('raw readFile + split', N_BULK, async () => {
      const text = await fs.readFile(bulkFile, 'utf8');
      if (text.split('\n').length !== N_BULK + 1) throw new Error('bad split');
    });
    results['raw-read'] = await measure('raw readFile + split + JSON.parse per line', N_BULK, async () => {
      const text = await fs.readFile(bulkFile, 'utf8');
      for (const l of text.split('\n')) if (l) JSON.parse(l);
    });
    results['file-replay'] = await measure('FileOrderJournal.replay', N_BULK, async () => {
      const replay = await new FileOrderJournal({ path: bulkFile, fsync: 'never' }).replay();
      if (replay.records !== N_BULK) throw new Error(`replayed ${replay.records}`);
    });

    // --- redis: appends ---
    results['xadd'] = await measure('raw XADD, one awaited at a time', N, async (run) => {
      const key = `${env.prefix}raw-seq-${run}`;
      for (let i = 0; i < N; i++) await client.xAdd(key, '*', { r: lines[i] });
    });
    results['redis-append'] = await measure('RedisStreamsOrderJournal.recordSubmit, sequential', N, async (run) => {
      const j = new RedisStreamsOrderJournal({ client, stream: `${env.prefix}j-seq-${run}` });
      for (let i = 0; i < N; i++) await j.recordSubmit('b', request(i), i);
    });
    results['xadd-pipe'] = await measure(`raw XADD pipelines of ${CONCURRENCY}`, N_BULK, async (run) => {
      const key = `${env.prefix}raw-${run}`;
      for (let i = 0; i < N_BULK; i += CONCURRENCY) {
        const multi = client.multi();
        for (let k = i; k < Math.min(N_BULK, i + CONCURRENCY); k++) multi.addCommand(['XADD', key, '*', 'r', lines[k]]);
        await multi.execAsPipeline();
      }
    });
    let batches = '';
    results['redis-append-c'] = await measure(`RedisStreamsOrderJournal.recordSubmit, ${CONCURRENCY} concurrent`, N_BULK, async (run) => {
      const j = new RedisStreamsOrderJournal({ client, stream: `${env.prefix}j-${run}` });
      await concurrently(N_BULK, CONCURRENCY, (i) => j.recordSubmit('b', request(i), i));
      batches = `${(j.stats.records / j.stats.batches).toFixed(0)} records/batch`;
    });
    console.log(`  (group commit: ${batches})`);
    results['redis-claim-c'] = await measure(`  claimSubmit (claims: SET NX + XADD script), ${CONCURRENCY} concurrent`, N_BULK, async (run) => {
      const j = new RedisStreamsOrderJournal({ client, stream: `${env.prefix}jc-${run}`, claims: { keyPrefix: `${env.prefix}claims-${run}:` } });
      await concurrently(N_BULK, CONCURRENCY, (i) => j.claimSubmit('b', request(i), i));
    });

    // --- redis: replay ---
    results['xrange'] = await measure(`raw XRANGE pages of ${PAGE} + JSON.parse`, N_BULK, async () => {
      let start = '-';
      for (;;) {
        const page = (await client.xRange(`${env.prefix}raw-0`, start, '+', { COUNT: PAGE })) ?? [];
        for (const e of page) JSON.parse(String(e.message.r));
        if (page.length < PAGE) break;
        start = `(${page[page.length - 1].id}`;
      }
    });
    results['redis-replay'] = await measure('RedisStreamsOrderJournal.replay', N_BULK, async () => {
      const replay = await new RedisStreamsOrderJournal({ client, stream: `${env.prefix}j-0` }).replay();
      if (replay.records !== N_BULK) throw new Error(`replayed ${replay.records}`);
    });
  } finally {
    await env.cleanup();
    await fs.rm(dir, { recursive: true, force: true });
  }
  const ratio = (a: string, b: string) => results[a] / results[b];
  const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log('\nratios (journal rate / raw rate; 1.00× = no overhead):');
  console.log(`  file append, fsync never       : ${ratio('file-append-never', 'raw-write-never').toFixed(2)}×`);
  console.log(`  file append, fsync always      : ${ratio('file-append-always', 'raw-write-always').toFixed(2)}×`);
  console.log(`  file replay vs read+split+parse: ${ratio('file-replay', 'raw-read').toFixed(2)}×   goal ≥ ${GOALS.fileReplayVsRaw}×: ${check(ratio('file-replay', 'raw-read') >= GOALS.fileReplayVsRaw)}`);
  console.log(`  file replay vs read+split      : ${ratio('file-replay', 'raw-split').toFixed(2)}×`);
  console.log(`  redis append sequential vs XADD: ${ratio('redis-append', 'xadd').toFixed(2)}×`);
  const appendOk = results['redis-append-c'] >= GOALS.redisAppend && ratio('redis-append-c', 'xadd-pipe') >= GOALS.redisWithin;
  console.log(`  redis append ${CONCURRENCY} concurrent vs pipelined XADD: ${ratio('redis-append-c', 'xadd-pipe').toFixed(2)}×   goal ≥ ${fmt(GOALS.redisAppend)}/s and ≥ ${GOALS.redisWithin}×: ${check(appendOk)}`);
  const replayOk = results['redis-replay'] >= GOALS.redisReplay && ratio('redis-replay', 'xrange') >= GOALS.redisWithin;
  console.log(`  redis replay vs XRANGE         : ${ratio('redis-replay', 'xrange').toFixed(2)}×   goal ≥ ${fmt(GOALS.redisReplay)}/s and ≥ ${GOALS.redisWithin}×: ${check(replayOk)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
