import { dec, InvalidOrderError, type Fill, type Instrument, type Order } from '@silvertine/core';
import { orderStatus, startVenue, type Venue } from './emulator-harness';

// Over REST (the default) and over the WebSocket API, where the exits are orderList.place.oco / order.place.
describe.each(['rest', 'websocket'] as const)('brackets → OCO exits after the entry fills (emulator, order entry %s)', (orderEntry) => {
  let v: Venue;
  let btc: Instrument;
  let fills: Fill[];
  const statusOf = (id: string, status: Order['status']) => orderStatus(v, id, status);

  beforeEach(async () => {
    v = await startVenue({ orderEntry });
    btc = (await v.broker.instrument('BTCUSDT'))!;
    fills = [];
    v.broker.fills$.subscribe((f) => fills.push(f));
  });
  afterEach(() => v.close());

  it('places take profit and stop as one OCO once a long entry fills, sized net of the base commission; the take profit fills, the stop expires', async () => {
    const tpAccepted = statusOf('long1.tp', 'ACCEPTED');
    const slAccepted = statusOf('long1.sl', 'ACCEPTED');
    const entry = await v.broker.placeOrder({
      clientOrderId: 'long1', instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01'),
      bracket: { takeProfit: { limitPrice: dec('52000') }, stopLoss: { stopPrice: dec('48000') } },
    });
    expect(entry.status).toBe('FILLED');
    const [tp, sl] = await Promise.all([tpAccepted, slAccepted]);
    // 0.1 % commission taken in BTC: 0.01 bought, 0.00999 held, and that is what the exits sell.
    expect(tp.request).toMatchObject({ side: 'SELL', type: 'LIMIT', postOnly: true, tags: { parentClientOrderId: 'long1' } });
    expect(tp.request.quantity.toString()).toBe('0.00999');
    expect(sl.request).toMatchObject({ side: 'SELL', type: 'STOP' });
    expect(tp.venueOrderId).toBeDefined();
    expect(sl.venueOrderId).toBeDefined();
    const oco = v.emulator.control.receivedOrders();
    expect(oco.filter((r) => r.clientOrderId?.startsWith('long1.'))).toHaveLength(0); // legs came as one order list, not single orders
    expect(v.emulator.control.requestCount('orderList.place.oco')).toBe(1);
    expect(v.emulator.control.restRoutes()['POST /api/v3/orderList/oco'] ?? 0).toBe(orderEntry === 'rest' ? 1 : 0);

    const tpFilled = statusOf('long1.tp', 'FILLED');
    const slExpired = statusOf('long1.sl', 'EXPIRED');
    v.emulator.control.setPrice('BTCUSDT', '52100');
    await Promise.all([tpFilled, slExpired]);
    expect(fills.filter((f) => f.clientOrderId === 'long1.tp').reduce((s, f) => s.plus(f.quantity), dec(0)).toString()).toBe('0.00999');
    expect(v.emulator.control.balance('BTC').locked.isZero()).toBe(true);
  });

  it('exits a filled limit entry through the stop (STOP_LOSS_LIMIT) and expires the take profit', async () => {
    await v.broker.placeOrder({
      clientOrderId: 'long2', instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.02'), limitPrice: dec('49000'),
      bracket: { takeProfit: { limitPrice: dec('51000') }, stopLoss: { stopPrice: dec('48000'), limitPrice: dec('47900') } },
    });
    const slAccepted = statusOf('long2.sl', 'ACCEPTED');
    v.emulator.control.setPrice('BTCUSDT', '48900'); // entry fills
    expect((await slAccepted).request).toMatchObject({ type: 'STOP_LIMIT' });
    const slFilled = statusOf('long2.sl', 'FILLED');
    const tpExpired = statusOf('long2.tp', 'EXPIRED');
    v.emulator.control.setPrice('BTCUSDT', '47950'); // stop triggers, its limit 47900 sells into the bid
    await Promise.all([slFilled, tpExpired]);
    expect(new Set(fills.map((f) => f.tradeId)).size).toBe(fills.length);
  });

  it('cancels both exits when one is canceled (the venue cancels the whole list)', async () => {
    const sl = statusOf('long3.sl', 'ACCEPTED');
    await v.broker.placeOrder({
      clientOrderId: 'long3', instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01'),
      bracket: { takeProfit: { limitPrice: dec('52000') }, stopLoss: { stopPrice: dec('48000') } },
    });
    await sl;
    const tpCanceled = statusOf('long3.tp', 'CANCELED');
    await v.broker.cancelOrder('long3.sl');
    await tpCanceled;
    expect((await v.broker.getOrder('long3.sl'))!.status).toBe('CANCELED');
    expect(await v.broker.getOpenOrders()).toHaveLength(0);
  });

  it('sends a single stop when only a stop loss is asked', async () => {
    const sl = statusOf('long4.sl', 'ACCEPTED');
    await v.broker.placeOrder({ clientOrderId: 'long4', instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01'), bracket: { stopLoss: { stopPrice: dec('48000') } } });
    await sl;
    expect(v.emulator.control.receivedOrders('long4.sl')).toHaveLength(1);
    expect(v.emulator.control.receivedOrders('long4.sl')[0].params).toMatchObject({ type: 'STOP_LOSS', stopPrice: '48000', side: 'SELL' });
    expect(await v.broker.getOrder('long4.tp')).toBeUndefined();
  });

  it('refuses a bracket whose exits could never be placed, before sending the entry', async () => {
    const inverted = v.broker.placeOrder({
      clientOrderId: 'bad1', instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01'),
      bracket: { takeProfit: { limitPrice: dec('47000') }, stopLoss: { stopPrice: dec('48000') } },
    });
    await expect(inverted).rejects.toBeInstanceOf(InvalidOrderError);
    await expect(inverted).rejects.toMatchObject({ field: expect.stringMatching(/^bracket/) });
    const offTick = v.broker.placeOrder({ clientOrderId: 'bad2', instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01'), bracket: { takeProfit: { limitPrice: dec('52000.001') } } });
    await expect(offTick).rejects.toMatchObject({ rule: 'tickSize' });
    expect(v.emulator.control.receivedOrders('bad1')).toHaveLength(0);
    expect(v.emulator.control.receivedOrders('bad2')).toHaveLength(0);
  });
});
