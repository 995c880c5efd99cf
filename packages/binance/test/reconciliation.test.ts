import { dec, type AlertEvent, type Fill, type Instrument } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: proves BinanceVenueState satisfies resilience's VenueStateSource (the adapter itself depends on core only)
import { Reconciler, type VenueStateSource } from '@silvertine/resilience';
import { eventually, SAFETY_NET_MS, startVenue, type Venue, venueRequest } from './emulator-harness';

/** Another client of the same account, straight to the emulator's REST API (not through the adapter). */
async function placeElsewhere(v: Venue, params: Record<string, string>): Promise<void> {
  expect((await venueRequest(v, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', ...params })).status).toBe(200);
}

/** Every trade id the venue has for BTCUSDT (the oracle for "no fill lost"). */
async function venueTradeIds(v: Venue): Promise<string[]> {
  return (await venueRequest<{ id: number }[]>(v, 'GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', fromId: '0' })).body.map((t) => String(t.id));
}

describe('reconciliation with @silvertine/resilience (BinanceVenueState on the emulator)', () => {
  let v: Venue;
  let btc: Instrument;
  let reconciler: Reconciler;
  let fills: Fill[];
  let alerts: AlertEvent[];
  const started = Date.now();

  beforeEach(async () => {
    v = await startVenue();
    btc = (await v.broker.instrument('BTCUSDT'))!;
    reconciler = new Reconciler({ bus: v.bus });
    v.broker.addPreTradeCheck(reconciler.preTradeCheck(v.broker.id));
    fills = [];
    alerts = [];
    v.broker.fills$.subscribe((f) => fills.push(f));
    v.bus.alerts$.subscribe((a) => alerts.push(a));
  });
  afterEach(() => v.close());

  it('adopts orders placed and filled while disconnected and applies their fills exactly once', async () => {
    const own = await v.broker.placeOrder({ instrument: btc, side: 'SELL', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('51000') });
    await v.broker.disconnect();

    // While the adapter is away: another client buys at market and rests a limit that fills in part,
    // and our own resting order fills.
    await placeElsewhere(v, { side: 'BUY', type: 'MARKET', quantity: '0.02', newClientOrderId: 'away-mkt' });
    await placeElsewhere(v, { side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.03', price: '49500', newClientOrderId: 'away-lmt' });
    v.emulator.control.trade('BTCUSDT', '49400', '0.01');
    v.emulator.control.trade('BTCUSDT', '51100', '0.01');
    expect(fills).toHaveLength(0);

    await v.broker.connect();
    const venue: VenueStateSource = v.broker.venueState(); // compiles only if the shapes match
    const report = await reconciler.reconcile({ broker: v.broker, venue, since: started });

    expect([...report.adopted].sort()).toEqual(['away-lmt', 'away-mkt']);
    expect(await v.broker.getOrder('away-mkt')).toMatchObject({ status: 'FILLED' });
    const partial = (await v.broker.getOrder('away-lmt'))!;
    expect(partial.status).toBe('PARTIALLY_FILLED');
    expect(partial.filledQuantity.toString()).toBe('0.01');
    expect(await v.broker.getOrder(own.clientOrderId)).toMatchObject({ status: 'FILLED' });
    expect(report.positionMismatches).toEqual([]);
    expect(report.blocked).toBe(false);

    // Every venue trade arrived once, whether through the broker's own catch-up or the reconciler.
    const ids = fills.map((f) => f.tradeId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual((await venueTradeIds(v)).sort());
    expect(totalQuantity(fills.filter((f) => f.clientOrderId === 'away-mkt'))).toBe('0.02');

    const again = await reconciler.reconcile({ broker: v.broker, venue: v.broker.venueState(), since: started });
    expect(again).toMatchObject({ adopted: [], appliedFills: [], inferredFills: [], positionMismatches: [], blocked: false });
    expect(fills.map((f) => f.tradeId)).toEqual(ids);

    // The adopted order is tracked like our own: its next fill arrives live, and positions still agree.
    const filled = waitFor(v.broker.orders$, (o) => o.clientOrderId === 'away-lmt' && o.status === 'FILLED', SAFETY_NET_MS, 'away-lmt filled');
    v.emulator.control.trade('BTCUSDT', '49400', '0.02');
    await filled;
    expect((await reconciler.reconcile({ broker: v.broker, venue: v.broker.venueState(), since: started })).positionMismatches).toEqual([]);
    await expect(v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('45000') })).resolves.toMatchObject({ status: 'ACCEPTED' });
  });

  it('blocks new orders while positions disagree with the venue, and lets them through once they agree', async () => {
    v.emulator.control.setBalance('BTC', '5'); // a deposit: no fill explains it
    const report = await reconciler.reconcile({ broker: v.broker, venue: v.broker.venueState(), since: started });
    // The ledger holds no fill (local 0); the venue's BTC grew by 3 since the broker connected.
    expect(report.positionMismatches).toEqual([{ symbol: 'BTCUSDT', local: '0', venue: '3' }]);
    expect(report.blocked).toBe(true);
    expect(alerts.some((a) => a.severity === 'CRITICAL' && a.source === 'reconciliation')).toBe(true);

    const refused = v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('45000'), clientOrderId: 'blocked1' });
    await expect(refused).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(v.emulator.control.receivedOrders('blocked1')).toHaveLength(0);

    v.emulator.control.setBalance('BTC', '2');
    await eventually(async () => !(await reconciler.reconcile({ broker: v.broker, venue: v.broker.venueState(), since: started })).blocked, SAFETY_NET_MS, 'unblocked');
    await expect(v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('45000'), clientOrderId: 'allowed1' })).resolves.toMatchObject({ status: 'ACCEPTED' });
  });
});

/** Sum of fill quantities, as a canonical decimal string. */
function totalQuantity(list: readonly Fill[]): string {
  return list.reduce((s, f) => s.plus(f.quantity), dec(0)).toString();
}
