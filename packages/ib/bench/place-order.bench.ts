/**
 * placeOrder → acknowledged round trip on the TWS emulator (loopback, same process): through
 * InteractiveBrokersBroker vs raw @stoqey/ib IBApi (placeOrder, then wait for the first orderStatus).
 * Resting LIMIT orders far from the market, so every order is acknowledged and none fills.
 *
 * Both sides stay connected for the whole bench, each to its own emulator (neither pays for the other's
 * resting orders), and take turns in short rounds: ROUNDS rounds of ORDERS sequential orders per side, the
 * side going first alternating. Runs of one side after the other each on a fresh emulator spread from 1.09× to
 * 1.73× in one quiet run of 7: a run of 500 orders lasts a few tens of milliseconds, so a side could land in a
 * busy or a quiet moment of the machine, and each run paid a new connection and JIT state of its own. Short
 * alternating rounds put both sides under the same load, and one warm-up before the first round settles
 * the JIT once for all of them.
 *
 * Per round and side: the median order round trip and the process CPU per order (client + emulator: they
 * share the process, so the difference between the sides is the adapter's own CPU, a steadier figure than
 * wall time on a shared machine). Printed: each side's median of rounds with their spread, and the ratio both
 * as the ratio of the medians and as the median of the round-by-round ratios; the goal is judged by both.
 *
 * Run: `npx nx run ib:bench`. Env: ROUNDS (default 15), ORDERS (default 200), WARMUP (default 3000 untimed
 * orders per side before the first round), MAX_REQ_PER_SEC, SIDE=adapter|raw (one side only, for
 * `node --cpu-prof`), VERBOSE=1 (every round).
 */
import { EventBus, dec } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- bench-only: the emulator is the venue
import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';
import { EventName, IBApi, OrderAction, OrderType, SecType, type Contract } from '@stoqey/ib';
import { InteractiveBrokersBroker } from '../src';

