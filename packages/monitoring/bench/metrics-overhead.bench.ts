/**
 * What BrokerMetrics costs on the order path (issue 8: at most 5 % of paper-broker throughput).
 * PaperTradingBroker + EventBus place sequential MARKET orders that fill at once (a quote with ample
 * size, a real-sized account), set up as in packages/paper/bench/paper-broker.bench.ts, with:
 *   - core's NoopMetricsSink (the baseline), and again as an A/A control (the noise floor),
 *   - BrokerMetrics as the sink,
 *   - BrokerMetrics as the sink that also observes the bus (what `Monitoring` wires up).
 * Each round runs every variant in a fresh process (see `main`), one process at a time, in an order
 * that rotates from round to round, so drift (CPU frequency, other processes on this shared machine)
 * hits every variant alike. Prints, per variant, the median over ROUNDS processes of orders per
 * wall-clock second and per CPU second of the process (process.cpuUsage; steadier when other processes
 * compete for the cores), and the overhead 1 − with/without. Each process keeps one broker for all its
 * runs (steady state, as in a trading process) and checks at the end that BrokerMetrics counted every
 * order. Then the sink's own cost per order in a tight loop.
 * Run: `npx nx run monitoring:bench` (BENCH_ORDERS, BENCH_ROUNDS, BENCH_RUNS_PER_PROCESS override the
 * sizes; BENCH_ONLY=<index>[,<index>...] runs only those variants, the first as baseline; `node --cpu-prof -r ../../tools/scripts/register-ts.js
 * bench/metrics-overhead.bench.ts` profiles each process).
 */
import { fork } from 'node:child_process';
import { createEvent, dec, EventBus, NoopMetricsSink, systemClock, type Clock, type MetricsSink, type Quote } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- bench-only: the paper broker is what issue 8's overhead is measured on
import { PaperTradingBroker, paperTradingConfig } from '@silvertine/paper';
// eslint-disable-next-line @nx/enforce-module-boundaries -- bench-only: instrument builder of the paper broker above
import { spotInstrument } from '@silvertine/paper/testing';
import { BrokerMetrics } from '../src';

const ORDERS = Number(process.env['BENCH_ORDERS'] ?? 50_000);
const ROUNDS = Math.max(7, Number(process.env['BENCH_ROUNDS'] ?? 9));
const RUNS_PER_PROCESS = Number(process.env['BENCH_RUNS_PER_PROCESS'] ?? 3);
const TARGET_OVERHEAD = 0.05;

const instrument = spotInstrument('BTCUSDT');
const quantity = dec('0.001');
const ample = dec('1000000000');
const quote: Quote = { kind: 'quote', symbol: 'BTCUSDT', bid: dec('49999.99'), ask: dec('50000.01'), bidSize: ample, askSize: ample, timestamp: 0 };
/** Wall time in ms, without timers: nothing in this bench waits. */
const clock: Clock = { now: () => Date.now(), setTimeout: () => ({ cancel: () => undefined }) };

interface Variant {
  readonly name: string;
  /** A control, not a candidate: excluded from the target check. */
  readonly control?: boolean;
  readonly make: (bus: EventBus) => MetricsSink;
}

/** BrokerMetrics as an app would build it: on the system clock (real, unref'd timers). */
const metricsFor = (): BrokerMetrics => new BrokerMetrics({ clock: systemClock, venues: { bench: 'paper' } });

