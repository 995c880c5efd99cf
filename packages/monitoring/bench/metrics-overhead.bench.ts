/**
 * What BrokerMetrics costs on the order path: ReferenceBroker.placeOrder throughput (sequential MARKET
 * orders, each filled on submission) with core's no-op sink, with BrokerMetrics as the sink, and with
 * BrokerMetrics also observing the bus. Runs are interleaved so drift (GC, CPU frequency) hits every
 * variant alike; prints medians of ROUNDS runs and the ratio to the no-op sink.
 * Run: `npx nx run monitoring:bench`.
 */
import { EventBus, NoopMetricsSink, dec, type MetricsSink } from '@silvertine/core';
import { ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { BrokerMetrics } from '../src';

const ORDERS = Number(process.env['BENCH_ORDERS'] ?? 20_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);

interface Variant {
  readonly name: string;
  readonly make: (bus: EventBus) => MetricsSink;
}

const variants: Variant[] = [
  { name: 'no-op sink (core default)', make: () => new NoopMetricsSink() },
  { name: 'BrokerMetrics sink', make: () => new BrokerMetrics({ venues: { bench: 'reference' } }) },
  {
    name: 'BrokerMetrics sink + observeBus',
    make: (bus) => {
      const metrics = new BrokerMetrics({ venues: { bench: 'reference' } });
      metrics.observeBus(bus);
      return metrics;
    },
  },
];

/** Orders per wall-clock second and per CPU second (CPU time is steadier when other processes compete for the cores). */
interface RunResult {
  readonly wall: number;
  readonly cpu: number;
}

async function run(variant: Variant): Promise<RunResult> {
  const bus = new EventBus();
  const metrics = variant.make(bus);
  const broker = new ReferenceBroker({ id: 'bench', bus, metrics, maxClosedOrders: 1000, config: { cash: { USDT: dec(1_000_000_000), BTC: dec(1_000_000) } } });
  await broker.connect();
  broker.setPrice('BTCUSDT', dec('50000'));
  const instrument = testInstrument();
  const quantity = dec('0.01');
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ORDERS; i++) {
    await broker.placeOrder({ instrument, side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  await broker.disconnect();
  if (metrics instanceof BrokerMetrics) metrics.close();
  return { wall: ORDERS / seconds, cpu: ORDERS / ((cpu.user + cpu.system) / 1e6) };
}

/**
 * CPU nanoseconds of the sink calls one filled order makes (submitted, acknowledged, first fill, fill,
 * finished), in a tight loop. Steadier than the end-to-end ratio when other processes share the cores.
 */
function sinkNsPerOrder(sink: MetricsSink, iterations = 500_000): number {
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    sink.orderSubmitted('bench', 'MARKET');
    sink.orderAcknowledged('bench', 0.02);
    sink.orderFirstFill('bench', 0.01);
    sink.fill('bench', 'BTCUSDT');
    sink.orderFinished('bench', 'FILLED');
  }
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / iterations;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  for (const v of variants) await run(v); // warm-up: JIT and metric children
  const results = new Map<string, RunResult[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of variants) results.get(v.name)!.push(await run(v));
  }
  console.log(`\nReferenceBroker.placeOrder, ${ORDERS} sequential MARKET orders per run, median of ${ROUNDS} interleaved runs (Node ${process.version})`);
  for (const measure of ['wall', 'cpu'] as const) {
    const baseline = median(results.get(variants[0].name)!.map((r) => r[measure]));
    console.log(measure === 'wall' ? '  orders per wall-clock second' : '  orders per CPU second (user + system)');
    for (const v of variants) {
      const runs = results.get(v.name)!.map((r) => r[measure]);
      const m = median(runs);
      console.log(`    ${v.name.padEnd(34)} ${m.toFixed(0).padStart(8)}/s   ${(m / baseline).toFixed(3)}×   overhead ${((1 - m / baseline) * 100).toFixed(1).padStart(5)} %   runs ${runs.map((r) => r.toFixed(0)).join(' ')}`);
    }
  }
}

function micro(): void {
  const noop = new NoopMetricsSink();
  const metrics = new BrokerMetrics({ venues: { bench: 'reference' } });
  sinkNsPerOrder(noop, 100_000);
  sinkNsPerOrder(metrics, 100_000);
  const noopNs = median(Array.from({ length: ROUNDS }, () => sinkNsPerOrder(noop)));
  const metricsNs = median(Array.from({ length: ROUNDS }, () => sinkNsPerOrder(metrics)));
  console.log(`\nSink calls of one filled order (5 calls), CPU ns, median of ${ROUNDS} × 500000`);
  console.log(`    no-op sink ${noopNs.toFixed(0)} ns   BrokerMetrics ${metricsNs.toFixed(0)} ns   difference ${(metricsNs - noopNs).toFixed(0)} ns per order`);
}

void main().then(micro);
