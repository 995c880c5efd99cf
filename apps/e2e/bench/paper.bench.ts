/**
 * Paper orders per second and placeOrder → FillEvent p50/p99, against a bare RxJS Subject carrying as
 * many events per order (the floor no broker can beat). Rounds interleaved; medians of ROUNDS.
 * Run alone: `node -r ../../tools/scripts/register-ts.js bench/paper.bench.ts` in apps/e2e.
 */
import './support/prefer-sources';
import { FAST_SCALE, report, row, ROUNDS, runBench } from './support/bench-kit';
import { floorRound, paperRound, type PaperRound } from './support/paper-rounds';

const ORDERS = Number(process.env.PAPER_BENCH_ORDERS ?? 50_000 * FAST_SCALE);
const WARMUPS = Math.round(1 / FAST_SCALE);

runBench(async () => {
  const warm = await paperRound(ORDERS);
  const perOrder = Math.round(warm.eventsPerOrder);
  await floorRound(ORDERS, perOrder);
  // Fast mode's rounds are short enough that one warm-up leaves the JIT mid-way (its first measured
  // round ran at a quarter of the next ones): warm up as long as a full-size round would.
  for (let w = 1; w < WARMUPS; w++) {
    await paperRound(ORDERS);
    await floorRound(ORDERS, perOrder);
  }
  const broker: PaperRound[] = [];
  const floor: PaperRound[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    broker.push(await paperRound(ORDERS));
    floor.push(await floorRound(ORDERS, perOrder));
  }
  const b = 'paper';
  const floorOps = row(b, `RxJS Subject floor (${perOrder} events/order)`, 'orders/s', floor.map((r) => r.ordersPerSecond), 'higher');
  const floorP50 = row(b, 'RxJS floor p50', 'µs', floor.map((r) => r.p50us), 'lower');
  const floorP99 = row(b, 'RxJS floor p99', 'µs', floor.map((r) => r.p99us), 'lower');
  const ops = row(b, 'PaperTradingBroker placeOrder → Fill', 'orders/s', broker.map((r) => r.ordersPerSecond), 'higher', floorOps);
  const p99 = row(b, 'PaperTradingBroker p99', 'µs', broker.map((r) => r.p99us), 'lower', floorP99);
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  report({
    bench: b,
    rows: [floorOps, ops, floorP50, row(b, 'PaperTradingBroker p50', 'µs', broker.map((r) => r.p50us), 'lower', floorP50), floorP99, p99],
    notes: [
      `${ORDERS} sequential MARKET orders per round, ${ROUNDS} rounds; goal (issue 3): ≥ 200,000 orders/s, p99 ≤ 50 µs`,
      `goal (issue 21): ≥ 500,000 orders/s — ${met(ops.median >= 500_000)}; p99 ≤ 10 µs — ${met(p99.median <= 10)} (median ${Math.round(ops.median)} orders/s, p99 ${p99.median.toFixed(1)} µs)`,
    ],
  });
});
