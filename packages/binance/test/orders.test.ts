import { dec, InsufficientFundsError, InvalidOrderError, RateLimitError, type Fill, type Instrument, type Order } from '@silvertine/core';
import { ManualClock } from '@silvertine/core/testing';
import { eventually, orderStatus, startVenue, userStreamBarrier, type Venue } from './emulator-harness';

describe('BinanceBroker orders on the emulator (real sockets)', () => {
  let v: Venue;
  let btc: Instrument;
  let fills: Fill[];
  const statusOf = (id: string, status: Order['status']) => orderStatus(v, id, status);

  beforeEach(async () => {
    v = await startVenue();
    btc = (await v.broker.instrument('BTCUSDT'))!;
    fills = [];
    v.broker.fills$.subscribe((f) => fills.push(f));
  });
  afterEach(() => v.close());

  it('loads instruments and rules from exchangeInfo', () => {
    expect(btc).toMatchObject({ symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT' });
    expect(btc.tickSize.toString()).toBe('0.01');
    expect(btc.stepSize.toString()).toBe('0.00001');
    expect(btc.minNotional!.toString()).toBe('5');
  });

  it('places each order type with the right Binance type and parameters', async () => {
    const q = dec('0.01');
    const placed = [
      await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: q, limitPrice: dec('45000') }),
      await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: q, limitPrice: dec('45000'), postOnly: true }),
      await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'STOP', quantity: q, stopPrice: dec('55000') }),
      await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'STOP_LIMIT', quantity: q, stopPrice: dec('55000'), limitPrice: dec('55100') }),
    ];
    expect(placed.map((o) => o.status)).toEqual(['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED']);
    const sent = placed.map((o) => v.emulator.control.receivedOrders(o.clientOrderId)[0].params);
    expect(sent.map((p) => p.type)).toEqual(['LIMIT', 'LIMIT_MAKER', 'STOP_LOSS', 'STOP_LOSS_LIMIT']);
    expect(sent[3]).toMatchObject({ stopPrice: '55000', price: '55100', timeInForce: 'GTC', quantity: '0.01' });
    expect(placed.every((o) => o.venueOrderId !== undefined)).toBe(true);
    // the stops trigger when the market reaches them
    const stopFilled = statusOf(placed[2].clientOrderId, 'FILLED');
    v.emulator.control.setPrice('BTCUSDT', '55050');
    expect((await stopFilled).filledQuantity.eq(q)).toBe(true);
  });

  it('fills a MARKET order at once, from the FULL response, and reports the same trades once', async () => {
    const order = await v.broker.placeOrder({ instrument: btc, side: 'SELL', type: 'MARKET', quantity: dec('0.5') });
    expect(order.status).toBe('FILLED');
    // the executionReports for the same trades arrive too: wait until the broker has handled them all
    await userStreamBarrier(v);
    expect(v.emulator.control.receivedOrders(order.clientOrderId)).toHaveLength(1);
    const mine = fills.filter((f) => f.clientOrderId === order.clientOrderId);
    expect(new Set(mine.map((f) => f.tradeId)).size).toBe(mine.length);
    expect(mine.reduce((s, f) => s.plus(f.quantity), dec(0)).toString()).toBe('0.5');
  });

  it('expires an IOC limit that cannot fill', async () => {
    const order = await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('45000'), timeInForce: 'IOC' });
    expect(order.status).toBe('EXPIRED');
  });

  it('reports partial fills as separate events, then FILLED', async () => {
    const order = await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.03'), limitPrice: dec('49000') });
    const done = statusOf(order.clientOrderId, 'FILLED');
    const partial = statusOf(order.clientOrderId, 'PARTIALLY_FILLED');
    v.emulator.control.trade('BTCUSDT', '48990', '0.01');
    expect((await partial).filledQuantity.toString()).toBe('0.01');
    v.emulator.control.trade('BTCUSDT', '48990', '0.01');
    v.emulator.control.trade('BTCUSDT', '48990', '0.01');
    expect((await done).filledQuantity.toString()).toBe('0.03');
    await userStreamBarrier(v); // anything the venue sent about these trades has been handled
    const mine = fills.filter((f) => f.clientOrderId === order.clientOrderId);
    expect(mine).toHaveLength(3);
    expect(new Set(mine.map((f) => f.tradeId)).size).toBe(3);
    expect(mine.every((f) => f.liquidity === 'MAKER' && f.price.lte(dec('49000')))).toBe(true);
  });

  it('cancels a resting order and frees the locked balance', async () => {
    const order = await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('1'), limitPrice: dec('40000') });
    expect(v.emulator.control.balance('USDT').locked.toString()).toBe('40000');
    const canceled = statusOf(order.clientOrderId, 'CANCELED');
    await v.broker.cancelOrder(order.clientOrderId);
    await canceled;
    const usdt = (await v.broker.getBalances()).find((b) => b.asset === 'USDT')!;
    expect(usdt.locked.isZero()).toBe(true);
    expect(usdt.free.toString()).toBe('100000');
  });

  it('keeps the balance cache current from outboundAccountPosition events', async () => {
    await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('1'), limitPrice: dec('40000') });
    await eventually(() => v.broker.cachedBalances().find((b) => b.asset === 'USDT')?.locked.eq(40000) ?? false, undefined, 'locked USDT in the cache');
    expect(v.broker.cachedBalances().find((b) => b.asset === 'USDT')!.free.toString()).toBe('60000');
  });

  it('classifies insufficient balance (-2010) and rejects the order', async () => {
    const attempt = v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('3'), limitPrice: dec('45000') });
    await expect(attempt).rejects.toBeInstanceOf(InsufficientFundsError);
    await expect(attempt).rejects.toMatchObject({ venueCode: -2010 });
    expect(await v.broker.getOpenOrders()).toHaveLength(0);
  });

  it('stops filter failures before sending when it can, and maps the venue -1013 when it cannot', async () => {
    const wrongStep = { ...btc, stepSize: dec('0.000001') }; // a stale instrument: core's own check passes
    const local = v.broker.placeOrder({ instrument: wrongStep, side: 'BUY', type: 'LIMIT', quantity: dec('0.010001'), limitPrice: dec('45000'), clientOrderId: 'localStep' });
    await expect(local).rejects.toMatchObject({ field: 'quantity', rule: 'stepSize' });
    expect(v.emulator.control.receivedOrders('localStep')).toHaveLength(0);
    // PERCENT_PRICE_BY_SIDE is the venue's alone: a bid below 0.2 × the average price
    const remote = v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('5000'), clientOrderId: 'remotePct' });
    await expect(remote).rejects.toBeInstanceOf(InvalidOrderError);
    await expect(remote).rejects.toMatchObject({ venueCode: -1013, field: 'limitPrice', rule: 'percentPrice' });
    expect((await v.broker.getOrder('remotePct'))!.status).toBe('REJECTED');
  });

  it('places 100 orders concurrently, each exactly once', async () => {
    // The 50-per-10-s window on virtual time (broker and emulator): however long the burst takes, it
    // stays inside one window, so exactly 50 fit.
    await v.close();
    v = await startVenue({}, {}, { clock: new ManualClock(Date.now()) });
    const orders = await Promise.all(
      Array.from({ length: 100 }, (_, i) => v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.001'), limitPrice: dec(40000 + i), clientOrderId: `c${i}` }).catch((e: unknown) => e)),
    );
    const errors = orders.filter((o) => o instanceof Error);
    // Binance allows 50 orders per 10 s by default: the client refuses the rest locally, before sending.
    expect(errors.every((e) => e instanceof RateLimitError)).toBe(true);
    const accepted = orders.filter((o): o is Order => !(o instanceof Error));
    expect(accepted.length).toBe(50);
    expect(accepted.every((o) => o.status === 'ACCEPTED')).toBe(true);
    expect(v.emulator.control.receivedOrders()).toHaveLength(50);
    for (const o of accepted) expect(v.emulator.control.receivedOrders(o.clientOrderId)).toHaveLength(1);
  });

  it('seeds the order limit from exchangeInfo: with 200 per 10 s, 100 concurrent orders all go through', async () => {
    await v.close();
    v = await startVenue({}, { rateLimits: { ordersPer10s: 200 } });
    const orders = await Promise.all(
      Array.from({ length: 100 }, (_, i) => v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.001'), limitPrice: dec(40000 + i) })),
    );
    expect(orders.every((o) => o.status === 'ACCEPTED')).toBe(true);
    expect(new Set(orders.map((o) => o.venueOrderId)).size).toBe(100);
    expect(v.emulator.control.receivedOrders()).toHaveLength(100);
  });
});
