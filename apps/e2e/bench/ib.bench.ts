/**
 * IB placeOrder → acknowledged on the TWS emulator: InteractiveBrokersBroker vs raw @stoqey/ib IBApi
 * (placeOrder, then the first orderStatus), the same request pacing on both sides, a fresh emulator per
 * side and run, sides alternated. Resting limit orders far from the market: acknowledged, never filled.
 */
import './support/prefer-sources';
import { dec, EventBus } from '@silvertine/core';
import { InteractiveBrokersBroker } from '@silvertine/ib';
import { startTwsEmulator } from '@silvertine/tws-emulator';
import { EventName, IBApi, OrderAction, OrderType, SecType, type Contract } from '@stoqey/ib';
import { median, report, row, ROUNDS, runBench } from './support/bench-kit';

const ORDERS = Number(process.env.IB_BENCH_ORDERS ?? 200);
const PACING = 1000;
const AAPL = { symbol: 'AAPL', assetClass: 'STK' as const, quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1), exchange: 'SMART' };
const usSince = (t: bigint) => Number(process.hrtime.bigint() - t) / 1_000;

async function adapterRun(port: number): Promise<number> {
  const broker = new InteractiveBrokersBroker({ id: 'bench-ib', bus: new EventBus(), config: { host: '127.0.0.1', port, clientId: 1, maxRequestsPerSecond: PACING } });
  await broker.connect();
  const samples: number[] = [];
  try {
    for (let i = 0; i <= ORDERS; i++) {
      const t = process.hrtime.bigint();
      await broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(100) });
      if (i > 0) samples.push(usSince(t)); // the first pays the contract lookup
    }
  } finally {
    await broker.disconnect();
  }
  return median(samples);
}

async function rawRun(port: number): Promise<number> {
  const api = new IBApi({ host: '127.0.0.1', port, maxReqPerSec: PACING });
  let nextId = await new Promise<number>((resolve) => {
    api.once(EventName.nextValidId, resolve);
    api.connect(1);
  });
  const contract: Contract = { conId: 265598, symbol: 'AAPL', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
  const waiting = new Map<number, () => void>();
  api.on(EventName.orderStatus, (orderId: number) => {
    waiting.get(orderId)?.();
    waiting.delete(orderId);
  });
  const samples: number[] = [];
  for (let i = 0; i <= ORDERS; i++) {
    const t = process.hrtime.bigint();
    const id = nextId++;
    const acked = new Promise<void>((resolve) => waiting.set(id, resolve));
    api.placeOrder(id, contract, { action: OrderAction.BUY, orderType: OrderType.LMT, totalQuantity: 1, lmtPrice: 100, tif: 'GTC', orderRef: `raw${id}`, transmit: true });
    await acked;
    if (i > 0) samples.push(usSince(t));
  }
  api.disconnect();
  return median(samples);
}

async function onFreshEmulator(run: (port: number) => Promise<number>): Promise<number> {
  const emulator = await startTwsEmulator({ port: 0, timerIntervalMs: 0 });
  emulator.setPrice('AAPL', 150);
  try {
    return await run(emulator.port);
  } finally {
    await emulator.close();
  }
}

runBench(async () => {
  const adapter: number[] = [];
  const raw: number[] = [];
  await onFreshEmulator(rawRun);
  await onFreshEmulator(adapterRun);
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2 === 0) raw.push(await onFreshEmulator(rawRun));
    adapter.push(await onFreshEmulator(adapterRun));
    if (r % 2 === 1) raw.push(await onFreshEmulator(rawRun));
  }
  const floor = row('ib', 'raw @stoqey/ib IBApi placeOrder → orderStatus', 'µs/order', raw, 'lower');
  report({
    bench: 'ib',
    rows: [floor, row('ib', 'InteractiveBrokersBroker placeOrder → ack', 'µs/order', adapter, 'lower', floor)],
    notes: [`median per run of ${ORDERS} sequential orders, ${ROUNDS} runs, pacing ${PACING} req/s both sides; goal (IB issue) ≤ 1.15×`],
  });
});
