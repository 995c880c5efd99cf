import { Decimal, EventBus, ManualClock, ReconcilingError, dec, type AlertEvent, type Fill, type OrderRequestInput } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { ReconcilableReferenceBroker } from '../testing/reconcilable-reference-broker';
import { ScriptedVenue } from '../testing/scripted-venue';
import { Reconciler } from './reconciler';

/** Counts the passes that ask `venue` (each starts with its open orders). */
function countPasses(venue: ScriptedVenue): { readonly count: number } {
  const counter = { count: 0 };
  const original = venue.openOrders.bind(venue);
  venue.openOrders = async () => {
    counter.count++;
    return original();
  };
  return counter;
}

/** The reference broker with its venue's voice in the test's hands. */
class HostileVenueBroker extends ReconcilableReferenceBroker {
  venueFill(fill: Fill): boolean {
    return this.applyVenueFill(fill);
  }
}

const instrument = testInstrument();
const buy: OrderRequestInput = { instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec('40000') };
/** A SELL execution reported on our BUY order 'mine': a contradiction. */
const sellOnBuy: Fill = {
  tradeId: 'T-sell', clientOrderId: 'mine', symbol: 'BTCUSDT', side: 'SELL', quantity: dec('0.05'), price: dec('40000'),
  commission: Decimal.ZERO, commissionAsset: 'USDT', liquidity: 'MAKER', timestamp: 500,
};

async function setup() {
  const clock = new ManualClock(1_000);
  const bus = new EventBus();
  const alerts: AlertEvent[] = [];
  bus.on('Alert', (a) => void alerts.push(a), 'test');
  const broker = new HostileVenueBroker({ id: 'ref', config: { cash: { USDT: dec(10_000_000) } }, clock, bus });
  const reconciler = new Reconciler({ clock, bus });
  broker.addPreTradeCheck(reconciler.preTradeCheck('ref'));
  await broker.connect();
  broker.setPrice('BTCUSDT', dec('50000'));
  const venue = new ScriptedVenue();
  const mine = await broker.placeOrder({ ...buy, clientOrderId: 'mine' });
  venue.setOrder({ ...mine, status: 'ACCEPTED', venueOrderId: 'V-mine' });
  return { broker, reconciler, venue, alerts };
}

describe('Reconciler and venue contradictions', () => {
  it('lifts the block of a contradicting fill at the end of a pass that settles (broker.reconciled)', async () => {
    const { broker, reconciler, venue } = await setup();
    expect(broker.venueFill(sellOnBuy)).toBe(false);
    await expect(broker.placeOrder(buy)).rejects.toBeInstanceOf(ReconcilingError);
    const report = await reconciler.reconcile({ broker, venue });
    expect(report).toMatchObject({ blocked: false, contradictions: [] });
    expect(broker.blockedSymbols()).toEqual([]);
    expect((await broker.placeOrder(buy)).status).toBe('ACCEPTED');
    await broker.disconnect();
  });

  it('runs a pass on each contradiction it watches, asking the venue, which settles it', async () => {
    const { broker, reconciler, venue } = await setup();
    const watch = reconciler.watchContradictions({ broker, venue });
    const passes = countPasses(venue);
    broker.venueFill(sellOnBuy);
    await watch.idle();
    expect(passes.count).toBe(1);
    expect(reconciler.isBlocked('ref')).toBe(false);
    expect(broker.blockedSymbols()).toEqual([]);
    expect((await broker.placeOrder(buy)).status).toBe('ACCEPTED');
    await watch.stop();
    await broker.disconnect();
  });

  it('stays blocked when the venue repeats the contradiction during the pass, without looping', async () => {
    const { broker, reconciler, venue, alerts } = await setup();
    venue.fills = [sellOnBuy]; // the venue's own trade list carries the same impossible execution
    const watch = reconciler.watchContradictions({ broker, venue });
    const passes = countPasses(venue);
    broker.venueFill(sellOnBuy);
    await watch.idle();
    expect(passes.count).toBe(1);
    expect(reconciler.isBlocked('ref')).toBe(true);
    expect(broker.blockedSymbols()).toEqual(['BTCUSDT']);
    expect(alerts.filter((a) => a.source === 'reconciliation' && a.severity === 'CRITICAL').at(-1)?.message).toMatch(/1 venue fill\(s\) contradicted their orders during reconciliation/);
    await expect(broker.placeOrder(buy)).rejects.toBeInstanceOf(ReconcilingError);
    await watch.stop();
    await broker.disconnect();
  });

  it('needs a bus to watch', () => {
    const broker = new HostileVenueBroker({ id: 'ref', config: { cash: {} } });
    expect(() => new Reconciler().watchContradictions({ broker, venue: new ScriptedVenue() })).toThrow(/needs the event bus/);
  });
});
