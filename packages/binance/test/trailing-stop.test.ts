import { dec, NotSupportedError, type Instrument, type Order } from '@silvertine/core';
import { orderStatus, startVenue, venueRequest, type Venue } from './emulator-harness';

/**
 * Core's TRAILING_STOP through BinanceBroker to the emulator over real sockets: a STOP_LOSS with
 * `trailingDelta` (basis points) that trails the high from placement. The market starts at 50000
 * (bid 49999.99, ask 50000.01); `setPrice(p)` prints at p and quotes p ∓ 0.01. (ccxt and the binance SDK
 * placing trailing stops on the same emulator: binance-emulator/test/order-features.fidelity.test.ts.)
 */
describe('BinanceBroker trailing stops on the emulator', () => {
  let v: Venue;
  let btc: Instrument;
  const statusOf = (id: string, status: Order['status']) => orderStatus(v, id, status);
  const atVenue = async (id: string) =>
    (await venueRequest<{ status: string; type: string; trailingDelta?: number; trailingTime?: number }>(v, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: id })).body;

  beforeEach(async () => {
    v = await startVenue();
    btc = (await v.broker.instrument('BTCUSDT'))!;
  });
  afterEach(() => v.close());

  it('sends a 1 % sell trailing stop as STOP_LOSS trailingDelta=100 that follows the high and sells 1 % below it', async () => {
    const order = await v.broker.placeOrder({ instrument: btc, side: 'SELL', type: 'TRAILING_STOP', quantity: dec('0.01'), trailingPercent: dec(1) });
    expect(order.status).toBe('ACCEPTED');
    const [sent] = v.emulator.control.receivedOrders(order.clientOrderId);
    expect(sent.params).toMatchObject({ type: 'STOP_LOSS', side: 'SELL', trailingDelta: '100', quantity: '0.01' });
    expect(sent.params).not.toHaveProperty('stopPrice');
    expect(sent.params).not.toHaveProperty('price');

    v.emulator.control.setPrice('BTCUSDT', '51000'); // a new high: the trigger is now 50490
    v.emulator.control.setPrice('BTCUSDT', '50500'); // 0.98 % below the high: still waiting
    expect(await atVenue(order.clientOrderId)).toMatchObject({ status: 'NEW', type: 'STOP_LOSS', trailingDelta: 100 });
    const filled = statusOf(order.clientOrderId, 'FILLED');
    v.emulator.control.setPrice('BTCUSDT', '50490'); // 1 % below the high
    const done = await filled;
    expect(done.filledQuantity.eq('0.01')).toBe(true);
    // a market sell at the bid one tick under the print that triggered it
    expect(done.averageFillPrice?.eq('50489.99')).toBe(true);
    expect(done.request.type).toBe('TRAILING_STOP');
  });

  it('cancels a resting trailing stop, and reads it back from the venue as a TRAILING_STOP by percent', async () => {
    const order = await v.broker.placeOrder({ instrument: btc, side: 'SELL', type: 'TRAILING_STOP', quantity: dec('0.01'), trailingPercent: dec('2.5') });
    const open = (await v.broker.venueState().openOrders()).find((o) => o.clientOrderId === order.clientOrderId);
    expect(open?.request.type).toBe('TRAILING_STOP');
    expect(open?.request.trailingPercent?.eq('2.5')).toBe(true);
    const canceled = statusOf(order.clientOrderId, 'CANCELED');
    await v.broker.cancelOrder(order.clientOrderId);
    expect((await canceled).filledQuantity.isZero()).toBe(true);
    expect(await atVenue(order.clientOrderId)).toMatchObject({ status: 'CANCELED' });
  });

  it('refuses a trailingAmount and a distance outside TRAILING_DELTA before anything is sent', async () => {
    const amount = v.broker.placeOrder({ instrument: btc, side: 'SELL', type: 'TRAILING_STOP', quantity: dec('0.01'), trailingAmount: dec(500) });
    await expect(amount).rejects.toBeInstanceOf(NotSupportedError);
    await expect(amount).rejects.toMatchObject({ feature: 'trailingAmount' });
    // the emulator's TRAILING_DELTA filter allows 10..2000 bips
    await expect(v.broker.placeOrder({ instrument: btc, side: 'SELL', type: 'TRAILING_STOP', quantity: dec('0.01'), trailingPercent: dec('0.05') }))
      .rejects.toMatchObject({ field: 'trailingPercent', rule: 'trailingDelta' });
    await expect(v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'TRAILING_STOP', quantity: dec('0.01'), trailingPercent: dec('1.005') }))
      .rejects.toMatchObject({ field: 'trailingPercent', rule: 'wholeBips' });
    expect(v.emulator.control.receivedOrders()).toEqual([]);
  });
});
