import { Decimal, dec, type Fill, type Order } from '@silvertine/core';
import { AAPL, orderIn, roundTrip, startRig, type Rig } from './support/harness';

/**
 * TRAIL LIMIT, MIT and LIT through InteractiveBrokersBroker → @stoqey/ib → TCP → the TWS emulator's paper
 * engine. The market is moved with the emulator's control interface; every expected price is worked out
 * in the comments. IB's fixed US-stock rate is USD 0.005/share with a USD 1 minimum, so each 5–10 share
 * fill here costs exactly USD 1.
 */
type QuoteInput = Parameters<Rig['emulator']['setQuote']>[1];

describe('InteractiveBrokersBroker trailing stop limits and take-profits on the TWS emulator', () => {
  let rig: Rig;
  let fills: Fill[];

  beforeEach(async () => {
    rig = await startRig({}, { accounts: ['DU1234567'] });
    fills = [];
    rig.broker.fills$.subscribe((f) => fills.push(f));
    rig.emulator.setPrice('AAPL', 150);
  });
  afterEach(() => rig.close());

  const fillsOf = (id: string) => fills.filter((f) => f.clientOrderId === id);
  const venueCommission = (id: string) => Decimal.sum(rig.emulator.executions().filter((e) => e.orderRef === id).map((e) => e.commission));
  const status = async (id: string) => (await rig.broker.getOrder(id))!.status;
  /**
   * Moves the market and checks order `id` is still working unfilled: at the venue, which matches inside
   * setQuote, and at the broker once a round trip proves it has handled every report TWS sent before.
   */
  const stillWorkingAfter = async (id: string, quote: QuoteInput) => {
    rig.emulator.setQuote('AAPL', quote);
    const venue = rig.emulator.orders().find((o) => o.orderRef === id)!;
    expect([venue.status, venue.filled.toString()]).toEqual(['Submitted', '0']);
    expect(rig.emulator.executions().filter((e) => e.orderRef === id)).toEqual([]);
    await roundTrip(rig);
    expect(await status(id)).toBe('ACCEPTED');
    expect(fillsOf(id)).toEqual([]);
  };
  /** Moves the market and resolves with order `id` once it is FILLED. */
  const filledBy = (id: string, quote: QuoteInput): Promise<Order> => {
    const filled = orderIn(rig, id, 'FILLED');
    rig.emulator.setQuote('AAPL', quote);
    return filled;
  };

  it('a sell TRAIL LIMIT follows the high, triggers at its stop and works its limit at stop − offset', async () => {
    const buy = await rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'MARKET', quantity: dec(10) });
    if (buy.status !== 'FILLED') await orderIn(rig, buy.clientOrderId, 'FILLED');
    const trail = await rig.broker.placeOrder({
      clientOrderId: 'trail-lmt', instrument: AAPL, side: 'SELL', type: 'TRAILING_STOP_LIMIT', quantity: dec(10), trailingAmount: dec(2), trailingLimitOffset: dec('0.5'),
    });
    expect(trail.status).toBe('ACCEPTED');
    const venue = rig.emulator.orders().find((o) => o.orderRef === 'trail-lmt')!;
    expect([venue.orderType, venue.auxPrice?.toString(), venue.lmtPriceOffset?.toString(), venue.lmtPrice, venue.trailingPercent]).toEqual(['TRAIL LIMIT', '2', '0.5', undefined, undefined]);

    rig.emulator.setPrice('AAPL', 160); // the high: stop trails from 148 up to 158
    await stillWorkingAfter('trail-lmt', { bid: 159, ask: 159, last: 159 }); // above the stop
    // a gap through the stop: bid 157 ≤ 158 triggers it (a stop left at 148 would not have fired);
    // the limit is 158 − 0.5 = 157.5, above the bid, so it rests instead of selling at 157 like a plain TRAIL
    await stillWorkingAfter('trail-lmt', { bid: 157, ask: 157.2 });
    // the bid recovers to 157.6 ≥ 157.5: the resting limit fills at its own price
    const done = await filledBy('trail-lmt', { bid: 157.6, ask: 157.7 });
    expect(done.averageFillPrice!.toString()).toBe('157.5');
    const mine = fillsOf('trail-lmt');
    expect(mine.map((f) => [f.side, f.quantity.toString(), f.price.toString(), f.commission.toString(), f.commissionAsset])).toEqual([['SELL', '10', '157.5', '1', 'USD']]);
    expect(venueCommission('trail-lmt').toString()).toBe('1');
    expect((await rig.broker.getPositions()).find((p) => p.instrument.symbol === 'AAPL')).toBeUndefined();
  });

  it('a buy TRAIL LIMIT by percent follows the low and fills at stop + offset or better', async () => {
    const trail = await rig.broker.placeOrder({
      clientOrderId: 'trail-pct', instrument: AAPL, side: 'BUY', type: 'TRAILING_STOP_LIMIT', quantity: dec(5), trailingPercent: dec(1), trailingLimitOffset: dec('0.2'),
    });
    expect(rig.emulator.orders().find((o) => o.orderRef === trail.clientOrderId)!.trailingPercent?.toString()).toBe('1');
    rig.emulator.setPrice('AAPL', 140); // the low: 140 + 1 % = 141.4
    await stillWorkingAfter('trail-pct', { bid: 141, ask: 141, last: 141 }); // below the stop
    // ask 141.5 ≥ 141.4 triggers; the limit is 141.4 + 0.2 = 141.6, above the ask, so it takes the ask
    expect((await filledBy('trail-pct', { bid: 141.45, ask: 141.5 })).averageFillPrice!.toString()).toBe('141.5');
    expect(fillsOf('trail-pct').map((f) => [f.side, f.quantity.toString(), f.price.toString(), f.commission.toString()])).toEqual([['BUY', '5', '141.5', '1']]);
  });

  it('a MIT (TAKE_PROFIT) sell fires when the market rises to its trigger, not when it falls', async () => {
    const buy = await rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'MARKET', quantity: dec(5) });
    if (buy.status !== 'FILLED') await orderIn(rig, buy.clientOrderId, 'FILLED');
    const mit = await rig.broker.placeOrder({ clientOrderId: 'mit-sell', instrument: AAPL, side: 'SELL', type: 'TAKE_PROFIT', quantity: dec(5), stopPrice: dec(155) });
    expect(mit.status).toBe('ACCEPTED');
    const venue = rig.emulator.orders().find((o) => o.orderRef === 'mit-sell')!;
    expect([venue.orderType, venue.auxPrice?.toString(), venue.lmtPrice]).toEqual(['MIT', '155', undefined]);
    await stillWorkingAfter('mit-sell', { bid: 140, ask: 140, last: 140 }); // a sell STOP at 155 would have fired here
    await stillWorkingAfter('mit-sell', { bid: 154.99, ask: 154.99, last: 154.99 });
    // bid 155.2 ≥ 155: triggered, then sold at market (the bid)
    expect((await filledBy('mit-sell', { bid: 155.2, ask: 155.3 })).averageFillPrice!.toString()).toBe('155.2');
    expect(fillsOf('mit-sell').map((f) => [f.side, f.quantity.toString(), f.price.toString(), f.commission.toString()])).toEqual([['SELL', '5', '155.2', '1']]);
    expect(venueCommission('mit-sell').toString()).toBe('1');
  });

  it('a LIT (TAKE_PROFIT_LIMIT) buy triggers when the market falls to it and fills at its limit', async () => {
    const lit = await rig.broker.placeOrder({ clientOrderId: 'lit-buy', instrument: AAPL, side: 'BUY', type: 'TAKE_PROFIT_LIMIT', quantity: dec(10), stopPrice: dec(145), limitPrice: dec('144.5'), timeInForce: 'DAY' });
    expect(lit.status).toBe('ACCEPTED');
    const venue = rig.emulator.orders().find((o) => o.orderRef === 'lit-buy')!;
    expect([venue.orderType, venue.auxPrice?.toString(), venue.lmtPrice?.toString(), venue.tif]).toEqual(['LIT', '145', '144.5', 'DAY']);
    await stillWorkingAfter('lit-buy', { bid: 146, ask: 146, last: 146 }); // above the trigger
    // ask 144.9 ≤ 145 triggers; a buy limit at 144.5 is below the ask, so it rests
    await stillWorkingAfter('lit-buy', { bid: 144.8, ask: 144.9 });
    // ask 144.4 reaches the resting limit: filled at 144.5, the limit
    expect((await filledBy('lit-buy', { bid: 144.3, ask: 144.4 })).averageFillPrice!.toString()).toBe('144.5');
    expect(fillsOf('lit-buy').map((f) => [f.side, f.quantity.toString(), f.price.toString(), f.commission.toString()])).toEqual([['BUY', '10', '144.5', '1']]);
    const held = (await rig.broker.getPositions()).find((p) => p.instrument.symbol === 'AAPL')!;
    expect(held.quantity.toString()).toBe('10');
  });

  it('reads resting MIT, LIT and TRAIL LIMIT orders back from TWS as the core types they were placed as', async () => {
    await rig.broker.placeOrder({ clientOrderId: 'rb-mit', instrument: AAPL, side: 'SELL', type: 'TAKE_PROFIT', quantity: dec(1), stopPrice: dec(170) });
    await rig.broker.placeOrder({ clientOrderId: 'rb-lit', instrument: AAPL, side: 'BUY', type: 'TAKE_PROFIT_LIMIT', quantity: dec(1), stopPrice: dec(120), limitPrice: dec('119.9') });
    await rig.broker.placeOrder({ clientOrderId: 'rb-trl', instrument: AAPL, side: 'SELL', type: 'TRAILING_STOP_LIMIT', quantity: dec(1), trailingAmount: dec(3), trailingLimitOffset: dec('0.25') });
    const open = await rig.broker.venueState().openOrders();
    const row = (id: string) => {
      const r = open.find((o) => o.clientOrderId === id)!.request;
      return [r.type, r.side, r.stopPrice?.toString(), r.limitPrice?.toString(), r.trailingAmount?.toString(), r.trailingLimitOffset?.toString()];
    };
    expect(row('rb-mit')).toEqual(['TAKE_PROFIT', 'SELL', '170', undefined, undefined, undefined]);
    expect(row('rb-lit')).toEqual(['TAKE_PROFIT_LIMIT', 'BUY', '120', '119.9', undefined, undefined]);
    expect(row('rb-trl')).toEqual(['TRAILING_STOP_LIMIT', 'SELL', undefined, undefined, '3', '0.25']);
  });
});
