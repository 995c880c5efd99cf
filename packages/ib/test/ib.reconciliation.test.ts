import { EventBus, dec, type Fill, type Order } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: resilience's Reconciler is the consumer being proven
import { Reconciler } from '@silvertine/resilience';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the emulator is the venue
import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';
import { InteractiveBrokersBroker } from '../src';
import { AAPL, EURUSD, SAFETY_NET_MS } from './support/harness';

/** A fixed trading day at the emulator (noon UTC), so the execution time filter is deterministic. */
const NOON = Date.UTC(2026, 0, 5, 12, 0, 0);
const MINUTE = 60_000;

describe('IbVenueState with @silvertine/resilience Reconciler on the TWS emulator', () => {
  let emulator: TwsEmulator;
  let venueNow: number;
  const brokers: InteractiveBrokersBroker[] = [];

  const connect = async (clientId: number, id = `ib-${clientId}`): Promise<InteractiveBrokersBroker> => {
    const broker = new InteractiveBrokersBroker({
      id, bus: new EventBus(),
      config: { host: emulator.host, port: emulator.port, clientId, commissionWaitMs: 30_000, reconnect: { initialDelayMs: 50, maxDelayMs: 400 } },
    });
    brokers.push(broker);
    await broker.connect();
    return broker;
  };
  const orderIn = (b: InteractiveBrokersBroker, id: string, status: Order['status']) =>
    waitFor(b.orders$, (o) => o.clientOrderId === id && o.status === status, SAFETY_NET_MS, `${id} ${status}`);

  beforeEach(async () => {
    venueNow = NOON;
    emulator = await startTwsEmulator({ port: 0, timerIntervalMs: 0, now: () => venueNow });
    emulator.setQuote('AAPL', { bid: 149.99, ask: 150, last: 150, bidSize: 1000, askSize: 1000 });
  });
  afterEach(async () => {
    for (const b of brokers.splice(0)) await b.disconnect();
    await emulator.close();
  });

  it('adopts orders another client id placed and filled while we were down, applying each execution once', async () => {
    // our process runs, then goes down
    const first = await connect(11, 'ib-main');
    await first.disconnect();

    // meanwhile another API client trades on the same account: one order filled in three executions,
    // one still resting, partially filled
    const other = await connect(12);
    emulator.setQuote('AAPL', { askSize: 4 });
    const filled = await other.placeOrder({ clientOrderId: 'other-filled', instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(10), limitPrice: dec(150) });
    emulator.setQuote('AAPL', { askSize: 3 });
    emulator.setQuote('AAPL', { askSize: 1000 });
    await orderIn(other, filled.clientOrderId, 'FILLED');
    emulator.setQuote('AAPL', { ask: 151, askSize: 1000 });
    const resting = await other.placeOrder({ clientOrderId: 'other-resting', instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(8), limitPrice: dec(150) });
    emulator.setQuote('AAPL', { ask: 150, askSize: 5 });
    await orderIn(other, resting.clientOrderId, 'PARTIALLY_FILLED');
    emulator.setQuote('AAPL', { ask: 151, askSize: 1000 });
    const venueExecs = emulator.executions().filter((e) => e.orderRef.startsWith('other-'));
    expect(venueExecs.length).toBeGreaterThanOrEqual(3);

    // our process restarts (a new broker object, same client id) and reconciles before trading
    const restarted = await connect(11, 'ib-main');
    const fills: Fill[] = [];
    restarted.fills$.subscribe((f) => fills.push(f));
    const reconciler = new Reconciler();
    restarted.addPreTradeCheck(reconciler.preTradeCheck(restarted.id));
    const report = await reconciler.reconcile({ broker: restarted, venue: restarted.venueState(), since: NOON - MINUTE });

    expect([...report.adopted].sort()).toEqual(['other-filled', 'other-resting']);
    expect(report.positionMismatches).toEqual([]);
    expect(report.blocked).toBe(false);
    const adoptedFilled = (await restarted.getOrder('other-filled'))!;
    expect(adoptedFilled.status).toBe('FILLED');
    expect(adoptedFilled.filledQuantity.eq(10)).toBe(true);
    const adoptedResting = (await restarted.getOrder('other-resting'))!;
    expect(adoptedResting.status).toBe('PARTIALLY_FILLED');
    expect(adoptedResting.filledQuantity.eq(5)).toBe(true);
    expect(adoptedResting.request.limitPrice!.eq(150)).toBe(true);

    // each execution exactly once, with IB's commission
    expect(fills.map((f) => f.tradeId).sort()).toEqual(venueExecs.map((e) => e.execId).sort());
    for (const e of venueExecs) expect(fills.find((f) => f.tradeId === e.execId)!.commission.eq(e.commission)).toBe(true);
    expect((await restarted.localPositions()).find((p) => p.instrument.symbol === 'AAPL')!.quantity.eq(15)).toBe(true);

    // a second pass finds nothing new and changes nothing
    const again = await reconciler.reconcile({ broker: restarted, venue: restarted.venueState(), since: NOON - MINUTE });
    expect([again.adopted, again.appliedFills, again.inferredFills, again.positionMismatches]).toEqual([[], [], [], []]);
    expect(fills).toHaveLength(venueExecs.length);

    // another client's order cannot be cancelled through our socket: refused, still working
    await expect(restarted.cancelOrder('other-resting')).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
    expect((await restarted.getOrder('other-resting'))!.status).toBe('PARTIALLY_FILLED');
    // and trading is open again
    const mine = await restarted.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(140) });
    expect(mine.status).toBe('ACCEPTED');
  });

  it('blocks new orders while positions disagree with TWS, and lets them through once they agree', async () => {
    const other = await connect(22);
    const early = await other.placeOrder({ clientOrderId: 'early-buy', instrument: AAPL, side: 'BUY', type: 'MARKET', quantity: dec(7) });
    if (early.status !== 'FILLED') await orderIn(other, 'early-buy', 'FILLED');
    venueNow = NOON + 10 * MINUTE;

    const ours = await connect(21);
    const reconciler = new Reconciler();
    ours.addPreTradeCheck(reconciler.preTradeCheck(ours.id));
    // a window that starts after the early execution: we cannot explain TWS's 7 shares
    const blind = await reconciler.reconcile({ broker: ours, venue: ours.venueState(), since: NOON + 5 * MINUTE });
    expect(blind.positionMismatches).toEqual([{ symbol: 'AAPL', local: '0', venue: '7' }]);
    expect(blind.blocked).toBe(true);
    const sentBefore = emulator.orders().length;
    await expect(ours.placeOrder({ instrument: AAPL, side: 'SELL', type: 'MARKET', quantity: dec(1) })).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(emulator.orders()).toHaveLength(sentBefore); // refused before any I/O

    // the day's window finds the execution: the order is rebuilt from it, adopted, positions agree
    const full = await reconciler.reconcile({ broker: ours, venue: ours.venueState(), since: NOON - MINUTE });
    expect(full.adopted).toEqual(['early-buy']);
    expect(full.appliedFills).toHaveLength(1);
    expect(full.blocked).toBe(false);
    expect((await ours.getOrder('early-buy'))!.status).toBe('FILLED');
    const sell = await ours.placeOrder({ instrument: AAPL, side: 'SELL', type: 'MARKET', quantity: dec(1) });
    expect(['ACCEPTED', 'FILLED']).toContain(sell.status);
  });
  it('keeps TWS prices of adopted orders on contracts we never resolved (forex ticks are finer than 0.01)', async () => {
    const other = await connect(32);
    emulator.setPrice('EUR.USD', '1.10005');
    const fx = await other.placeOrder({ clientOrderId: 'other-fx', instrument: EURUSD, side: 'BUY', type: 'MARKET', quantity: dec(20000) });
    if (fx.status !== 'FILLED') await orderIn(other, 'other-fx', 'FILLED');
    const ours = await connect(31);
    const report = await new Reconciler().reconcile({ broker: ours, venue: ours.venueState(), since: NOON - MINUTE });
    expect(report.adopted).toEqual(['other-fx']);
    expect(report.positionMismatches).toEqual([]);
    const adopted = (await ours.getOrder('other-fx'))!;
    expect(adopted.averageFillPrice!.toString()).toBe('1.10005');
    expect(adopted.request.instrument.symbol).toBe('EUR.USD');
  });
});
