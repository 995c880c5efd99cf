/**
 * The placeOrder → acknowledged measurement shared by the package bench (packages/ib/bench/place-order.bench.ts)
 * and apps/e2e's ib bench, so both measure issue #21's way: InteractiveBrokersBroker vs raw @stoqey/ib IBApi,
 * each connected to an emulator of its own for the whole bench, the same request pacing, warm-up on both
 * sides at once, then rounds of at most maxReqPerSec/10 orders after a rest longer than @stoqey/ib's pacer
 * window (so the pacer never queues), the sides taking turns order by order within each round, and the
 * verdict from the median of paired round ratios with a distribution-free 95% interval. Why each of these:
 * the package's README, section Benchmark. The caller starts the emulators (this package may not depend on
 * the emulator's): resting LIMIT orders far from an AAPL price of 150, so every order is acknowledged and
 * none fills.
 */
import { dec, EventBus } from '@silvertine/core';
import { EventName, IBApi, OrderAction, OrderType, SecType, type Contract } from '@stoqey/ib';
import { InteractiveBrokersBroker } from '../ib.broker';

/** @stoqey/ib's pacer lets maxReqPerSec/10 messages through per window of this many ms. */
export const PACER_WINDOW_MS = 100;

/** The most orders a round may send without waiting on @stoqey/ib's pacer. */
export const pacerBurst = (maxReqPerSec: number): number => Math.floor(maxReqPerSec / 10);

/** A connected client: one order placed and acknowledged per `send`. */
export interface PlaceOrderSide {
  readonly name: string;
  send(): Promise<void>;
  close(): Promise<void>;
}

/** One side's round: median wall µs per order, CPU µs per order of the client and of the emulator. */
export interface PlaceOrderRound {
  readonly wall: number;
  readonly cpu: number;
  readonly venueCpu: number;
  /** Slowest order of the round, µs (a pacer wait would show here as milliseconds). */
  readonly max: number;
}

const AAPL = { symbol: 'AAPL', assetClass: 'STK' as const, quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1), exchange: 'SMART' };

/** InteractiveBrokersBroker connected to the TWS (emulator) on `port`. */
export async function adapterSide(port: number, maxReqPerSec: number): Promise<PlaceOrderSide> {
  const broker = new InteractiveBrokersBroker({ id: 'bench-adapter', bus: new EventBus(), config: { host: '127.0.0.1', port, clientId: 1, maxRequestsPerSecond: maxReqPerSec } });
  await broker.connect();
  return {
    name: 'InteractiveBrokersBroker',
    send: async () => {
      await broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(100) });
    },
    close: () => broker.disconnect(),
  };
}

/** Raw IBApi on `port`: placeOrder, then the first orderStatus of that order id. */
export async function rawSide(port: number, maxReqPerSec: number): Promise<PlaceOrderSide> {
  const api = new IBApi({ host: '127.0.0.1', port, maxReqPerSec });
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

/** Linear-interpolated quantile q of xs. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.ceil(at)] - s[lo]) * (at - lo);
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** `p25–p75 (min–max)`. */
export const spread = (xs: readonly number[], digits: number): string =>
  `${quantile(xs, 0.25).toFixed(digits)}–${quantile(xs, 0.75).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

/**
 * A distribution-free ~95% interval of the median of xs: the order statistics r and n−r+1 with r the largest
 * rank for which P(Binomial(n, ½) < r) ≤ 2.5% (rounds taken as independent samples).
 */
export function medianInterval(xs: readonly number[]): readonly [number, number] {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  let r = 0;
  let below = 0; // P(X < r)
  let term = 0.5 ** n; // P(X = r)
  while (r < n && below + term <= 0.025) {
    below += term;
    r++;
    term = (term * (n - r + 1)) / r;
  }
  return r === 0 ? [s[0], s[n - 1]] : [s[r - 1], s[n - r]];
}

/** µs since `t` (from process.hrtime.bigint()). */
export const usSince = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `orders` untimed orders per side, all sides at once, so neither side's JIT settles under a load the other never saw. */
export async function warmUp(sides: readonly PlaceOrderSide[], orders: number): Promise<void> {
  await Promise.all(
    sides.map(async (side) => {
      for (let i = 0; i < orders; i++) await side.send();
    }),
  );
}

/**
 * One round of `orders` per side after `restMs` idle, the sides taking turns order by order (first, second,
 * first, …), each order timed on its own, so every moment of the machine's load falls on all sides alike.
 * `venueCpu` (µs so far) is the in-process emulators' CPU, metered around each order and subtracted from the
 * client's; without it the client's CPU includes theirs.
 */
export async function interleavedRound(sides: readonly PlaceOrderSide[], orders: number, restMs: number, venueCpu: () => number = () => 0): Promise<PlaceOrderRound[]> {
  await sleep(restMs);
  const samples = sides.map(() => [] as number[]);
  const cpu = sides.map(() => 0);
  const venue = sides.map(() => 0);
  for (let i = 0; i < orders; i++) {
    for (let k = 0; k < sides.length; k++) {
      const at = process.cpuUsage();
      const atVenue = venueCpu();
      const t = process.hrtime.bigint();
      await sides[k].send();
      samples[k].push(usSince(t));
      const used = process.cpuUsage(at);
      const venueUsed = venueCpu() - atVenue;
      cpu[k] += used.user + used.system - venueUsed;
      venue[k] += venueUsed;
    }
  }
  return sides.map((_, k) => ({ wall: median(samples[k]), cpu: cpu[k] / orders, venueCpu: venue[k] / orders, max: Math.max(...samples[k]) }));
}

/** The adapter/raw wall-time ratio of a bench's rounds (round r of one side paired with round r of the other). */
export interface PairedRatio {
  /** Each round's adapter median over its raw median. */
  readonly paired: readonly number[];
  /** Their median: the bench's verdict. */
  readonly median: number;
  /** Its distribution-free 95% interval. */
  readonly interval: readonly [number, number];
  /** The ratio of the two sides' medians of rounds (printed beside it; moves more with a drifting load). */
  readonly byMedians: number;
}

export function pairedRatio(adapter: readonly PlaceOrderRound[], raw: readonly PlaceOrderRound[]): PairedRatio {
  const paired = adapter.map((x, r) => x.wall / raw[r].wall);
  return {
    paired,
    median: median(paired),
    interval: medianInterval(paired),
    byMedians: median(adapter.map((x) => x.wall)) / median(raw.map((x) => x.wall)),
  };
}

/** Met when the whole interval is at or below `goal`, NOT met when above it, else undecided. */
export function goalVerdict(ratio: PairedRatio, goal: number): string {
  const [low, high] = ratio.interval;
  return high <= goal ? 'met' : low > goal ? 'NOT met' : `undecided (the interval contains ${goal}×: run again, or with more rounds)`;
}
