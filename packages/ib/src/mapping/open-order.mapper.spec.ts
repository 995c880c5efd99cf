import { dec, type Instrument } from '@silvertine/core';
import type { Order as IbOrder } from '@stoqey/ib';
import { decodeOpenOrder } from '../decoding/open-order.decoder';
import { clientOrderIdOf, orderFromExecutions, parseGoodTillDate, toVenueOrder, venueStatusOf } from './open-order.mapper';

const AAPL: Instrument = { symbol: 'AAPL', assetClass: 'STK', quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1) };
const ctx = { clientOrderId: 'c1', instrument: AAPL, now: 1_000 };
const ib = (order: Partial<IbOrder>) => order as IbOrder;
/** What IBApiNext lists, through the decoder, then the mapper (an orderState of Submitted unless given). */
const venue = (open: { orderId: number; order: IbOrder; orderStatus?: object }, context = ctx) =>
  toVenueOrder(decodeOpenOrder({ contract: { conId: 265598, symbol: 'AAPL', secType: 'STK' }, orderState: { status: 'Submitted' }, ...open }), context);

describe('toVenueOrder', () => {
  it('maps a partially filled GTD stop-limit sell with IB float noise rounded to the tick', () => {
    const order = venue(
      { orderId: 42, order: ib({ action: 'SELL' as IbOrder['action'], orderType: 'STP LMT' as IbOrder['orderType'], totalQuantity: 10, lmtPrice: 148.50000000001, auxPrice: 149, tif: 'GTD' as IbOrder['tif'], goodTillDate: '20260105-16:00:00', account: 'DU1', orderRef: 'c1' }), orderStatus: { status: 'Submitted', filled: 4, remaining: 6, avgFillPrice: 148.7 } },
    )!;
    expect(order.request).toMatchObject({ side: 'SELL', type: 'STOP_LIMIT', timeInForce: 'GTD', expireAt: Date.UTC(2026, 0, 5, 16), account: 'DU1' });
    expect([order.request.limitPrice!.toString(), order.request.stopPrice!.toString(), order.filledQuantity.toString(), order.remainingQuantity.toString()]).toEqual(['148.5', '149', '4', '6']);
    expect([order.status, order.venueOrderId, order.averageFillPrice!.toString()]).toEqual(['PARTIALLY_FILLED', '42', '148.7']);
  });

  it('maps TRAIL by percent or amount, and leaves out types core cannot express (TRAIL LIT)', () => {
    const pct = venue({ orderId: 1, order: ib({ action: 'BUY' as IbOrder['action'], orderType: 'TRAIL' as IbOrder['orderType'], totalQuantity: 1, trailingPercent: 1.5 }) })!;
    expect([pct.request.type, pct.request.trailingPercent!.toString(), pct.request.trailingAmount]).toEqual(['TRAILING_STOP', '1.5', undefined]);
    expect(venue({ orderId: 1, order: ib({ action: 'BUY' as IbOrder['action'], orderType: 'TRAIL LIT' as IbOrder['orderType'], totalQuantity: 1, auxPrice: 1 }) })).toBeUndefined();
  });

  it('maps MIT to TAKE_PROFIT and LIT to TAKE_PROFIT_LIMIT (trigger in auxPrice)', () => {
    const mit = venue({ orderId: 2, order: ib({ action: 'SELL' as IbOrder['action'], orderType: 'MIT' as IbOrder['orderType'], totalQuantity: 3, auxPrice: 155.2 }) })!;
    expect([mit.request.type, mit.request.side, mit.request.stopPrice!.toString(), mit.request.limitPrice]).toEqual(['TAKE_PROFIT', 'SELL', '155.2', undefined]);
    const lit = venue({ orderId: 3, order: ib({ action: 'BUY' as IbOrder['action'], orderType: 'LIT' as IbOrder['orderType'], totalQuantity: 3, auxPrice: 145, lmtPrice: 145.1 }) })!;
    expect([lit.request.type, lit.request.stopPrice!.toString(), lit.request.limitPrice!.toString()]).toEqual(['TAKE_PROFIT_LIMIT', '145', '145.1']);
  });

  it('maps TRAIL LIMIT with its lmtPriceOffset, or the offset between an initial stop and limit; without either it is left out', () => {
    const withOffset = venue({ orderId: 4, order: ib({ action: 'SELL' as IbOrder['action'], orderType: 'TRAIL LIMIT' as IbOrder['orderType'], totalQuantity: 5, auxPrice: 2, lmtPriceOffset: 0.1500000001 }) })!;
    expect([withOffset.request.type, withOffset.request.trailingAmount!.toString(), withOffset.request.trailingLimitOffset!.toString()]).toEqual(['TRAILING_STOP_LIMIT', '2', '0.15']);
    // entered in TWS as stop 148 / limit 147.75 (sell): offset 0.25; a buy at stop 152 / limit 152.5: 0.5
    const sell = venue({ orderId: 5, order: ib({ action: 'SELL' as IbOrder['action'], orderType: 'TRAIL LIMIT' as IbOrder['orderType'], totalQuantity: 5, trailingPercent: 1, trailStopPrice: 148, lmtPrice: 147.75 }) })!;
    expect([sell.request.trailingPercent!.toString(), sell.request.trailingLimitOffset!.toString()]).toEqual(['1', '0.25']);
    const buy = venue({ orderId: 6, order: ib({ action: 'BUY' as IbOrder['action'], orderType: 'TRAIL LIMIT' as IbOrder['orderType'], totalQuantity: 5, auxPrice: 1, trailStopPrice: 152, lmtPrice: 152.5 }) })!;
    expect(buy.request.trailingLimitOffset!.toString()).toBe('0.5');
    expect(venue({ orderId: 7, order: ib({ action: 'SELL' as IbOrder['action'], orderType: 'TRAIL LIMIT' as IbOrder['orderType'], totalQuantity: 5, auxPrice: 2 }) })).toBeUndefined();
    // a sell limit above its stop is no offset core can express
    expect(venue({ orderId: 8, order: ib({ action: 'SELL' as IbOrder['action'], orderType: 'TRAIL LIMIT' as IbOrder['orderType'], totalQuantity: 5, auxPrice: 2, trailStopPrice: 148, lmtPrice: 149 }) })).toBeUndefined();
  });

  it('refuses listings a mapper cannot trust: NaN or infinite prices, unknown actions or statuses, fractional ids', () => {
    const good = { orderId: 9, contract: {}, orderState: { status: 'Submitted' }, order: { action: 'BUY', orderType: 'LMT', totalQuantity: 5, lmtPrice: 150 } };
    expect(decodeOpenOrder(good).lmtPrice!.toString()).toBe('150');
    expect(() => decodeOpenOrder({ ...good, order: { ...good.order, lmtPrice: Number.NaN } })).toThrow(/lmtPrice/);
    expect(() => decodeOpenOrder({ ...good, order: { ...good.order, totalQuantity: Number.POSITIVE_INFINITY } })).toThrow(/totalQuantity/);
    expect(() => decodeOpenOrder({ ...good, order: { ...good.order, action: 'HOLD' } })).toThrow(/action/);
    expect(() => decodeOpenOrder({ ...good, orderState: { status: 'Whatever' } })).toThrow(/status/);
    expect(() => decodeOpenOrder({ ...good, orderId: 1.5 })).toThrow(/orderId/);
    expect(() => decodeOpenOrder({ ...good, contract: { conId: 'x' } })).toThrow(/conId/);
    // sized in cash rather than units: decoded, but no core order
    expect(venue({ orderId: 9, order: ib({ action: 'BUY' as IbOrder['action'], orderType: 'MKT' as IbOrder['orderType'], totalQuantity: 0 }) })).toBeUndefined();
  });

  it('names orders without an orderRef by permId', () => {
    expect([clientOrderIdOf({ orderRef: 'mine' }, 3), clientOrderIdOf({ permId: 77 }, 3), clientOrderIdOf({}, 3)]).toEqual(['mine', 'ib-perm-77', 'ib-order-3']);
  });

  it.each([
    ['PendingSubmit', 0, 'SUBMITTED'], ['PreSubmitted', 0, 'ACCEPTED'], ['Submitted', 3, 'PARTIALLY_FILLED'], ['Submitted', 10, 'FILLED'],
    ['PendingCancel', 0, 'PENDING_CANCEL'], ['Cancelled', 2, 'CANCELED'], ['Inactive', 0, 'REJECTED'], ['Inactive', 1, 'CANCELED'], ['Filled', 10, 'FILLED'],
  ])('status %s with %d filled of 10 → %s', (ibStatus, filled, expected) => {
    expect(venueStatusOf(ibStatus, dec(filled), dec(10))).toBe(expected);
  });

  it('parses goodTillDate in IB UTC forms only', () => {
    expect(parseGoodTillDate('20260105 16:00:00 UTC')).toBe(Date.UTC(2026, 0, 5, 16));
    expect(parseGoodTillDate('tomorrow')).toBeUndefined();
  });
});

describe('orderFromExecutions', () => {
  const execs = [
    { orderId: 9, shares: dec(4), price: dec(150), side: 'BUY' as const, account: 'DU1' },
    { orderId: 9, shares: dec(6), price: dec('150.5'), side: 'BUY' as const, account: 'DU1' },
  ];
  it('rebuilds an unknown order as FILLED at the executed size with the volume-weighted price', () => {
    const order = orderFromExecutions(execs, ctx)!;
    expect([order.status, order.filledQuantity.toString(), order.request.quantity.toString(), order.averageFillPrice!.toString(), order.venueOrderId]).toEqual(['FILLED', '10', '10', '150.3', '9']);
  });
  it('keeps a known order’s size: a partial execution of an order TWS no longer lists is CANCELED', () => {
    const known = orderFromExecutions(execs, ctx)!;
    const bigger = { ...known, request: { ...known.request, quantity: dec(25) } };
    const order = orderFromExecutions(execs, { ...ctx, known: bigger })!;
    expect([order.status, order.remainingQuantity.toString()]).toEqual(['CANCELED', '15']);
    expect(orderFromExecutions([], ctx)).toBeUndefined();
  });
});
