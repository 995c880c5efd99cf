/**
 * What BrokerMetrics costs on the order path (issue 8: at most 5 % of paper-broker throughput).
 * PaperTradingBroker + EventBus place sequential MARKET orders that fill at once (a quote with ample
 * size, a real-sized account), set up as in packages/paper/bench/paper-broker.bench.ts, with:
 *   - core's NoopMetricsSink (the baseline),
 *   - BrokerMetrics as the sink,
 *   - BrokerMetrics as the sink that also observes the bus (what `Monitoring` wires up).
 * Rounds are interleaved, and the order of the variants rotates from round to round, so drift (GC,
 * CPU frequency, other processes on this shared machine) hits every variant alike. Prints, per
 * variant, the median of ROUNDS runs in orders per wall-clock second and per CPU second of this
 * process (process.cpuUsage; steadier when other processes compete for the cores), and the overhead
 * 1 − with/without. Each run checks that BrokerMetrics counted every order.
 * Run: `npx nx run monitoring:bench` (BENCH_ORDERS, BENCH_ROUNDS override the sizes).
 */
import { createEvent, dec, EventBus, NoopMetricsSink, type Clock, type MetricsSink, type Quote } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- bench-only: the paper broker is what issue 8's overhead is measured on
import { PaperTradingBroker, paperTradingConfig } from '@silvertine/paper';
// eslint-disable-next-line @nx/enforce-module-boundaries -- bench-only: instrument builder of the paper broker above
import { spotInstrument } from '@silvertine/paper/testing';
import { BrokerMetrics } from '../src';

const ORDERS = Number(process.env['BENCH_ORDERS'] ?? 50_000);
const ROUNDS = Math.max(7, Number(process.env['BENCH_ROUNDS'] ?? 9));
const TARGET_OVERHEAD = 0.05;

const instrument = spotInstrument('BTCUSDT');
const quantity = dec('0.001');
const ample = dec('1000000000');
const quote: Quote = { kind: 'quote', symbol: 'BTCUSDT', bid: dec('49999.99'), ask: dec('50000.01'), bidSize: ample, askSize: ample, timestamp: 0 };
/** Wall time in ms, without timers: nothing in this bench waits. */
const clock: Clock = { now: () => Date.now(), setTimeout: () => ({ cancel: () => undefined }) };

interface Variant {
  readonly name: string;
  readonly make: (bus: EventBus) => MetricsSink;
}

const metricsFor = (): BrokerMetrics => new BrokerMetrics({ clock, venues: { bench: 'paper' } });

const variants: readonly Variant[] = [
  { name: 'no-op sink (core default)', make: () => new NoopMetricsSink() },
  { name: 'BrokerMetrics sink', make: () => metricsFor() },
  {
    name: 'BrokerMetrics sink + observeBus',
    make: (bus) => {
      const metrics = metricsFor();
      metrics.observeBus(bus);
      return metrics;
    },
  },
];

/** Orders per wall-clock second and per CPU second of one run. */
interface RunResult {
  readonly wall: number;
  readonly cpu: number;
}

async function run(variant: Variant): Promise<RunResult> {
  const bus = new EventBus();
  const metrics = variant.make(bus);
  const broker = new PaperTradingBroker({
    id: 'bench',
    bus,
    clock,
    metrics,
    maxClosedOrders: 1_000,
    // Round trips only cost fees (~0.1 USDT each), so the account never runs out over all rounds.
    config: paperTradingConfig({ instruments: [instrument], initialBalances: { USDT: dec('10000000'), BTC: dec('1000') } }),
  });
  await broker.connect();
  bus.publish(createEvent({ type: 'MarketData', data: quote }, clock.now()));
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ORDERS; i++) {
    await broker.placeOrder({ instrument, side: i % 2 ? 'SELL' : 'BUY', type: 'MARKET', quantity });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  await broker.disconnect();
  if (metrics instanceof BrokerMetrics) {
    const totals = metrics.summary('bench')?.totals;
    if (totals?.submitted !== ORDERS || totals.fills !== ORDERS || totals.finished['FILLED'] !== ORDERS) {
      throw new Error(`BrokerMetrics lost orders: ${JSON.stringify(totals)}`);
    }
    metrics.close();
  }
  bus.close();
  return { wall: ORDERS / seconds, cpu: ORDERS / ((cpu.user + cpu.system) / 1e6) };
}

/**
 * CPU nanoseconds of the sink calls one filled order makes (submitted, acknowledged, first fill, fill,
 * finished), in a tight loop: the sink's own cost, without the broker around it.
 */
function sinkNsPerOrder(sink: MetricsSink, iterations = 500_000): number {
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    sink.orderSubmitted('bench', 'MARKET');
    sink.orderAcknowledged('bench', 0.002, 'MARKET');
    sink.orderFirstFill('bench', 0.003, 'MARKET');
    sink.fill('bench', 'BTCUSDT');
    sink.orderFinished('bench', 'FILLED');
  }
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / iterations;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  for (const v of variants) await run(v); // warm-up: JIT, metric children
  const results = new Map<string, RunResult[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(round + k) % variants.length];
      results.get(v.name)?.push(await run(v));
    }
  }
  console.log(`\nPaperTradingBroker.placeOrder, ${ORDERS} sequential MARKET orders per run (each fills at once), median of ${ROUNDS} interleaved runs (Node ${process.version})`);
  const overheads: number[] = [];
  for (const measure of ['wall', 'cpu'] as const) {
    const baseline = median((results.get(variants[0].name) ?? []).map((r) => r[measure]));
    console.log(measure === 'wall' ? '  orders per wall-clock second' : '  orders per CPU second (user + system)');
    for (const v of variants) {
      const runs = (results.get(v.name) ?? []).map((r) => r[measure]);
      const m = median(runs);
      const overhead = 1 - m / baseline;
      if (v !== variants[0]) overheads.push(overhead);
      console.log(`    ${v.name.padEnd(34)} ${m.toFixed(0).padStart(8)}/s   overhead ${(overhead * 100).toFixed(1).padStart(5)} %   runs ${runs.map((r) => r.toFixed(0)).join(' ')}`);
    }
  }
  const worst = Math.max(...overheads);
  console.log(`  target (issue 8): overhead ≤ ${TARGET_OVERHEAD * 100} % — worst above ${(worst * 100).toFixed(1)} %: ${worst <= TARGET_OVERHEAD ? 'met' : 'NOT met'}`);
}

function micro(): void {
  const noop = new NoopMetricsSink();
  const metrics = metricsFor();
  sinkNsPerOrder(noop, 100_000);
  sinkNsPerOrder(metrics, 100_000);
  const noopNs = median(Array.from({ length: ROUNDS }, () => sinkNsPerOrder(noop)));
  const metricsNs = median(Array.from({ length: ROUNDS }, () => sinkNsPerOrder(metrics)));
  console.log(`\nSink calls of one filled order (5 calls), CPU ns, median of ${ROUNDS} × 500000`);
  console.log(`    no-op sink ${noopNs.toFixed(0)} ns   BrokerMetrics ${metricsNs.toFixed(0)} ns   difference ${(metricsNs - noopNs).toFixed(0)} ns per order`);
}

void main().then(micro);
