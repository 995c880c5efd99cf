import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Container } from 'inversify';
import { filter, firstValueFrom } from 'rxjs';
import { CORE_TOKENS, EventBus, ManualClock, createCoreModule, dec, type Order, type OrderJournal, type OrderRequest, type PreTradeCheck } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { createResilienceModule } from '../di/resilience.module';
import { RESILIENCE_TOKENS } from '../di/resilience.tokens';
import { ReconcilableReferenceBroker } from '../testing/reconcilable-reference-broker';
import { ScriptedVenue } from '../testing/scripted-venue';
import type { SafetyStack } from './safety-stack';

const instrument = testInstrument();
const limit = (id: string): OrderRequest => ({ clientOrderId: id, instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec('40000'), timeInForce: 'GTC' });

/** A live-like broker: its venue's state is a ScriptedVenue the test writes. */
class VenueBroker extends ReconcilableReferenceBroker {
  readonly venue = new ScriptedVenue();
  venueState(): ScriptedVenue {
    return this.venue;
  }

  /** The venue reports an execution of the whole of `order` on `side` (the other side is a contradiction). */
  hostileFill(order: Order, side: Order['request']['side']): boolean {
    const { instrument } = order.request;
    return this.applyVenueFill({
      tradeId: `hostile-${order.clientOrderId}`, clientOrderId: order.clientOrderId, symbol: instrument.symbol, side,
      quantity: order.request.quantity, price: order.request.limitPrice ?? dec(1), commission: dec(0), commissionAsset: instrument.quoteAsset, liquidity: 'MAKER', timestamp: 0,
    });
  }
}

/** What @silvertine/config's factory does with a BrokerLifecycle around one broker. */
async function buildThroughStack(stack: SafetyStack, type: string, clock: ManualClock, bus: EventBus): Promise<VenueBroker> {
  const info = { name: 'live', type };
  await stack.beforeCreate(info);
  const journal: OrderJournal | undefined = stack.orderJournal(info);
  const preTradeChecks: PreTradeCheck[] = [...stack.preTradeChecks(info)];
  const broker = new VenueBroker({ id: 'live', config: { cash: { USDT: dec(10_000_000) } }, clock, bus, journal, preTradeChecks });
  await broker.connect();
  broker.setPrice('BTCUSDT', dec('50000'));
  await stack.afterConnect(broker, info);
  return broker;
}

function compose(dir: string, clock: ManualClock): Container {
  const container = new Container();
  container.loadSync(createCoreModule({ clock }));
  container.loadSync(createResilienceModule({ journal: { path: join(dir, 'orders.journal') }, killSwitch: { stateFile: join(dir, 'kill-switch.json') } }));
  return container;
}

const accepted = (request: OrderRequest): Order => ({
  request, clientOrderId: request.clientOrderId, status: 'ACCEPTED', venueOrderId: `V-${request.clientOrderId}`, filledQuantity: dec(0), remainingQuantity: request.quantity, createdAt: 0, updatedAt: 0,
});