const allVariants: readonly Variant[] = [
  { name: 'no-op sink (core default)', make: () => new NoopMetricsSink() },
  // The same again in another process: how far two identical processes differ (the noise floor).
  { name: 'no-op sink again (A/A control)', control: true, make: () => new NoopMetricsSink() },
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
const only = process.env['BENCH_ONLY'];
/** Indexes into allVariants to compare; the first is the baseline. */
const variantIndexes = only === undefined ? allVariants.map((_, i) => i) : only.split(',').map(Number);

/** Orders per wall-clock second and per CPU second of one run. */
interface RunResult {
  readonly wall: number;
  readonly cpu: number;
}

/** One long-lived broker of a variant, as in a trading process: every run of a process goes through it. */
interface Session {
  readonly broker: PaperTradingBroker;
  readonly bus: EventBus;
  readonly metrics: MetricsSink;
}

async function openSession(variant: Variant): Promise<Session> {
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
  return { broker, bus, metrics };
}

/** ORDERS sequential market orders through the session's broker. */
async function run({ broker }: Session): Promise<RunResult> {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ORDERS; i++) {
    await broker.placeOrder({ instrument, side: i % 2 ? 'SELL' : 'BUY', type: 'MARKET', quantity });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { wall: ORDERS / seconds, cpu: ORDERS / ((cpu.user + cpu.system) / 1e6) };
}

/** Disconnects, and checks BrokerMetrics counted each of the `orders` the session sent. */
async function closeSession({ broker, bus, metrics }: Session, orders: number): Promise<void> {
  await broker.disconnect();
  if (metrics instanceof BrokerMetrics) {
    const totals = metrics.summary('bench')?.totals;
    if (totals?.submitted !== orders || totals.fills !== orders || totals.finished['FILLED'] !== orders) {
      throw new Error(`BrokerMetrics lost orders: ${JSON.stringify(totals)}`);
    }
    metrics.close();
  }
  bus.close();
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

/**
 * A bench process running one variant: one broker for the whole process (steady state, as a trading
 * process runs; a new broker and bus per run would measure their JIT deopts too), two warm-up runs,
 * then the median of RUNS_PER_PROCESS runs.
 */
async function worker(variant: Variant): Promise<void> {
  const session = await openSession(variant);
  await run(session);
  await run(session);
  const runs: RunResult[] = [];
  for (let i = 0; i < RUNS_PER_PROCESS; i++) runs.push(await run(session));
  await closeSession(session, (2 + RUNS_PER_PROCESS) * ORDERS);
  const result: RunResult = { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) };
  process.send?.(result, () => process.disconnect());
}

/** One round of `variant` in a fresh process. */
function runInProcess(index: number): Promise<RunResult> {
  const child = fork(__filename, [], { env: { ...process.env, BENCH_WORKER: String(index) }, execArgv: process.execArgv });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (result: RunResult) => resolve(result));
    child.once('exit', (code) => reject(new Error(`bench process of ${allVariants[index].name} exited with ${code} before reporting`)));
  });
}

async function main(): Promise<void> {
  // A fresh process per variant and round: in one process the broker's sink calls and the bus's handler
  // calls would see every variant's classes and turn polymorphic, which a real process (one sink) never
  // sees; and one process's JIT outcome can be 10-20 % off another's (see the A/A row), so each round
  // samples a new one. Only one process runs at a time.
  const results = new Map<number, RunResult[]>(variantIndexes.map((i) => [i, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < variantIndexes.length; k++) {
      const index = variantIndexes[(round + k) % variantIndexes.length];
      results.get(index)?.push(await runInProcess(index));
    }
  }
  const workers = variantIndexes.map((i) => ({ variant: allVariants[i], results: results.get(i) ?? [] }));
  console.log(`\nPaperTradingBroker.placeOrder, ${ORDERS} sequential MARKET orders per run (each fills at once), each process one broker, the median of ${RUNS_PER_PROCESS} runs after 2 warm-ups; median of ${ROUNDS} processes per variant, interleaved (Node ${process.version})`);
  const overheads: number[] = [];
  for (const measure of ['wall', 'cpu'] as const) {
    const baseline = median(workers[0].results.map((r) => r[measure]));
    console.log(measure === 'wall' ? '  orders per wall-clock second' : '  orders per CPU second (user + system)');
    for (const w of workers) {
      const runs = w.results.map((r) => r[measure]);
      const m = median(runs);
      const overhead = 1 - m / baseline;
      if (w !== workers[0] && !w.variant.control) overheads.push(overhead);
      console.log(`    ${w.variant.name.padEnd(34)} ${m.toFixed(0).padStart(8)}/s   overhead ${(overhead * 100).toFixed(1).padStart(5)} %   runs ${runs.map((r) => r.toFixed(0)).join(' ')}`);
    }
  }
  if (overheads.length === 0) return;
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

const workerIndex = process.env['BENCH_WORKER'];
if (workerIndex !== undefined) void worker(allVariants[Number(workerIndex)]);
else void main().then(micro);
