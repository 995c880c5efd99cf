import { dec, type AlertEvent, type BrokerErrorEvent, type Order } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
import { eventually, orderStatus, SAFETY_NET_MS } from './emulator-harness';
import { balancesSettled, startHostileVenue, stateOf, tradesCorrectly, type HostileVenue } from './hostile-venue';

/**
 * Well-formed executions that contradict their order (core's fill checks, fed the venue's cumulative
 * quantity `z`): not applied, the symbol blocked for new orders, a CRITICAL alert, and the venue asked
 * about the order; the block lifts once reconciliation settles it.
 */
describe('contradicting executionReports (through a hostile proxy in front of the emulator)', () => {
  let v: HostileVenue;
  let resting: Order;
  let forgedTrades = 0;

  beforeAll(async () => {
    v = await startHostileVenue();
  });
  beforeEach(async () => {
    resting = await v.broker.placeOrder({ instrument: v.btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.02'), limitPrice: dec('45000') });
    await balancesSettled(v);
  });
  afterEach(() => v.broker.cancelOrder(resting.clientOrderId));
  afterAll(() => v.close());

  const report = (over: Record<string, unknown>) => JSON.stringify({ subscriptionId: 0, event: {
    e: 'executionReport', E: 1, s: 'BTCUSDT', c: resting.clientOrderId, S: 'BUY', o: 'LIMIT', f: 'GTC', q: '0.02000000', p: '45000.00',
    C: '', x: 'TRADE', X: 'PARTIALLY_FILLED', r: 'NONE', i: Number(resting.venueOrderId), l: '0.01000000', z: '0.01000000', L: '45000.00',
    n: '0', N: 'BTC', T: 1, t: 900_000 + ++forgedTrades, m: true, ...over,
  } });

  it.each([
    ['a SELL execution on our BUY', { S: 'SELL' }, 'side'],
    ['an execution of our order on another symbol', { s: 'ETHUSDT' }, 'symbol'],
    ['a fill at 90000 on a BUY limited at 45000', { L: '90000.00' }, 'limit'],
    ['a fill larger than the order', { l: '0.05000000', z: '0.05000000' }, 'remainder'],
    ['a cumulative quantity above the order quantity', { z: '0.03000000' }, 'cumulativeAboveOrder'],
    ['a cumulative quantity below the fills it includes', { z: '0.00500000' }, 'cumulativeBelowFills'],
  ])('refuses %s, blocks the symbol, asks the venue, and trades again once reconciled', async (_name, over, rule) => {
    const before = await stateOf(v);
    const queries = v.emulator.control.requestCount('order.status');
    const contradiction = waitFor(v.bus.errors$, (e: BrokerErrorEvent) => e.code === 'VENUE_CONTRADICTION', SAFETY_NET_MS, 'contradiction');
    const alert = waitFor(v.bus.alerts$, (a: AlertEvent) => a.source === 'fill-check', SAFETY_NET_MS, 'fill-check alert');
    v.proxy.inject('/ws-api/v3', report(over));
    expect((await contradiction).severity).toBe('CRITICAL');
    expect((await alert).details).toMatchObject({ rule, symbol: 'BTCUSDT', clientOrderId: resting.clientOrderId });
    expect(await stateOf(v)).toBe(before);
    // The venue is asked what really happened to the order.
    await eventually(() => v.emulator.control.requestCount('order.status') > queries, SAFETY_NET_MS, 'the order queried');
    // Fail closed: no new order on the symbol until reconciliation settles it.
    await expect(v.broker.placeOrder({ instrument: v.btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01'), clientOrderId: `blocked-${rule}` })).rejects.toMatchObject({ code: 'RECONCILING' });
    expect(v.emulator.control.receivedOrders(`blocked-${rule}`)).toHaveLength(0);
    v.broker.reconciled(['BTCUSDT']);
    await tradesCorrectly(v);
    expect(v.states).toEqual(['CONNECTED']);
  });

  it('passes the venue cumulative quantity with real fills: two partial fills apply in order', async () => {
    const filled = orderStatus(v, resting.clientOrderId, 'FILLED');
    v.emulator.control.trade('BTCUSDT', '44900', '0.01');
    await orderStatus(v, resting.clientOrderId, 'PARTIALLY_FILLED');
    v.emulator.control.trade('BTCUSDT', '44900', '0.01');
    expect((await filled).filledQuantity.toString()).toBe('0.02');
    expect(v.fills.filter((f) => f.clientOrderId === resting.clientOrderId)).toHaveLength(2);
    await balancesSettled(v);
    resting = await v.broker.placeOrder({ instrument: v.btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.02'), limitPrice: dec('45000') });
  });
});
