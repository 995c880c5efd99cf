import { dec } from '@silvertine/core';
import { startRig, type Rig } from './support/harness';

/** `broker.instrument(symbol)` from TWS's contract details; configured contracts known from connect. */
describe('InteractiveBrokersBroker instruments from contract details', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig({ contracts: [{ symbol: 'ESZ6', secType: 'FUT', exchange: 'CME' }] });
    rig.emulator.setPrice('AAPL', 150);
  });
  afterEach(() => rig.close());

  it('registers configured contracts at connect (a future by its local symbol)', async () => {
    expect((await rig.broker.instruments()).map((i) => i.symbol)).toEqual(['ESZ6']);
    const es = (await rig.broker.instrument('ESZ6'))!;
    expect([es.assetClass, es.baseAsset, es.tickSize.toString(), es.multiplier.toString(), es.expiry, es.exchange]).toEqual(['FUT', 'ES', '0.25', '50', '20261218', 'CME']);
  });

  it('looks up a stock and a forex pair on demand, and an order on the stock goes through', async () => {
    const aapl = (await rig.broker.instrument('AAPL'))!;
    expect([aapl.assetClass, aapl.quoteAsset, aapl.tickSize.toString(), aapl.stepSize.toString(), aapl.exchange]).toEqual(['STK', 'USD', '0.01', '1', 'SMART']);
    const eur = (await rig.broker.instrument('EUR.USD'))!;
    expect([eur.assetClass, eur.baseAsset, eur.quoteAsset, eur.tickSize.toString(), eur.exchange]).toEqual(['CASH', 'EUR', 'USD', '0.00005', 'IDEALPRO']);
    expect((await rig.broker.instruments()).map((i) => i.symbol).sort()).toEqual(['AAPL', 'ESZ6', 'EUR.USD']);
    const order = await rig.broker.placeOrder({ instrument: aapl, side: 'BUY', type: 'LIMIT', quantity: dec(5), limitPrice: dec(140) });
    expect(order.status).toBe('ACCEPTED');
  });

  it('answers undefined for symbols TWS does not know or that cannot name a contract', async () => {
    await expect(rig.broker.instrument('NOPE')).resolves.toBeUndefined();
    await expect(rig.broker.instrument('no way!')).resolves.toBeUndefined();
    expect((await rig.broker.instruments()).map((i) => i.symbol)).toEqual(['ESZ6']);
  });
});
