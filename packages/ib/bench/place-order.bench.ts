/**
 * placeOrder → acknowledged round trip on the TWS emulator (loopback, same process): through
 * InteractiveBrokersBroker vs raw @stoqey/ib IBApi (placeOrder, then wait for the first orderStatus).
 * Resting LIMIT orders far from the market, so every order is acknowledged and none fills.
 * Prints the median of each run (ORDERS sequential orders) and the median of the runs, then the ratio.
 */
import { EventBus, dec } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- bench-only: the emulator is the venue
import { startTwsEmulator } from '@silvertine/tws-emulator';
import { EventName, IBApi, OrderAction, OrderType, SecType, type Contract } from '@stoqey/ib';
import { InteractiveBrokersBroker } from '../src';

const RUNS = Number(process.env.RUNS ?? 7);
const ORDERS = Number(process.env.ORDERS ?? 300);
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

async function adapterRun(port: number, clientId: number): Promise<number> {
  const broker = new InteractiveBrokersBroker({ id: `bench-${clientId}`, bus: new EventBus(), config: { host: '127.0.0.1', port, clientId, maxRequestsPerSecond: MAX_REQ_PER_SEC } });
  await broker.connect();
  await broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(100) }); // warm-up: contract lookup
  const samples: number[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const t = process.hrtime.bigint();
    await broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(100) });
    samples.push(usSince(t));
  }
  await broker.disconnect();
  return median(samples);
}

async function rawRun(port: number, clientId: number): Promise<number> {
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
  for (let i = 0; i <= ORDERS; i++) {
    const t = process.hrtime.bigint();
    const id = nextId++;
    const acked = new Promise<void>((resolve) => waiting.set(id, resolve));
    api.placeOrder(id, contract, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 1, lmtPrice: 100, tif: 'GTC', orderRef: `raw${id}`, transmit: true });
    await acked;
    if (i > 0) samples.push(usSince(t)); // first order is the warm-up, as for the adapter
  }
  api.disconnect();
  return median(samples);
}

/** Each side gets a fresh emulator, so neither pays for the other's resting orders. */
async function onFreshEmulator(run: (port: number) => Promise<number>): Promise<number> {
  const emulator = await startTwsEmulator({ port: 0, timerIntervalMs: 0 });
  emulator.setPrice('AAPL', 150);
  try {
    return await run(emulator.port);
  } finally {
    await emulator.close();
  }
}

async function main(): Promise<void> {
  if (SIDE === 'adapter' || SIDE === 'raw') {
    const run = SIDE === 'adapter' ? adapterRun : rawRun;
    for (let i = 0; i < RUNS; i++) console.log(`${SIDE} run ${i + 1}: ${(await onFreshEmulator((port) => run(port, 1))).toFixed(1)} µs`);
    return;
  }
  const adapter: number[] = [];
  const raw: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // alternate the order so neither side always runs on a warmer process
    const rawFirst = run % 2 === 0;
    if (rawFirst) raw.push(await onFreshEmulator((port) => rawRun(port, 1)));
    adapter.push(await onFreshEmulator((port) => adapterRun(port, 1)));
    if (!rawFirst) raw.push(await onFreshEmulator((port) => rawRun(port, 1)));
    console.log(`run ${run + 1}: raw IBApi ${raw[run]!.toFixed(1)} µs, InteractiveBrokersBroker ${adapter[run]!.toFixed(1)} µs`);
  }
  const a = median(adapter);
  const r = median(raw);
  console.log(`placeOrder→ack, median of ${RUNS} runs × ${ORDERS} orders: raw @stoqey/ib IBApi ${r.toFixed(1)} µs, InteractiveBrokersBroker ${a.toFixed(1)} µs, ratio ${(a / r).toFixed(2)}× (goal ≤ 1.15×)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
