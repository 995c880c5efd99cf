/**
 * placeOrder → acknowledged round trip on the TWS emulator (loopback, same process): through
 * InteractiveBrokersBroker vs raw @stoqey/ib IBApi (placeOrder, then wait for the first orderStatus).
 * Resting LIMIT orders far from the market, so every order is acknowledged and none fills.
 * Prints the median of each run (ORDERS sequential orders) and the median of the runs, then the ratio;
 * also the process CPU per order (client + emulator: they share the process, so the difference between
 * the sides is the adapter's own CPU, a steadier figure than wall time on a shared machine).
 */
import { EventBus, dec } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- bench-only: the emulator is the venue
import { startTwsEmulator } from '@silvertine/tws-emulator';
import { EventName, IBApi, OrderAction, OrderType, SecType, type Contract } from '@stoqey/ib';
import { InteractiveBrokersBroker } from '../src';

const RUNS = Number(process.env.RUNS ?? 7);
const ORDERS = Number(process.env.ORDERS ?? 300);
/**
 * Untimed orders before each run's timed ones, the same number on both sides: without them the runs
 * measure V8 compiling the code path (the adapter has more code to compile than raw IBApi), not the path.
 */
const WARMUP = Number(process.env.WARMUP ?? 200);
/** The same request pacing on both sides (@stoqey/ib's default is 40/s, which would measure the pacer). */
const MAX_REQ_PER_SEC = Number(process.env.MAX_REQ_PER_SEC ?? 1000);
/** `adapter` or `raw` runs one side only (for `node --cpu-prof`); default both. */
const SIDE = process.env.SIDE ?? 'both';
const AAPL = { symbol: 'AAPL', assetClass: 'STK' as const, quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1), exchange: 'SMART' };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const usSince = (t: bigint) => Number(process.hrtime.bigint() - t) / 1_000;
/** One run of one side: median wall µs per order and process CPU µs per order. */
interface RunResult {
  readonly wall: number;
  readonly cpu: number;
}
const cpuPerOrder = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / ORDERS;
};

async function adapterRun(port: number, clientId: number): Promise<RunResult> {
  const broker = new InteractiveBrokersBroker({ id: `bench-${clientId}`, bus: new EventBus(), config: { host: '127.0.0.1', port, clientId, maxRequestsPerSecond: MAX_REQ_PER_SEC } });
  await broker.connect();
  // warm-up: the first resolves the contract (a cache hit from then on), the rest let V8 compile the path
  for (let i = 0; i < Math.max(1, WARMUP); i++) await broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(100) });
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < ORDERS; i++) {
    const t = process.hrtime.bigint();
    await broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(100) });
    samples.push(usSince(t));
  }
  const result = { wall: median(samples), cpu: cpuPerOrder(cpu) };
  await broker.disconnect();
  return result;
}

async function rawRun(port: number, clientId: number): Promise<RunResult> {
  const api = new IBApi({ host: '127.0.0.1', port, maxReqPerSec: MAX_REQ_PER_SEC });
  let nextId = await new Promise<number>((resolve) => {
    api.once(EventName.nextValidId, resolve);
    api.connect(clientId);
  });
  const contract: Contract = { conId: 265598, symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
  const waiting = new Map<number, () => void>();
  api.on(EventName.orderStatus, (orderId: number) => {
    const done = waiting.get(orderId);
    waiting.delete(orderId);
    done?.();
  });
  const samples: number[] = [];
  const warmup = Math.max(1, WARMUP);
  let cpu = process.cpuUsage();
  for (let i = 0; i < warmup + ORDERS; i++) {
    if (i === warmup) cpu = process.cpuUsage();
    const t = process.hrtime.bigint();
    const id = nextId++;
    const acked = new Promise<void>((resolve) => waiting.set(id, resolve));
    api.placeOrder(id, contract, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 1, lmtPrice: 100, tif: 'GTC', orderRef: `raw${id}`, transmit: true });
    await acked;
    if (i >= warmup) samples.push(usSince(t)); // the same warm-up as the adapter's
  }
  const result = { wall: median(samples), cpu: cpuPerOrder(cpu) };
  api.disconnect();
  return result;
}

/** Each side gets a fresh emulator, so neither pays for the other's resting orders. */
async function onFreshEmulator(run: (port: number) => Promise<RunResult>): Promise<RunResult> {
  const emulator = await startTwsEmulator({ port: 0, timerIntervalMs: 0 });
  emulator.setPrice('AAPL', 150);
  try {
    return await run(emulator.port);
  } finally {
    await emulator.close();
  }
}

const fmt = (r: RunResult) => `${r.wall.toFixed(1)} µs (CPU ${r.cpu.toFixed(1)} µs/order)`;

async function main(): Promise<void> {
  if (SIDE === 'adapter' || SIDE === 'raw') {
    const run = SIDE === 'adapter' ? adapterRun : rawRun;
    for (let i = 0; i < RUNS; i++) console.log(`${SIDE} run ${i + 1}: ${fmt(await onFreshEmulator((port) => run(port, 1)))}`);
    return;
  }
  // one untimed round of each side first: the process's first runs measure V8 compiling both clients
  // (and the emulator), not their steady state
  await onFreshEmulator((port) => rawRun(port, 1));
  await onFreshEmulator((port) => adapterRun(port, 1));
  const adapter: RunResult[] = [];
  const raw: RunResult[] = [];
  for (let run = 0; run < RUNS; run++) {
    // alternate the order so neither side always runs on a warmer process
    const rawFirst = run % 2 === 0;
    if (rawFirst) raw.push(await onFreshEmulator((port) => rawRun(port, 1)));
    adapter.push(await onFreshEmulator((port) => adapterRun(port, 1)));
    if (!rawFirst) raw.push(await onFreshEmulator((port) => rawRun(port, 1)));
    console.log(`run ${run + 1}: raw IBApi ${fmt(raw[run]!)}, InteractiveBrokersBroker ${fmt(adapter[run]!)}, ratio ${(adapter[run]!.wall / raw[run]!.wall).toFixed(2)}×`);
  }
  const a = median(adapter.map((r) => r.wall));
  const r = median(raw.map((x) => x.wall));
  const aCpu = median(adapter.map((x) => x.cpu));
  const rCpu = median(raw.map((x) => x.cpu));
  const pairRatios = median(adapter.map((x, i) => x.wall / raw[i]!.wall));
  console.log(`placeOrder→ack, median of ${RUNS} runs × ${ORDERS} orders (after ${WARMUP} untimed): raw @stoqey/ib IBApi ${r.toFixed(1)} µs, InteractiveBrokersBroker ${a.toFixed(1)} µs, ratio ${(a / r).toFixed(2)}× (goal ≤ 1.15×); median of per-run ratios ${pairRatios.toFixed(2)}×`);
  console.log(`process CPU per order (client + emulator), medians: raw ${rCpu.toFixed(1)} µs, adapter ${aCpu.toFixed(1)} µs, adapter's own ≈ ${(aCpu - rCpu).toFixed(1)} µs`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
