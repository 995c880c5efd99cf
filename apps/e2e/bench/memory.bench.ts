/**
 * 1,000,000 paper orders in one process: RSS and heap after warm-up, and a leak check. Run with
 * `node --expose-gc`. Phases: a warm-up (fills the broker's closed-order window and JIT caches), then
 * three equal phases; after each, a full GC and the used heap is read. The paper engine keeps at most
 * 100,000 closed orders (closedOrderRetention), core's order tracker 10,000 (maxClosedOrders), and the
 * portfolio is one position, so after a warm-up longer than those windows the live set should not grow. Threshold: LEAK_LIMIT_BYTES_PER_ORDER (default 16 bytes) of heap
 * growth per order between the end of phase 1 and the end of phase 3. Anything retained per order —
 * even one small string or Map entry (≥ 40 bytes) — exceeds it, while GC noise (a few MB at most over
 * 600,000 orders, i.e. under 10 bytes per order) stays below. Above it the process exits non-zero.
 * Every figure stands beside its peer: the same process at start (modules loaded, no broker yet, after a
 * full GC). RSS after all orders must stay under MEMORY_LIMIT_MB (default 250, issue 21), or it fails too.
 */
import './support/prefer-sources';
import { format, report, row, runBench } from './support/bench-kit';
import { paperBroker, sendOrders } from './support/paper-rounds';

const TOTAL = Number(process.env.MEMORY_BENCH_ORDERS ?? 1_000_000);
// Longer than every retention window on the path (engine 100,000 closed orders, tracker 10,000).
const PHASE = Math.floor((TOTAL * 0.85) / 3);
const WARMUP = TOTAL - 3 * PHASE;
const LIMIT = Number(process.env.LEAK_LIMIT_BYTES_PER_ORDER ?? 16);
const MB = 1024 * 1024;
const RSS_LIMIT_MB = Number(process.env.MEMORY_LIMIT_MB ?? 250);

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (the leak check needs a full GC between phases)');
  gc();
  gc();
}

runBench(async () => {
  collect();
  const initial = process.memoryUsage();
  console.log(`at start (no broker): RSS ${format(initial.rss / MB)} MB, heap used ${format(initial.heapUsed / MB)} MB`);
  const { broker, bus } = await paperBroker();
  let fills = 0;
  bus.on('Fill', () => fills++);
  const started = process.hrtime.bigint();
  await sendOrders(broker, WARMUP);
  collect();
  const warm = process.memoryUsage();
  console.log(`after warm-up (${WARMUP} orders): RSS ${format(warm.rss / MB)} MB, heap used ${format(warm.heapUsed / MB)} MB`);
  const heaps: number[] = [];
  const rss: number[] = [];
  for (let phase = 1; phase <= 3; phase++) {
    await sendOrders(broker, PHASE);
    collect();
    const m = process.memoryUsage();
    heaps.push(m.heapUsed);
    rss.push(m.rss);
    console.log(`after phase ${phase} (${WARMUP + phase * PHASE} orders): RSS ${format(m.rss / MB)} MB, heap used ${format(m.heapUsed / MB)} MB`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const orders = WARMUP + 3 * PHASE;
  await broker.disconnect();
  bus.close();
  if (fills !== orders) throw new Error(`expected ${orders} fills, saw ${fills}`);
  const growthPerOrder = (heaps[2] - heaps[0]) / (2 * PHASE);
  const b = 'memory';
  const rssStart = row(b, 'RSS at start (no broker, after GC)', 'MB', [initial.rss / MB], 'lower');
  const heapStart = row(b, 'heap used at start (no broker, after GC)', 'MB', [initial.heapUsed / MB], 'lower');
  const finalRss = rss[2] / MB;
  const failures = [
    growthPerOrder > LIMIT ? `heap grew ${growthPerOrder.toFixed(1)} bytes/order (> ${LIMIT}): something is retained per order` : undefined,
    finalRss > RSS_LIMIT_MB ? `RSS ${format(finalRss)} MB after ${orders.toLocaleString('en-US')} orders is over the ${RSS_LIMIT_MB} MB limit` : undefined,
  ].filter((f): f is string => f !== undefined);
  report({
    bench: b,
    rows: [
      rssStart,
      row(b, 'RSS after warm-up', 'MB', [warm.rss / MB], 'lower', rssStart),
      row(b, `RSS after ${orders.toLocaleString('en-US')} orders`, 'MB', [finalRss], 'lower', rssStart),
      heapStart,
      row(b, 'heap used after warm-up', 'MB', [warm.heapUsed / MB], 'lower', heapStart),
      row(b, `heap used after ${orders.toLocaleString('en-US')} orders`, 'MB', [heaps[2] / MB], 'lower', heapStart),
      row(b, `heap growth phase 1 → 3 (after GC; limit ${LIMIT})`, 'bytes/order', [growthPerOrder], 'lower'),
    ],
    notes: [
      `leak threshold ${LIMIT} bytes/order of post-GC heap growth over ${(2 * PHASE).toLocaleString('en-US')} orders; RSS limit ${RSS_LIMIT_MB} MB after all orders (${format(finalRss)} MB); single run (one process holds all ${orders.toLocaleString('en-US')} orders)`,
      `${format(orders / seconds)} orders/s through the process (wall time across GCs and phases, for scale only: paper throughput is measured against its floor by the paper bench)`,
    ],
    failed: failures.length ? failures.join('; ') : undefined,
  });
});
