/**
 * What monitoring costs on the paper order path: PaperTradingBroker with core's no-op sink vs with
 * BrokerMetrics as its sink and observing the bus (what the composition root wires). Interleaved rounds.
 */
import './support/prefer-sources';
import { NoopMetricsSink } from '@silvertine/core';
import { BrokerMetrics } from '@silvertine/monitoring';
import { FAST_SCALE, report, row, ROUNDS, runBench } from './support/bench-kit';
import { paperRound } from './support/paper-rounds';

const ORDERS = Number(process.env.METRICS_BENCH_ORDERS ?? 30_000 * FAST_SCALE);

async function withMetrics(): Promise<number> {
  const metrics = new BrokerMetrics({ venues: { bench: 'paper' } });
  try {
    return (await paperRound(ORDERS, metrics, (bus) => metrics.observeBus(bus))).ordersPerSecond;
  } finally {
    metrics.close();
  }
}

runBench(async () => {
  // As many warm-up orders as a full-size round (fast mode's rounds are a fifth of one).
  for (let w = 0; w < Math.round(1 / FAST_SCALE); w++) {
    await paperRound(ORDERS, new NoopMetricsSink());
    await withMetrics();
  }
  const noop: number[] = [];
  const metered: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    noop.push((await paperRound(ORDERS, new NoopMetricsSink())).ordersPerSecond);
    metered.push(await withMetrics());
  }
  const base = row('metrics', 'paper, no-op metrics sink', 'orders/s', noop, 'higher');
  const with_ = row('metrics', 'paper, BrokerMetrics sink + observeBus', 'orders/s', metered, 'higher', base);
  report({
    bench: 'metrics',
    rows: [base, with_],
    notes: [`metrics overhead: ${((1 - with_.median / base.median) * 100).toFixed(1)} % of paper throughput (${ORDERS} orders per round)`],
  });
});