const ROUNDS = Math.max(5, Number(process.env.ROUNDS ?? process.env.RUNS ?? 15));
const ORDERS = Number(process.env.ORDERS ?? 200);
/** Untimed orders per side before the first round: the adapter has more code for V8 to compile than raw IBApi. */
const WARMUP = Number(process.env.WARMUP ?? 3_000);
/** The same request pacing on both sides (@stoqey/ib's default is 40/s, which would measure the pacer). */
const MAX_REQ_PER_SEC = Number(process.env.MAX_REQ_PER_SEC ?? 1000);
/** `adapter` or `raw` runs one side only (for `node --cpu-prof`); default both. */
const SIDE = process.env.SIDE ?? 'both';
const VERBOSE = process.env.VERBOSE === '1';
const GOAL = 1.15;
const AAPL = { symbol: 'AAPL', assetClass: 'STK' as const, quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1), exchange: 'SMART' };

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo]! + (s[Math.ceil(at)]! - s[lo]!) * (at - lo);
};
const median = (xs: readonly number[]) => quantile(xs, 0.5);
/** `p25–p75 (min–max)`. */
const spread = (xs: readonly number[], digits: number) =>
  `${quantile(xs, 0.25).toFixed(digits)}–${quantile(xs, 0.75).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
const usSince = (t: bigint) => Number(process.hrtime.bigint() - t) / 1_000;

/** One side's round: median wall µs per order and process CPU µs per order. */
interface RoundResult {
  readonly wall: number;
  readonly cpu: number;
}

/** A connected client: one order placed and acknowledged per `send`. */
interface Side {
  readonly name: string;
  send(): Promise<void>;
  close(): Promise<void>;
}

async function adapterSide(port: number): Promise<Side> {
  const broker = new InteractiveBrokersBroker({ id: 'bench-adapter', bus: new EventBus(), config: { host: '127.0.0.1', port, clientId: 1, maxRequestsPerSecond: MAX_REQ_PER_SEC } });
  await broker.connect();
  return {
    name: 'InteractiveBrokersBroker',
    send: async () => {
      await broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(100) });
    },
    close: () => broker.disconnect(),
  };
}

async function rawSide(port: number): Promise<Side> {
  const api = new IBApi({ host: '127.0.0.1', port, maxReqPerSec: MAX_REQ_PER_SEC });
  let nextId = await new Promise<number>((resolve) => {
    api.once(EventName.nextValidId, resolve);
    api.connect(1);
  });
  const contract: Contract = { conId: 265598, symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
  const waiting = new Map<number, () => void>();
  api.on(EventName.orderStatus, (orderId: number) => {
    const done = waiting.get(orderId);
    waiting.delete(orderId);
    done?.();
  });
  return {
    name: 'raw @stoqey/ib IBApi',
    send: () => {
      const id = nextId++;
      const acked = new Promise<void>((resolve) => waiting.set(id, resolve));
      api.placeOrder(id, contract, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 1, lmtPrice: 100, tif: 'GTC', orderRef: `raw${id}`, transmit: true });
      return acked;
    },
    close: async () => {
      api.disconnect();
    },
  };
}

async function round(side: Side, n: number): Promise<RoundResult> {
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await side.send();
    samples.push(usSince(t));
  }
  const used = process.cpuUsage(cpu);
  return { wall: median(samples), cpu: (used.user + used.system) / n };
}

async function newEmulator(): Promise<TwsEmulator> {
  const emulator = await startTwsEmulator({ port: 0, timerIntervalMs: 0 });
  emulator.setPrice('AAPL', 150);
  return emulator;
}

const fmt = (r: RoundResult) => `${r.wall.toFixed(1)} µs (CPU ${r.cpu.toFixed(1)} µs/order)`;

async function main(): Promise<void> {
  const kinds = SIDE === 'adapter' ? ['adapter'] : SIDE === 'raw' ? ['raw'] : ['raw', 'adapter'];
  const emulators: TwsEmulator[] = [];
  const sides: Side[] = [];
  try {
    for (const kind of kinds) {
      const emulator = await newEmulator();
      emulators.push(emulator);
      sides.push(kind === 'adapter' ? await adapterSide(emulator.port) : await rawSide(emulator.port));
    }
    // Warm-up in slices taken in turn, so neither side's JIT settles under a load the other never saw.
    for (let done = 0; done < WARMUP; done += 100) for (const side of sides) await round(side, Math.min(100, WARMUP - done));
    const results = sides.map(() => [] as RoundResult[]);
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? sides.map((_, i) => i) : sides.map((_, i) => i).reverse();
      for (const i of order) results[i]!.push(await round(sides[i]!, ORDERS));
      if (VERBOSE) console.log(`round ${r + 1}: ${sides.map((s, i) => `${s.name} ${fmt(results[i]![r]!)}`).join(', ')}`);
    }
    report(sides, results);
  } finally {
    for (const side of sides) await side.close();
    for (const emulator of emulators) await emulator.close();
  }
}

function report(sides: readonly Side[], results: readonly (readonly RoundResult[])[]): void {
  console.log(`placeOrder→ack, ${ROUNDS} rounds × ${ORDERS} orders per side, sides alternating, after ${WARMUP} untimed orders per side`);
  console.log('| client | µs per order (median of rounds) | rounds p25–p75 (min–max) | process CPU µs per order (median) | CPU p25–p75 (min–max) |');
  console.log('| --- | --- | --- | --- | --- |');
  sides.forEach((side, i) => {
    const wall = results[i]!.map((x) => x.wall);
    const cpu = results[i]!.map((x) => x.cpu);
    console.log(`| ${side.name} | ${median(wall).toFixed(1)} | ${spread(wall, 1)} | ${median(cpu).toFixed(1)} | ${spread(cpu, 1)} |`);
  });
  if (sides.length < 2) return;
  const [raw, adapter] = [results[0]!, results[1]!];
  const byMedians = median(adapter.map((x) => x.wall)) / median(raw.map((x) => x.wall));
  const paired = adapter.map((x, r) => x.wall / raw[r]!.wall);
  const byRounds = median(paired);
  const verdict = byMedians <= GOAL && byRounds <= GOAL ? 'met' : byMedians <= GOAL || byRounds <= GOAL ? 'met by one measure only' : 'NOT met';
  console.log(`ratio adapter/raw: ${byMedians.toFixed(2)}× (medians), ${byRounds.toFixed(2)}× (median of paired rounds, p25–p75 (min–max) ${spread(paired, 2)}); goal ≤ ${GOAL}× ${verdict}`);
  const rawCpu = median(raw.map((x) => x.cpu));
  const adapterCpu = median(adapter.map((x) => x.cpu));
  console.log(`process CPU per order (client + emulator), medians: raw ${rawCpu.toFixed(1)} µs, adapter ${adapterCpu.toFixed(1)} µs, adapter's own ≈ ${(adapterCpu - rawCpu).toFixed(1)} µs`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
