/**
 * One strategy process of the failover run: places `orders` orders on broker `venue` through a
 * RemoteBroker (the gateway's Redis streams), sequentially, then settles every order (UNKNOWN ones are
 * resolved by client order id, never resent) and writes what it knows to `report`: its orders, every
 * Fill event its bus saw (duplicates included, so the runner can count them) and its positions.
 *
 * Usage: node -r tools/scripts/register-ts.js apps/e2e/failover/strategy-process.ts <json options>
 * Progress on stdout, one JSON object a line: {"ready":true}, {"placed":n}, {"done":true}.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { EventBus, dec, isTerminalStatus, seededRandom, type Fill, type Order, type OrderRequest } from '@silvertine/core';
import { RemoteBroker } from '@silvertine/redis';
import type { StrategyOptions, StrategyReport } from './failover-types';

const SETTLE_SAFETY_NET_MS = 120_000;

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]) as StrategyOptions;
  const bus = new EventBus();
  const fills: Fill[] = [];
  bus.on('Fill', (e) => void fills.push(e.fill), 'failover-strategy');
  const broker = new RemoteBroker({
    id: 'venue', bus,
    // Generous: places queue in the stream while no gateway serves; one that still times out is UNKNOWN and resolved below.
    config: { url: options.redisUrl, prefix: options.prefix, clientId: `strategy-${options.index}`, requestTimeoutMs: 30_000, maxReconnectDelayMs: 200 },
  });
  await broker.connect();
  const instrument = await broker.instrument('BTCUSDT');
  if (!instrument) throw new Error('BTCUSDT unknown to the gateway');
  say({ ready: true });

  const random = seededRandom(options.seed * 1_000 + options.index);
  const ids: string[] = [];
  const errors: Record<string, number> = {};
  for (let k = 0; k < options.orders; k++) {
    const clientOrderId = `${options.tag}-s${options.index}-${k}`;
    ids.push(clientOrderId);
    // Nine in ten cross the spread and fill at once; one in ten rests far from the market and is canceled.
    const resting = random() < 0.1;
    const side = random() < 0.5 ? 'BUY' : 'SELL';
    const price = resting ? (side === 'BUY' ? '40000' : '60000') : side === 'BUY' ? '50500' : '49500';
    const request: OrderRequest = { clientOrderId, instrument, side, type: 'LIMIT', timeInForce: 'GTC', quantity: dec('0.001'), limitPrice: dec(price) };
    try {
      const placed = await broker.placeOrder(request);
      if (resting && placed.status === 'ACCEPTED') await broker.cancelOrder(clientOrderId).catch((e: unknown) => count(errors, e));
    } catch (error) {
      count(errors, error);
    }
    say({ placed: k + 1 });
  }

  const orders = await settle(broker, ids);
  const positions = (await broker.localPositions()).map((p) => ({ symbol: p.instrument.symbol, quantity: p.quantity.toString() }));
  const report: StrategyReport = {
    index: options.index,
    orders: orders.map((o) => ({ clientOrderId: o.clientOrderId, status: o.status, filled: o.filledQuantity.toString(), venueOrderId: o.venueOrderId })),
    fills: fills.map((f) => ({ tradeId: f.tradeId, clientOrderId: f.clientOrderId, side: f.side, quantity: f.quantity.toString(), price: f.price.toString(), commission: f.commission.toString(), commissionAsset: f.commissionAsset })),
    positions,
    errors,
  };
  writeFileSync(options.report, JSON.stringify(report));
  await broker.disconnect();
  bus.close();
  say({ done: true });
}

/**
 * Every order to a terminal status: UNKNOWN ones resolved at the gateway by client order id, resting ones
 * whose cancel failed canceled again. Waits on the order stream; asks again each second as a retry, within
 * a safety net.
 */
async function settle(broker: RemoteBroker, ids: readonly string[]): Promise<Order[]> {
  const deadline = Date.now() + SETTLE_SAFETY_NET_MS;
  for (;;) {
    const orders: Order[] = [];
    for (const id of ids) {
      let order = await broker.getOrder(id).catch(() => undefined);
      if (order && (order.status === 'ACCEPTED' || order.status === 'PARTIALLY_FILLED')) {
        order = await broker.cancelOrder(id).catch(() => order);
      }
      if (order) orders.push(order);
    }
    const open = orders.filter((o) => !isTerminalStatus(o.status));
    if (open.length === 0 || Date.now() > deadline) return orders;
    await new Promise<void>((resolve) => {
      const subscription = broker.orders$.subscribe((o) => {
        if (open.some((x) => x.clientOrderId === o.clientOrderId) && isTerminalStatus(o.status)) done();
      });
      const timer = setTimeout(done, 1_000);
      function done(): void {
        clearTimeout(timer);
        subscription.unsubscribe();
        resolve();
      }
    });
  }
}

function count(errors: Record<string, number>, error: unknown): void {
  const code = (error as { code?: string }).code ?? (error instanceof Error ? error.name : 'unknown');
  errors[code] = (errors[code] ?? 0) + 1;
}

function say(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`strategy failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
