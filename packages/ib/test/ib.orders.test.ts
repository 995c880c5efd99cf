import { Decimal, dec, type Fill, type Instrument } from '@silvertine/core';
import { AAPL, AAPL_C150, BTC, ESZ6, EURUSD, orderIn, startRig, type Rig } from './support/harness';

describe('InteractiveBrokersBroker orders on the TWS emulator', () => {
  let rig: Rig;
  let fills: Fill[];

  beforeEach(async () => {
    rig = await startRig({}, { accounts: ['DU1234567', 'DU7654321'] });
    fills = [];
    rig.broker.fills$.subscribe((f) => fills.push(f));
  });
  afterEach(() => rig.close());

  const cases: Array<[string, Instrument, string, Decimal, Decimal]> = [
    ['stock', AAPL, 'AAPL', dec(150), dec(10)],
    ['forex', EURUSD, 'EUR.USD', dec('1.1'), dec(20000)],
    ['future', ESZ6, 'ESZ6', dec('5000.25'), dec(1)],
    ['option', AAPL_C150, 'AAPL  261218C00150000', dec('5.5'), dec(2)],
    ['crypto', BTC, 'BTC', dec('60000.25'), dec('0.0123')],
  ];
  it.each(cases)('trades a %s: market fill with the commission, position under our symbol', async (_name, instrument, key, price, quantity) => {
    rig.emulator.setPrice(key, price);
    const order = await rig.broker.placeOrder({ instrument, side: 'BUY', type: 'MARKET', quantity });
    const filled = order.status === 'FILLED' ? order : await orderIn(rig, order.clientOrderId, 'FILLED');
    expect(filled.averageFillPrice!.eq(price)).toBe(true);
    const mine = fills.filter((f) => f.clientOrderId === order.clientOrderId);
    expect(Decimal.sum(mine.map((f) => f.quantity)).eq(quantity)).toBe(true);
    expect(mine.every((f) => f.commission.isPositive() && f.commissionAsset === 'USD')).toBe(true);
    const venueCommission = Decimal.sum(rig.emulator.executions().filter((e) => e.orderRef === order.clientOrderId).map((e) => e.commission));
    expect(Decimal.sum(mine.map((f) => f.commission)).eq(venueCommission)).toBe(true);
    const positions = await rig.broker.getPositions();
    const held = positions.find((p) => p.instrument.symbol === instrument.symbol && p.account === 'DU1234567');
    expect(held?.quantity.eq(quantity)).toBe(true);
    // IB's average cost includes the commission: price + commission / (quantity × multiplier)
    const units = quantity.times(instrument.multiplier);
    const withCommission = price.plus(venueCommission.div(units));
    expect(held!.averagePrice.minus(withCommission).abs().lte('0.0001')).toBe(true);
    expect(held!.averagePrice.gt(price)).toBe(true);
  });

  it('charges IB fixed US-stock commissions (USD 0.005/share, USD 1 minimum)', async () => {
    rig.emulator.setPrice('AAPL', 25);
    const small = await rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'MARKET', quantity: dec(100) });
    const big = await rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'MARKET', quantity: dec(1000) });
    if (big.status !== 'FILLED') await orderIn(rig, big.clientOrderId, 'FILLED');
    const commission = (id: string) => Decimal.sum(fills.filter((f) => f.clientOrderId === id).map((f) => f.commission));
    expect(commission(small.clientOrderId).toString()).toBe('1');
    expect(commission(big.clientOrderId).toString()).toBe('5');
  });

  it('reports partial fills on a thin book and completes when liquidity returns', async () => {
    rig.emulator.setQuote('AAPL', { bid: 149.99, ask: 150, last: 150, bidSize: 100, askSize: 30 });
    const order = await rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(100), limitPrice: dec(150) });
    const partial = order.status === 'PARTIALLY_FILLED' ? order : await orderIn(rig, order.clientOrderId, 'PARTIALLY_FILLED');
    expect(partial.filledQuantity.lt(100)).toBe(true);
    const done = orderIn(rig, order.clientOrderId, 'FILLED');
    rig.emulator.setQuote('AAPL', { askSize: 1000 });
    expect((await done).filledQuantity.eq(100)).toBe(true);
    expect(new Set(fills.map((f) => f.tradeId)).size).toBe(fills.length);
  });

  it('places a bracket as parent + take-profit + stop-loss with parentId and one OCA group (transmit flags: order.mapper.spec)', async () => {
    rig.emulator.setPrice('AAPL', 150);
    const order = await rig.broker.placeOrder({
      instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(10), limitPrice: dec(149),
      bracket: { takeProfit: { limitPrice: dec(155) }, stopLoss: { stopPrice: dec(145) } },
    });
    expect(order.status).toBe('ACCEPTED');
    const venue = rig.emulator.orders().filter((o) => o.orderRef.startsWith(order.clientOrderId));
    const parent = venue.find((o) => o.orderRef === order.clientOrderId)!;
    const tp = venue.find((o) => o.orderRef === `${order.clientOrderId}.tp`)!;
    const sl = venue.find((o) => o.orderRef === `${order.clientOrderId}.sl`)!;
    expect([tp.parentId, sl.parentId]).toEqual([parent.orderId, parent.orderId]);
    expect(tp.ocaGroup).toBe(sl.ocaGroup);
    expect([tp.orderType, sl.orderType, tp.action, sl.action]).toEqual(['LMT', 'STP', 'SELL', 'SELL']);

    const tpFilled = orderIn(rig, `${order.clientOrderId}.tp`, 'FILLED');
    const slCanceled = orderIn(rig, `${order.clientOrderId}.sl`, 'CANCELED');
    rig.emulator.setPrice('AAPL', 148.5); // entry fills
    await orderIn(rig, order.clientOrderId, 'FILLED');
    rig.emulator.setPrice('AAPL', 155.5); // take-profit fills, the stop is canceled by the OCA group
    await tpFilled;
    await slCanceled;
    const position = (await rig.broker.getPositions()).find((p) => p.instrument.symbol === 'AAPL');
    expect(position).toBeUndefined();
  });

  it('places a trailing stop (TRAIL with auxPrice) that follows the market and fires on the pull-back', async () => {
    rig.emulator.setPrice('AAPL', 150);
    const buy = await rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'MARKET', quantity: dec(10) });
    if (buy.status !== 'FILLED') await orderIn(rig, buy.clientOrderId, 'FILLED');
    const trail = await rig.broker.placeOrder({ instrument: AAPL, side: 'SELL', type: 'TRAILING_STOP', quantity: dec(10), trailingAmount: dec(2) });
    const venue = rig.emulator.orders().find((o) => o.orderRef === trail.clientOrderId)!;
    expect(venue.orderType).toBe('TRAIL');
    expect(venue.auxPrice!.eq(2)).toBe(true);
    rig.emulator.setPrice('AAPL', 160); // stop trails up to 158
    rig.emulator.setPrice('AAPL', 159);
    expect((await rig.broker.getOrder(trail.clientOrderId))!.status).toBe('ACCEPTED');
    const filled = orderIn(rig, trail.clientOrderId, 'FILLED');
    rig.emulator.setPrice('AAPL', 157.5);
    expect((await filled).averageFillPrice!.gte(157)).toBe(true);
  });

  it('sends a trailing percent as trailingPercent and GTD with goodTillDate', async () => {
    rig.emulator.setPrice('AAPL', 150);
    const trail = await rig.broker.placeOrder({ instrument: AAPL, side: 'SELL', type: 'TRAILING_STOP', quantity: dec(1), trailingPercent: dec('1.5') });
    const gtd = await rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec(100), timeInForce: 'GTD', expireAt: Date.UTC(2031, 0, 2, 15, 4, 5) });
    const orders = rig.emulator.orders();
    expect(orders.find((o) => o.orderRef === trail.clientOrderId)!.trailingPercent!.eq('1.5')).toBe(true);
    const venueGtd = orders.find((o) => o.orderRef === gtd.clientOrderId)!;
    expect([venueGtd.tif, venueGtd.goodTillDate]).toEqual(['GTD', '20310102-15:04:05']);
  });

  it('books into the account a request names and reports positions per account', async () => {
    rig.emulator.setPrice('MSFT', 400);
    const msft: Instrument = { ...AAPL, symbol: 'MSFT' };
    const order = await rig.broker.placeOrder({ instrument: msft, side: 'BUY', type: 'MARKET', quantity: dec(3), account: 'DU7654321' });
    if (order.status !== 'FILLED') await orderIn(rig, order.clientOrderId, 'FILLED');
    expect(rig.broker.managedAccounts).toEqual(['DU1234567', 'DU7654321']);
    const positions = (await rig.broker.getPositions()).filter((p) => p.instrument.symbol === 'MSFT');
    expect(positions.map((p) => [p.account, p.quantity.toString()])).toEqual([['DU7654321', '3']]);
    const other = await rig.broker.getAccountInfo('DU7654321');
    const main = await rig.broker.getAccountInfo();
    expect(main.accountId).toBe('DU1234567');
    expect(other.balances.find((b) => b.asset === 'USD')!.total.lt(main.balances.find((b) => b.asset === 'USD')!.total)).toBe(true);
    expect(other.positions).toHaveLength(1);
    await expect(rig.broker.placeOrder({ instrument: msft, side: 'BUY', type: 'MARKET', quantity: dec(1), account: 'DU0000000' })).rejects.toMatchObject({ code: 'INVALID_ORDER', field: 'account' });
  });

  it('refuses an instrument whose tick is finer than IB\'s minTick before anything is sent', async () => {
    rig.emulator.setPrice('ESZ6', 5000);
    const fine: Instrument = { ...ESZ6, symbol: 'ESZ6-fine', tickSize: dec('0.05') };
    // our instrument claims a finer tick than IB's 0.25: refused before sending
    await expect(rig.broker.placeOrder({ instrument: fine, side: 'BUY', type: 'LIMIT', quantity: dec(1), limitPrice: dec('4990.05') })).rejects.toMatchObject({ code: 'INVALID_ORDER' });
    expect(rig.emulator.orders()).toHaveLength(0);
  });
  it('refuses a TRAILING_STOP with a limit price before any I/O, so it can never go out as a plain TRAIL', async () => {
    rig.emulator.setPrice('AAPL', 150);
    const before = rig.emulator.orders().length;
    const attempt = rig.broker.placeOrder({ clientOrderId: 'trail-lmt', instrument: AAPL, side: 'SELL', type: 'TRAILING_STOP', quantity: dec(5), trailingAmount: dec(2), limitPrice: dec(147) });
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_ORDER', field: 'limitPrice' });
    expect(rig.emulator.orders()).toHaveLength(before);
    expect(await rig.broker.getOrder('trail-lmt')).toBeUndefined();
    expect(rig.broker.capabilities.orderTypes).toEqual(expect.arrayContaining(['TAKE_PROFIT', 'TAKE_PROFIT_LIMIT', 'TRAILING_STOP_LIMIT']));
  });
});
