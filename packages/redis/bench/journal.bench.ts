/**
 * Journal append/replay rates, file and Redis, against raw baselines (FileHandle.write, XADD/XRANGE of the
 * same bytes). Sequential awaited appends (what AbstractBroker does per order) and full replays.
 * Medians of RUNS runs. Run: npx nx run redis:bench  (needs Redis at REDIS_URL or 127.0.0.1:6379).
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dec, type OrderRequest } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { FileOrderJournal, encodeRecord, type FsyncPolicy } from '@silvertine/resilience';
import { RedisStreamsOrderJournal } from '../src/journal/redis-streams-order-journal';
import { RedisTestEnv } from '../src/testing/redis-test-env';

const RUNS = Number(process.env.RUNS ?? 5);
const N = Number(process.env.N ?? 2000);
const N_ALWAYS = Number(process.env.N_ALWAYS ?? 300);

const instrument = testInstrument();
const request = (i: number): OrderRequest => ({
  clientOrderId: `bench-${i}`, instrument, side: i % 2 ? 'SELL' : 'BUY', type: 'LIMIT', quantity: dec('0.12345'),
  limitPrice: dec('50123.45'), timeInForce: 'GTC', tags: { strategy: 'bench' },
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (n: number, ms: number) => (n / ms) * 1000;

async function measure(name: string, n: number, fn: (run: number) => Promise<void>): Promise<number> {
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = process.hrtime.bigint();
    await fn(run);
    rates.push(rate(n, Number(process.hrtime.bigint() - t0) / 1e6));
  }
  const m = median(rates);
  console.log(`${name.padEnd(44)} ${Math.round(m).toLocaleString('en-US').padStart(10)} /s   (runs: ${rates.map((r) => Math.round(r)).join(', ')})`);
  return m;
}

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'silvertine-bench-'));
  const env = new RedisTestEnv();
  const client = await env.client();
  const line = (i: number) => JSON.stringify(encodeRecord({ kind: 'submit', brokerId: 'b', at: i, request: request(i) })) + '\n';
  console.log(`journal bench: N=${N} (fsync=always: ${N_ALWAYS}), ${RUNS} runs, medians; record ≈ ${line(0).length} bytes\n`);
  const results: Record<string, number> = {};
  try {
    // --- file ---
    for (const policy of ['never', 'always'] as FsyncPolicy[]) {
      const n = policy === 'always' ? N_ALWAYS : N;
      results[`raw-write-${policy}`] = await measure(`raw FileHandle.write${policy === 'always' ? ' + datasync' : ''}`, n, async (run) => {
        const h = await fs.open(join(dir, `raw-${policy}-${run}.jsonl`), 'a');
        for (let i = 0; i < n; i++) {
          await h.write(line(i));
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
    results['raw-read'] = await measure('raw readFile + JSON.parse per line', N, async () => {
      const text = await fs.readFile(join(dir, 'raw-never-0.jsonl'), 'utf8');
      for (const l of text.split('\n')) if (l) JSON.parse(l);
    });
    results['file-replay'] = await measure('FileOrderJournal.replay', N, async () => {
      await new FileOrderJournal({ path: join(dir, 'j-never-0.jsonl'), fsync: 'never' }).replay();
    });

    // --- redis ---
    results['xadd'] = await measure('raw XADD (same bytes)', N, async (run) => {
      const key = `${env.prefix}raw-${run}`;
      for (let i = 0; i < N; i++) await client.xAdd(key, '*', { r: line(i) });
    });
    results['redis-append'] = await measure('RedisStreamsOrderJournal.recordSubmit', N, async (run) => {
      const j = new RedisStreamsOrderJournal({ client, stream: `${env.prefix}j-${run}` });
      for (let i = 0; i < N; i++) await j.recordSubmit('b', request(i), i);
    });
    results['xrange'] = await measure('raw XRANGE pages of 1000 + JSON.parse', N, async () => {
      let start = '-';
      for (;;) {
        const page = (await client.xRange(`${env.prefix}raw-0`, start, '+', { COUNT: 1000 })) ?? [];
        for (const e of page) JSON.parse(String(e.message.r));
        if (page.length < 1000) break;
        start = `(${page[page.length - 1].id}`;
      }
    });
    results['redis-replay'] = await measure('RedisStreamsOrderJournal.replay', N, async () => {
      await new RedisStreamsOrderJournal({ client, stream: `${env.prefix}j-0` }).replay();
    });
  } finally {
    await env.cleanup();
    await fs.rm(dir, { recursive: true, force: true });
  }
  const ratio = (a: string, b: string) => `${(results[a] / results[b]).toFixed(2)}×`;
  console.log('\nratios (journal rate / raw rate; 1.00× = no overhead):');
  console.log(`  file append, fsync never : ${ratio('file-append-never', 'raw-write-never')}`);
  console.log(`  file append, fsync always: ${ratio('file-append-always', 'raw-write-always')}`);
  console.log(`  file replay              : ${ratio('file-replay', 'raw-read')}`);
  console.log(`  redis append vs XADD     : ${ratio('redis-append', 'xadd')}`);
  console.log(`  redis replay vs XRANGE   : ${ratio('redis-replay', 'xrange')}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
