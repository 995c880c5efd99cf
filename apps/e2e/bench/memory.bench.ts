/**
 * 1,000,000 paper orders in one process: RSS and heap after warm-up, and a leak check. Run with
 * `node --expose-gc`. Phases: a warm-up (fills the broker's closed-order window and JIT caches), then
 * three equal phases; after each, a full GC and the used heap is read. The paper engine keeps at most
 * 100,000 closed orders (closedOrderRetention), core's order tracker 10,000 (maxClosedOrders), and the
 * portfolio is one position, so after a warm-up longer than those windows the live set should not grow. Threshold: LEAK_LIMIT_BYTES_PER_ORDER (default 16 bytes) of heap
 * growth per order between the end of phase 1 and the end of phase 3. Anything retained per order —
 * even one small string or Map entry (≥ 40 bytes) — exceeds it, while GC noise (a few MB at most over
 * 600,000 orders, i.e. under 10 bytes per order) stays below. Above it the process exits non-zero.
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

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (the leak check needs a full GC between phases)');
  gc();
  gc();
}

runBench(async () => {
  collect();
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
  report({
    bench: b,
    rows: [
      row(b, 'RSS after warm-up', 'MB', [warm.rss / MB], 'lower'),
      row(b, 'heap used after warm-up', 'MB', [warm.heapUsed / MB], 'lower'),
      row(b, `RSS after ${orders.toLocaleString('en-US')} orders`, 'MB', [rss[2] / MB], 'lower'),
      row(b, `heap used after ${orders.toLocaleString('en-US')} orders`, 'MB', [heaps[2] / MB], 'lower'),
      row(b, 'heap growth phase 1 → 3 (after GC)', 'bytes/order', [growthPerOrder], 'lower'),
      row(b, 'paper orders through the process', 'orders/s', [orders / seconds], 'higher'),
    ],
    notes: [`leak threshold ${LIMIT} bytes/order of post-GC heap growth over ${(2 * PHASE).toLocaleString('en-US')} orders; single run (one process holds all ${orders.toLocaleString('en-US')} orders)`],
    failed: growthPerOrder > LIMIT ? `heap grew ${growthPerOrder.toFixed(1)} bytes/order (> ${LIMIT}): something is retained per order` : undefined,
  });
});
