/**
 * IB placeOrder → acknowledged on the TWS emulator: InteractiveBrokersBroker vs raw @stoqey/ib IBApi
 * (placeOrder, then the first orderStatus). Measured the way packages/ib/bench/place-order.bench.ts does,
 * with its round logic (@silvertine/ib/testing): an emulator per side, both connected for the whole bench;
 * warm-up on both sides at once; rounds of at most maxReqPerSec/10 orders after a rest longer than
 * @stoqey/ib's pacer window, the sides taking turns order by order. The row bench-compare gates is the
 * median of the paired round ratios (a round's adapter median over its raw median), not the ratio of the
 * two medians, which a load drifting during the run moves more (issue #21; packages/ib/README.md, Benchmark).
 * Resting LIMIT orders far from the market: acknowledged, never filled.
 * Run alone: `node -r ../../tools/scripts/register-ts.js bench/ib.bench.ts` in apps/e2e. Env: IB_BENCH_ROUNDS
 * (41), IB_BENCH_ORDERS (100, its maximum), IB_BENCH_WARMUP (3000).
 */
import './support/prefer-sources';
import {
  adapterSide, goalVerdict, interleavedRound, PACER_WINDOW_MS, pacerBurst, pairedRatio, rawSide, warmUp,
  type PlaceOrderRound, type PlaceOrderSide,
} from '@silvertine/ib/testing';
import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';
import { report, row, runBench } from './support/bench-kit';

const PACING = 1000;
const ROUNDS = Math.max(7, Number(process.env.IB_BENCH_ROUNDS ?? 41));
const ORDERS = Math.min(pacerBurst(PACING), Number(process.env.IB_BENCH_ORDERS ?? pacerBurst(PACING)));
const WARMUP = Number(process.env.IB_BENCH_WARMUP ?? 3_000);
const REST_MS = PACER_WINDOW_MS + 10;
const GOAL = 1.15;

runBench(async () => {
  const emulators: TwsEmulator[] = [];
  const sides: PlaceOrderSide[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const emulator = await startTwsEmulator({ port: 0, timerIntervalMs: 0 });
      emulator.setPrice('AAPL', 150);
      emulators.push(emulator);
    }
    sides.push(await adapterSide(emulators[0].port, PACING), await rawSide(emulators[1].port, PACING));
    await warmUp(sides, WARMUP);
    const adapter: PlaceOrderRound[] = [];
    const raw: PlaceOrderRound[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const [a, b] = await interleavedRound(sides, ORDERS, REST_MS);
      adapter.push(a);
      raw.push(b);
    }
    const ratio = pairedRatio(adapter, raw);
    const [low, high] = ratio.interval;
    const floor = row('ib', 'raw @stoqey/ib IBApi placeOrder → orderStatus', 'µs/order', raw.map((x) => x.wall), 'lower');
    // the gated ratio: the paired median (row() would give the ratio of the two medians)
    const broker = { ...row('ib', 'InteractiveBrokersBroker placeOrder → ack', 'µs/order', adapter.map((x) => x.wall), 'lower', floor), ratio: ratio.median };
    report({
      bench: 'ib',
      rows: [floor, broker],
      notes: [
        `${ROUNDS} rounds × ${ORDERS} orders per side, sides taking turns order by order, ${REST_MS} ms rest before each round, after ${WARMUP} untimed orders per side; pacing ${PACING} req/s both sides; runs = each round's median`,
        `ratio = median of paired rounds ${ratio.median.toFixed(2)}× (95% interval ${low.toFixed(2)}–${high.toFixed(2)}); ratio of medians ${ratio.byMedians.toFixed(2)}×; goal (issue 21) ≤ ${GOAL}×: ${goalVerdict(ratio, GOAL)}`,
      ],
    });
  } finally {
    for (const side of sides) await side.close();
    for (const emulator of emulators) await emulator.close();
  }
});
