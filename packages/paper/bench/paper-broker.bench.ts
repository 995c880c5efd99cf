/**
 * Market orders per second through PaperTradingBroker and the EventBus, and latency from placeOrder to
 * the FillEvent, beside a floor: a bare RxJS Subject carrying as many fresh objects per order as the
 * broker publishes on the bus. Quotes have ample size, so every order fills at once.
 *
 * Run: `npx nx run paper:bench` (or `node -r ../../tools/scripts/register-ts.js bench/paper-broker.bench.ts`
 * in packages/paper). Each figure is the median of ROUNDS rounds after a warm-up; the machine is shared,
 * so look at the spread too. `--cpu-prof` works: `node --cpu-prof -r ../../tools/scripts/register-ts.js ...`.
 */
import { Subject } from 'rxjs';
import { createEvent, dec, EventBus, type Clock, type Quote } from '@silvertine/core';
import { MatchingEngine, PaperTradingBroker, paperTradingConfig } from '../src';
import { spotInstrument } from '../src/testing';

const ORDERS = Number(process.env.PAPER_BENCH_ORDERS ?? 50_000);
const ROUNDS = Number(process.env.PAPER_BENCH_ROUNDS ?? 7);
const ONLY = process.env.PAPER_BENCH_ONLY; // 'broker' or 'engine' to profile one layer alone
const instrument = spotInstrument('BTCUSDT');
const quantity = dec('0.001');
const ample = dec('1000000000');
const quote: Quote = { kind: 'quote', symbol: 'BTCUSDT', bid: dec('49999.99'), ask: dec('50000.01'), bidSize: ample, askSize: ample, timestamp: 0 };
/** Wall time in ms, without timers: nothing in this bench waits. */
const clock: Clock = { now: () => Date.now(), setTimeout: () => ({ cancel: () => undefined }) };

