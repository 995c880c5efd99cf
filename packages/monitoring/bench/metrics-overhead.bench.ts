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

async function ordersPerSecond(variant: Variant): Promise<number> {
  const bus = new EventBus();
  const metrics = variant.make(bus);
  const broker = new ReferenceBroker({ id: 'bench', bus, metrics, maxClosedOrders: 1000, config: { cash: { USDT: dec(1_000_000_000), BTC: dec(1_000_000) } } });
  await broker.connect();
  broker.setPrice('BTCUSDT', dec('50000'));
  const instrument = testInstrument();
  const quantity = dec('0.01');
  const start = process.hrtime.bigint();
  for (let i = 0; i < ORDERS; i++) {
    await broker.placeOrder({ instrument, side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await broker.disconnect();
  if (metrics instanceof BrokerMetrics) metrics.close();
  return ORDERS / seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  for (const v of variants) await ordersPerSecond(v); // warm-up: JIT and prom-client children
  const results = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of variants) results.get(v.name)!.push(await ordersPerSecond(v));
  }
  const baseline = median(results.get(variants[0].name)!);
  console.log(`\nReferenceBroker.placeOrder, ${ORDERS} sequential MARKET orders per run, median of ${ROUNDS} runs (Node ${process.version})`);
  for (const v of variants) {
    const runs = results.get(v.name)!;
    const m = median(runs);
    const overhead = (1 - m / baseline) * 100;
    console.log(`  ${v.name.padEnd(34)} ${m.toFixed(0).padStart(8)} orders/s   ${(m / baseline).toFixed(3)}×   overhead ${overhead.toFixed(1).padStart(5)} %   runs ${runs.map((r) => r.toFixed(0)).join(' ')}`);
  }
}

void main();
