import { dec, type Fill, type Order, type OrderStatus } from '@silvertine/core';
import { FAILURE_FIGURES, type Scenario } from '../harness/scenario.types';
import { between } from '../harness/intents';
import { eventually, SAFETY_NET_MS } from '../harness/wait';
import { BINANCE_SYMBOL, BinanceRig } from '../venues/binance-rig';
import { DISTANCE, MID, settleAndJudge, withBinance, type BinanceRun } from './binance-scenario.kit';

type Replayed = { readonly kind: 'fill'; readonly fill: Fill } | { readonly kind: 'status'; readonly clientOrderId: string; readonly status: OrderStatus };

/** Fisher–Yates with the seeded random. */
function shuffle<T>(random: () => number, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Orders in every shape: filled, partially filled then canceled, resting, partially filled and resting. */
async function trade(run: BinanceRun, random: () => number): Promise<void> {
  const control = run.rig.emulator.control;
  const resting: string[] = [];
  for (let k = between(random, 3, 5); k > 0; k--) {
    const intent = k % 2 === 0 ? run.intents.market() : run.intents.resting(MID, DISTANCE);
    const placed = await run.rig.place(intent);
    if (placed.order && intent.type === 'LIMIT') resting.push(intent.clientOrderId);
  }
  control.trade(BINANCE_SYMBOL, MID.minus(DISTANCE), dec('0.001'));
  control.trade(BINANCE_SYMBOL, MID.plus(DISTANCE), dec('0.001'));
  for (const id of resting) if (random() < 0.5) await run.rig.broker.cancelOrder(id).catch(() => undefined);
  await run.rig.quiesce();
}

/** Every venue fill one to three times and every status the venue went through, shuffled. */
async function replayStream(rig: BinanceRig, random: () => number, orders: readonly Order[]): Promise<{ events: Replayed[]; injected: number }> {
  const fills = await rig.venueState().recentFills(0);
  const events: Replayed[] = [];
  for (const fill of fills) for (let n = between(random, 1, 3); n > 0; n--) events.push({ kind: 'fill', fill });
  for (const order of orders) {
    events.push({ kind: 'status', clientOrderId: order.clientOrderId, status: 'ACCEPTED' });
    if (order.status === 'CANCELED' || order.status === 'EXPIRED') events.push({ kind: 'status', clientOrderId: order.clientOrderId, status: order.status });
  }
  return { events: shuffle(random, events), injected: events.length - fills.length };
}

function apply(rig: BinanceRig, events: readonly Replayed[]): void {
  for (const e of events) {
    if (e.kind === 'fill') rig.broker.reconcileFill(e.fill);
    else rig.broker.reconcileStatus(e.clientOrderId, e.status);
  }
}

/**
 * Duplicate and reordered events fed to brokers: (1) to the broker that traded, after the fact (replays
 * of fills it has, stale ACCEPTED statuses after FILLED/CANCELED); (2) to a fresh broker on the same
 * account that adopted the venue's orders and then receives the whole history shuffled, fills before
 * or after their order's cancel. Fills count once; statuses never go back.
 */
export const duplicateReordered: Scenario = {
  name: 'duplicate + reordered events',
  description: 'every fill replayed 1–3× and stale statuses, shuffled (seeded), fed to the trading broker and to a fresh broker that adopted the orders: fills once, no status regression',
  fast: true,
  run: (ctx) => withBinance(ctx, 'dr', async (run) => {
    for (let r = 0; r < ctx.rounds; r++) await trade(run, ctx.random);
    const venueOrders = await run.rig.venueState().openOrders();
    const all = [...(await run.rig.recorder.view()).orders.values()];
    const first = await replayStream(run.rig, ctx.random, all);
    apply(run.rig, first.events);
    run.injections += first.injected;

    const fresh = await BinanceRig.start({ logger: ctx.logger, tmpDir: ctx.tmpDir, emulator: run.rig.emulator, brokerId: 'binance-fresh', journalFile: `${ctx.tmpDir}/fresh.journal` });
    try {
      for (const id of run.rig.intents) fresh.intents.add(id);
      for (const order of all) {
        const atVenue = await fresh.venueState().orderByClientId(order.clientOrderId);
        if (atVenue) fresh.broker.adoptOrder({ ...atVenue, status: 'ACCEPTED', filledQuantity: dec(0) });
      }
      fresh.recorder.watch(all.map((o) => o.clientOrderId));
      const second = await replayStream(fresh, ctx.random, all);
      apply(fresh, second.events);
      run.injections += second.injected;
      await eventually(async () => (await fresh.recorder.view()).fillCounts.size > 0 || all.every((o) => o.filledQuantity.isZero()), SAFETY_NET_MS, 'fills applied');
      const figures = await settleAndJudge(fresh, ctx);
      for (const k of FAILURE_FIGURES) run.extra[k] += figures[k];
      ctx.note(`fresh broker: ${venueOrders.length} orders still open at the venue`);
    } finally {
      await fresh.close({ keepEmulator: true });
    }
  }),
};