interface Round {
  readonly ordersPerSecond: number;
  /** Orders per second of this process's CPU time: steadier than wall time when other processes compete for the cores. */
  readonly ordersPerCpuSecond: number;
  readonly p50us: number;
  readonly p99us: number;
  readonly eventsPerOrder: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function brokerRound(): Promise<Round> {
  const bus = new EventBus();
  const latencies = new Float64Array(ORDERS);
  let sentAt = 0n;
  let fills = 0;
  let events = 0;
  bus.events$.subscribe(() => events++);
  bus.on('Fill', () => {
    latencies[fills++] = Number(process.hrtime.bigint() - sentAt) / 1000;
  });
  const broker = new PaperTradingBroker({
    id: 'bench',
    bus,
    clock,
    maxClosedOrders: 1_000,
    // A large but real account: every buy and sell of the bench settles against it, and round trips
    // only cost fees (~0.1 USDT each), so it never runs out over all rounds.
    config: paperTradingConfig({ instruments: [instrument], initialBalances: { USDT: dec('10000000'), BTC: dec('1000') } }),
  });
  await broker.connect();
  bus.publish(createEvent({ type: 'MarketData', data: quote }, clock.now()));
  events = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ORDERS; i++) {
    sentAt = process.hrtime.bigint();
    await broker.placeOrder({ instrument, side: i % 2 ? 'SELL' : 'BUY', type: 'MARKET', quantity });
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuSeconds = cpuSecondsSince(cpu);
  const eventsPerOrder = events / ORDERS;
  await broker.disconnect();
  if (fills !== ORDERS) throw new Error(`expected ${ORDERS} fills, saw ${fills}`);
  latencies.sort();
  return { ordersPerSecond: ORDERS / seconds, ordersPerCpuSecond: ORDERS / cpuSeconds, p50us: percentile(latencies, 0.5), p99us: percentile(latencies, 0.99), eventsPerOrder };
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** The engine alone (no portfolio, no state machine, no bus): how much of the cost is paper's own. */
function engineRound(): Round {
  const engine = new MatchingEngine({ instruments: [instrument], closedOrderRetention: 1_000 });
  engine.onMarketData(quote, 0);
  const latencies = new Float64Array(ORDERS);
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ORDERS; i++) {
    const t0 = process.hrtime.bigint();
    const out = engine.submit({ clientOrderId: `e${i}`, instrument, side: i % 2 ? 'SELL' : 'BUY', type: 'MARKET', timeInForce: 'GTC', quantity }, 0);
    if (out[1]?.kind !== 'FILL') throw new Error('engine did not fill');
    latencies[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuSeconds = cpuSecondsSince(cpu);
  latencies.sort();
  return { ordersPerSecond: ORDERS / seconds, ordersPerCpuSecond: ORDERS / cpuSeconds, p50us: percentile(latencies, 0.5), p99us: percentile(latencies, 0.99), eventsPerOrder: 0 };
}

/** The floor: a bare Subject carrying `perOrder` fresh objects per order, timed like the broker. */
async function floorRound(perOrder: number): Promise<Round> {
  const subject = new Subject<{ readonly type: string; readonly i: number; readonly request?: object }>();
  const latencies = new Float64Array(ORDERS);
  let sentAt = 0n;
  let seen = 0;
  subject.subscribe((e) => {
    if (e.type === 'Fill') latencies[e.i] = Number(process.hrtime.bigint() - sentAt) / 1000;
    seen++;
  });
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < ORDERS; i++) {
    sentAt = process.hrtime.bigint();
    const request = { instrument, side: i % 2 ? 'SELL' : 'BUY', type: 'MARKET', quantity };
    for (let k = 1; k < perOrder; k++) subject.next({ type: 'OrderUpdate', i, request });
    subject.next({ type: 'Fill', i });
    // the broker's placeOrder is async: the floor awaits once per order too
    await undefined;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuSeconds = cpuSecondsSince(cpu);
  if (seen !== ORDERS * perOrder) throw new Error('floor lost events');
  latencies.sort();
  return { ordersPerSecond: ORDERS / seconds, ordersPerCpuSecond: ORDERS / cpuSeconds, p50us: percentile(latencies, 0.5), p99us: percentile(latencies, 0.99), eventsPerOrder: perOrder };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: readonly number[]): string => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;

function summary(rounds: readonly Round[]) {
  return {
    ops: median(rounds.map((r) => r.ordersPerSecond)),
    cpuOps: median(rounds.map((r) => r.ordersPerCpuSecond)),
    p50: median(rounds.map((r) => r.p50us)),
    p99: median(rounds.map((r) => r.p99us)),
    opsSpread: spread(rounds.map((r) => r.ordersPerSecond / 1000)),
    p99Spread: spread(rounds.map((r) => r.p99us)),
  };
}

async function main(): Promise<void> {
  const warm = await brokerRound();
  engineRound();
  const perOrder = Math.round(warm.eventsPerOrder);
  await floorRound(perOrder);
  const broker: Round[] = [];
  const engine: Round[] = [];
  const floor: Round[] = [];
  if (ONLY === 'engine') {
    for (let r = 0; r < ROUNDS; r++) engine.push(engineRound());
    const e = summary(engine);
    console.log(`engine only: ${e.ops.toFixed(0)} orders/s, p50 ${e.p50.toFixed(2)} µs, p99 ${e.p99.toFixed(2)} µs, ${e.cpuOps.toFixed(0)} orders/CPU-s (k orders/s ${e.opsSpread})`);
    return;
  }
  for (let r = 0; r < ROUNDS; r++) {
    broker.push(await brokerRound());
    if (ONLY === 'broker') continue;
    engine.push(engineRound());
    floor.push(await floorRound(perOrder));
  }
  const b = summary(broker);
  console.log(`\nPaperTradingBroker, ${ORDERS} market orders × ${ROUNDS} rounds (median; spread min–max), ${perOrder} bus events per order`);
  const row = (name: string, s: ReturnType<typeof summary>) =>
    console.log(`  ${name.padEnd(42)} ${s.ops.toFixed(0).padStart(9)} orders/s  p50 ${s.p50.toFixed(2).padStart(6)} µs  p99 ${s.p99.toFixed(2).padStart(6)} µs   ${s.cpuOps.toFixed(0).padStart(9)} orders/CPU-s   (k orders/s ${s.opsSpread}; p99 ${s.p99Spread} µs)`);
  row('broker + bus: placeOrder → FillEvent', b);
  if (ONLY === 'broker') return;
  const e = summary(engine);
  const f = summary(floor);
  row('engine only: MatchingEngine.submit', e);
  row(`floor: bare RxJS Subject, ${perOrder} objects/order`, f);
  console.log(`  broker vs floor: ${(b.ops / f.ops * 100).toFixed(1)}% of floor throughput, p50 ${(b.p50 / f.p50).toFixed(1)}×, p99 ${(b.p99 / f.p99).toFixed(1)}× the floor`);
  console.log(`  target (issue 3): ≥ 200,000 orders/s and p99 ≤ 50 µs — ${b.ops >= 200_000 ? 'met' : 'NOT met'} / ${b.p99 <= 50 ? 'met' : 'NOT met'}`);
  console.log(`  target (issue 21): ≥ 500,000 orders/s and p99 ≤ 10 µs — ${b.ops >= 500_000 ? 'met' : 'NOT met'} / ${b.p99 <= 10 ? 'met' : 'NOT met'}`);
}

void main();