describe('SafetyStack (createResilienceModule)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'safety-stack-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('journals a live broker, and after a restart restores its order in flight from the journal and the venue', async () => {
    const clock = new ManualClock(1_000);
    const first = compose(dir, clock);
    const stack1 = first.get(RESILIENCE_TOKENS.SafetyStack);
    const broker1 = await buildThroughStack(stack1, 'binance', clock, first.get(CORE_TOKENS.EventBus));
    await broker1.placeOrder(limit('placed-before-crash'));
    // the process dies: nothing is disconnected or cleaned up, the journal file is all that remains
    await first.get(RESILIENCE_TOKENS.OrderJournal).close?.();

    const second = compose(dir, clock);
    const stack2 = second.get(RESILIENCE_TOKENS.SafetyStack);
    const info = { name: 'live', type: 'binance' };
    await stack2.beforeCreate(info);
    const broker2 = new VenueBroker({ id: 'live', config: { cash: { USDT: dec(10_000_000) } }, clock, bus: second.get(CORE_TOKENS.EventBus), journal: stack2.orderJournal(info), preTradeChecks: [...stack2.preTradeChecks(info)] });
    broker2.venue.setOrder(accepted(limit('placed-before-crash')));
    broker2.venue.setOrder(accepted(limit('placed-by-another-process')));
    await broker2.connect();
    await stack2.afterConnect(broker2, info);
    expect((await broker2.getOpenOrders()).map((o) => o.clientOrderId).sort()).toEqual(['placed-before-crash', 'placed-by-another-process']);
    expect(broker2.sent).toEqual([]); // restored and adopted, never resent

    // after a reconnect the venue is asked again: an order that appeared meanwhile is adopted
    broker2.venue.setOrder(accepted(limit('appeared-while-down')));
    await broker2.disconnect();
    const adopted = firstValueFrom(broker2.orders$.pipe(filter((o) => o.clientOrderId === 'appeared-while-down')));
    await broker2.connect();
    expect((await adopted).status).toBe('ACCEPTED'); // only the stack's reconnect watcher asks the venue

    stack2.beforeDisconnect(broker2);
    await broker2.disconnect();
    await broker1.disconnect();
    await stack1.close();
    await stack2.close();
  });

  it('puts live brokers under the kill switch, whose state survives a restart', async () => {
    const clock = new ManualClock(1_000);
    const first = compose(dir, clock);
    const broker = await buildThroughStack(first.get(RESILIENCE_TOKENS.SafetyStack), 'ib', clock, first.get(CORE_TOKENS.EventBus));
    await broker.placeOrder(limit('open-1'));
    const report = await first.get(RESILIENCE_TOKENS.KillSwitch).engage('operator');
    expect(report.canceled.map((c) => c.clientOrderId)).toEqual(['open-1']);
    await expect(broker.placeOrder(limit('refused'))).rejects.toMatchObject({ code: 'KILL_SWITCH' });
    await first.get(RESILIENCE_TOKENS.SafetyStack).close();
    await broker.disconnect();

    const second = compose(dir, clock);
    const again = await buildThroughStack(second.get(RESILIENCE_TOKENS.SafetyStack), 'ib', clock, second.get(CORE_TOKENS.EventBus));
    await expect(again.placeOrder(limit('still-refused'))).rejects.toMatchObject({ code: 'KILL_SWITCH' });
    await second.get(RESILIENCE_TOKENS.KillSwitch).release();
    await expect(again.placeOrder(limit('allowed'))).resolves.toMatchObject({ status: 'ACCEPTED' });
    await second.get(RESILIENCE_TOKENS.SafetyStack).close();
    await again.disconnect();
  });

  it('reconciles a live broker as soon as a venue fill contradicts its order, which lifts the block once the venue agrees', async () => {
    const clock = new ManualClock(1_000);
    const container = compose(dir, clock);
    const stack = container.get(RESILIENCE_TOKENS.SafetyStack);
    const bus = container.get(CORE_TOKENS.EventBus);
    const broker = await buildThroughStack(stack, 'binance', clock, bus);
    const order = await broker.placeOrder(limit('mine'));
    broker.venue.setOrder(accepted(limit('mine')));
    const settled = firstValueFrom(bus.alerts$.pipe(filter((a) => a.source === 'fill-check' && a.severity === 'INFO')));
    // The venue reports a SELL execution on our BUY: refused, the symbol blocked, a pass started.
    expect(broker.hostileFill(order, 'SELL')).toBe(false);
    await expect(broker.placeOrder(limit('while-blocked'))).rejects.toMatchObject({ code: 'RECONCILING' });
    await settled; // the pass found the venue agreeing with the broker and called broker.reconciled()
    await expect(broker.placeOrder(limit('after'))).resolves.toMatchObject({ status: 'ACCEPTED' });
    await stack.close();
    await broker.disconnect();
  });

  it('leaves paper brokers alone: no journal, no checks, no reconciliation', async () => {
    const clock = new ManualClock(1_000);
    const container = compose(dir, clock);
    const stack = container.get(RESILIENCE_TOKENS.SafetyStack);
    const info = { name: 'paper', type: 'paper' };
    await stack.beforeCreate(info);
    expect(stack.orderJournal(info)).toBeUndefined();
    expect(stack.preTradeChecks(info)).toEqual([]);
    const broker = await buildThroughStack(stack, 'paper', clock, container.get(CORE_TOKENS.EventBus));
    expect(broker.venue.lookups).toEqual([]);
    await container.get(RESILIENCE_TOKENS.KillSwitch).engage('operator');
    await expect(broker.placeOrder(limit('paper-order'))).resolves.toMatchObject({ status: 'ACCEPTED' });
    await stack.close();
    await broker.disconnect();
  });
});
