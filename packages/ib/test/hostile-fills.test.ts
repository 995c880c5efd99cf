import { dec, type Order } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: resilience's Reconciler settles the contradiction
import { Reconciler } from '@silvertine/resilience';
import { IBApiNext } from '@stoqey/ib';
import { AAPL, SAFETY_NET_MS } from './support/harness';
import { errorEvent, restingBuy, startHostileRig, type HostileRig } from './support/hostile-rig';

/**
 * A TWS that reports executions contradicting our orders, or fields that are not what they claim,
 * over TCP. What TWS said is reported faithfully (an SLD stays a SELL); core refuses what contradicts
 * the order; nothing is applied; the instrument is blocked until reconciliation; TWS is asked.
 */
describe('InteractiveBrokersBroker facing executions that contradict their order', () => {
  let rig: HostileRig;
  let order: Order;
  let execSeq = 0;
  /** Resolves when the broker asks TWS for the day's executions (its reconcile, after open orders). */
  let askedTws: Promise<void>;

  const inject = (fields: { side?: string; shares?: string; price?: string; cumQty?: string }) =>
    rig.emulator.injectExecution({
      clientId: rig.clientId, orderId: Number(order.venueOrderId), orderRef: order.clientOrderId, contract: 'AAPL',
      execId: `hostile.${++execSeq}`, side: 'BOT', shares: '10', price: '140', commission: '1', ...fields,
    });
  const unchanged = async () => {
    const now = (await rig.broker.getOrder(order.clientOrderId))!;
    expect([now.status, now.filledQuantity.toString()]).toEqual(['ACCEPTED', '0']);
    expect((await rig.broker.localPositions()).filter((p) => !p.quantity.isZero())).toEqual([]);
  };

  beforeEach(async () => {
    const original = IBApiNext.prototype.getExecutionDetails;
    askedTws = new Promise<void>((resolve) => {
      jest.spyOn(IBApiNext.prototype, 'getExecutionDetails').mockImplementation(function (this: IBApiNext, filter) {
        resolve();
        return original.call(this, filter);
      });
    });
    rig = await startHostileRig();
    order = await restingBuy(rig, 140, 10);
    expect(order.status).toBe('ACCEPTED');
  });
  afterEach(async () => {
    await rig.close();
    jest.restoreAllMocks();
  });

  it('an SLD execution on our BUY is reported as the SELL it is, refused, blocks AAPL and makes the broker ask TWS', async () => {
    inject({ side: 'SLD' });
    const refused = await errorEvent(rig, (e) => e.code === 'VENUE_CONTRADICTION', 'the contradiction');
    expect(refused.message).toMatch(/SELL execution on a BUY order/);
    expect(refused.severity).toBe('CRITICAL');
    await unchanged();
    await expect(rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(139) })).rejects.toMatchObject({ code: 'RECONCILING' });
    await askedTws;

    // TWS knows no such execution; a reconciliation pass agrees with it and lifts the block
    const report = await new Reconciler().reconcile({ broker: rig.broker, venue: rig.broker.venueState(), since: 0 });
    expect([report.appliedFills, report.positionMismatches, report.blocked]).toEqual([[], [], false]);
    expect((await restingBuy(rig, 139, 1)).status).toBe('ACCEPTED');
  });

  it('a price above the BUY limit is refused (rule limit), nothing applied', async () => {
    inject({ price: '141' });
    const refused = await errorEvent(rig, (e) => e.code === 'VENUE_CONTRADICTION', 'the contradiction');
    expect(refused.message).toMatch(/beyond the BUY limit 140/);
    await unchanged();
    await askedTws;
  });

  it('a cumulative quantity that does not cover the fills is refused; a consistent one applies', async () => {
    const partial = waitFor(rig.broker.orders$, (o) => o.clientOrderId === order.clientOrderId && o.filledQuantity.eq(4), SAFETY_NET_MS, '4 filled');
    inject({ shares: '4', cumQty: '4' });
    expect((await partial).status).toBe('PARTIALLY_FILLED');
    inject({ shares: '2', cumQty: '5' }); // 4 + 2 filled, TWS says 5
    const refused = await errorEvent(rig, (e) => e.code === 'VENUE_CONTRADICTION', 'the contradiction');
    expect(refused.message).toMatch(/cumulative quantity 5 is below the 6/);
    expect((await rig.broker.getOrder(order.clientOrderId))!.filledQuantity.toString()).toBe('4');
  });

  it.each([
    ['a price of "abc"', { price: 'abc' }, /execution.price/],
    ['a price of "1e400"', { price: '1e400' }, /execution.price/],
    ['an empty price', { price: '' }, /execution.price/],
    ['a side of "XYZ"', { side: 'XYZ' }, /execution.side/],
    ['a size of "NaN"', { shares: 'NaN' }, /execution.shares/],
  ])('%s is a payload error, counted, nothing applied and nothing blocked', async (_what, fields, field) => {
    inject(fields);
    const refused = await errorEvent(rig, (e) => e.code === 'VENUE_PAYLOAD', 'the payload error');
    expect(refused.message).toMatch(field);
    expect(rig.metrics.rejected).toEqual([{ brokerId: 'ib-hostile', kind: 'execDetails' }]);
    await unchanged();
    expect(rig.errors.some((e) => e.code === 'VENUE_CONTRADICTION')).toBe(false);
    expect((await restingBuy(rig, 139, 1)).status).toBe('ACCEPTED');
  });

  it('an order status TWS never sends ("Bogus") or with an order id that is not a number is refused and changes nothing', async () => {
    const status = (id: string, text: string) => ['3', id, text, '0', '10', '0', '1', '0', '0', String(rig.clientId), '', '0'];
    rig.emulator.sendRawMessage(status(order.venueOrderId!, 'Bogus'), rig.clientId);
    rig.emulator.sendRawMessage(status('x1', 'Cancelled'), rig.clientId);
    await errorEvent(rig, (e) => e.code === 'VENUE_PAYLOAD' && /orderStatus.status/.test(e.message), 'the bad status');
    await errorEvent(rig, (e) => e.code === 'VENUE_PAYLOAD' && /orderStatus.orderId/.test(e.message), 'the bad id');
    expect(rig.metrics.rejected.map((r) => r.kind)).toEqual(['orderStatus', 'orderStatus']);
    await unchanged();
    expect(rig.broker.state).toBe('CONNECTED');
  });
});
