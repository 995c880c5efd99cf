import { dec, type Instrument, type Order } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the reconciler that adopts orders found at the venue
import { Reconciler } from '@silvertine/resilience';
import { orderStatus, startVenue, venueRequest, type Venue } from './emulator-harness';

/**
 * TAKE_PROFIT and TAKE_PROFIT_LIMIT on the emulator over real sockets. The market starts at 50000
 * (bid 49999.99, ask 50000.01); `setPrice(p)` prints at p and quotes p ∓ 0.01.
 */
describe('BinanceBroker take-profit orders on the emulator', () => {
  let v: Venue;
  let btc: Instrument;
  const statusOf = (id: string, status: Order['status']) => orderStatus(v, id, status);
  /** The venue's own view of an order (GET /api/v3/order), not the broker's. */
  const atVenue = async (id: string) => (await venueRequest<{ status: string; isWorking: boolean; executedQty: string }>(v, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: id })).body;

  beforeEach(async () => {
    v = await startVenue();
    btc = (await v.broker.instrument('BTCUSDT'))!;
  });
  afterEach(() => v.close());

  it('sends a sell TAKE_PROFIT that waits while the market falls and sells once it rises to the trigger', async () => {
    const order = await v.broker.placeOrder({ instrument: btc, side: 'SELL', type: 'TAKE_PROFIT', quantity: dec('0.01'), stopPrice: dec('51000') });
    expect(order.status).toBe('ACCEPTED');
    const [sent] = v.emulator.control.receivedOrders(order.clientOrderId);
    expect(sent.params).toMatchObject({ type: 'TAKE_PROFIT', side: 'SELL', stopPrice: '51000', quantity: '0.01' });
    expect(sent.params).not.toHaveProperty('price');
    expect(sent.params).not.toHaveProperty('timeInForce');

    v.emulator.control.setPrice('BTCUSDT', '49000'); // a stop-loss at 51000 would have fired; a take-profit waits
    v.emulator.control.setPrice('BTCUSDT', '50900');
    expect(await atVenue(order.clientOrderId)).toMatchObject({ status: 'NEW', isWorking: false, executedQty: '0.00000000' });
    expect((await v.broker.getOrder(order.clientOrderId))!.filledQuantity.isZero()).toBe(true);

    const filled = statusOf(order.clientOrderId, 'FILLED');
    v.emulator.control.setPrice('BTCUSDT', '51000');
    const done = await filled;
    expect(done.filledQuantity.toString()).toBe('0.01');
    // triggered at 51000, sold at market into the bid after the rise
    expect(done.averageFillPrice!.toString()).toBe('50999.99');
  });

  it('works a triggered TAKE_PROFIT_LIMIT at its limit: rests first, then fills at the limit', async () => {
    const order = await v.broker.placeOrder({ instrument: btc, side: 'SELL', type: 'TAKE_PROFIT_LIMIT', quantity: dec('0.02'), stopPrice: dec('51000'), limitPrice: dec('51200'), timeInForce: 'GTC' });
    expect(v.emulator.control.receivedOrders(order.clientOrderId)[0].params).toMatchObject({ type: 'TAKE_PROFIT_LIMIT', stopPrice: '51000', price: '51200', timeInForce: 'GTC' });

    v.emulator.control.setPrice('BTCUSDT', '51000'); // triggers; the bid 50999.99 is below the 51200 limit
    expect(await atVenue(order.clientOrderId)).toMatchObject({ status: 'NEW', isWorking: true, executedQty: '0.00000000' });
    expect((await v.broker.getOrder(order.clientOrderId))!.status).toBe('ACCEPTED');

    const filled = statusOf(order.clientOrderId, 'FILLED');
    v.emulator.control.setPrice('BTCUSDT', '51300'); // bid 51299.99 crosses the limit
    const done = await filled;
    expect(done.filledQuantity.toString()).toBe('0.02');
    expect(done.averageFillPrice!.toString()).toBe('51200');
  });

  it('cancels an untriggered take-profit; a later move through its trigger fills nothing', async () => {
    const order = await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'TAKE_PROFIT', quantity: dec('0.01'), stopPrice: dec('49000') });
    const canceled = statusOf(order.clientOrderId, 'CANCELED');
    await v.broker.cancelOrder(order.clientOrderId);
    expect((await canceled).filledQuantity.isZero()).toBe(true);
    v.emulator.control.setPrice('BTCUSDT', '48000');
    expect(await atVenue(order.clientOrderId)).toMatchObject({ status: 'CANCELED', executedQty: '0.00000000' });
    expect(await v.broker.getOpenOrders()).toHaveLength(0);
  });

  it('adopts a take-profit placed elsewhere with its exact core type, trigger and limit', async () => {
    const placed = await venueRequest(v, 'POST', '/api/v3/order', {
      symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'GTC', quantity: '0.01', stopPrice: '52000', price: '51900', newClientOrderId: 'tp-elsewhere',
    });
    expect(placed.status).toBe(200);
    const report = await new Reconciler({ bus: v.bus }).reconcile({ broker: v.broker, venue: v.broker.venueState() });
    expect(report.adopted).toContain('tp-elsewhere');
    const adopted = (await v.broker.getOrder('tp-elsewhere'))!;
    expect(adopted.request).toMatchObject({ type: 'TAKE_PROFIT_LIMIT', side: 'SELL' });
    expect([adopted.request.stopPrice!.toString(), adopted.request.limitPrice!.toString()]).toEqual(['52000', '51900']);
  });
});
