import { dec, type Instrument, type OrderRequest } from '@silvertine/core';
import { bracketChildRequests, formatGoodTillDate, toIbOrders } from './order.mapper';

const AAPL: Instrument = { symbol: 'AAPL', assetClass: 'STK', quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1) };
const base: OrderRequest = { clientOrderId: 'c1', instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(10), limitPrice: dec('149.5'), timeInForce: 'GTC' };

describe('toIbOrders', () => {
  it.each([
    [{ type: 'MARKET', limitPrice: undefined }, { orderType: 'MKT' }],
    [{ type: 'LIMIT' }, { orderType: 'LMT', lmtPrice: 149.5 }],
    [{ type: 'STOP', limitPrice: undefined, stopPrice: dec(151) }, { orderType: 'STP', auxPrice: 151 }],
    [{ type: 'STOP_LIMIT', stopPrice: dec(151) }, { orderType: 'STP LMT', lmtPrice: 149.5, auxPrice: 151 }],
    [{ type: 'TRAILING_STOP', limitPrice: undefined, trailingAmount: dec('2.5') }, { orderType: 'TRAIL', auxPrice: 2.5 }],
    [{ type: 'TRAILING_STOP', limitPrice: undefined, trailingPercent: dec('1.5') }, { orderType: 'TRAIL', trailingPercent: 1.5 }],
    [{ type: 'TAKE_PROFIT', limitPrice: undefined, stopPrice: dec('147.25') }, { orderType: 'MIT', auxPrice: 147.25 }],
    [{ type: 'TAKE_PROFIT_LIMIT', stopPrice: dec(148) }, { orderType: 'LIT', auxPrice: 148, lmtPrice: 149.5 }],
    [{ type: 'TRAILING_STOP_LIMIT', limitPrice: undefined, trailingAmount: dec('2.5'), trailingLimitOffset: dec('0.1') }, { orderType: 'TRAIL LIMIT', auxPrice: 2.5, lmtPriceOffset: 0.1 }],
    [{ type: 'TRAILING_STOP_LIMIT', limitPrice: undefined, trailingPercent: dec(2), trailingLimitOffset: dec(0) }, { orderType: 'TRAIL LIMIT', trailingPercent: 2, lmtPriceOffset: 0 }],
  ] as Array<[Partial<OrderRequest>, Record<string, unknown>]>)('maps %o', (patch, expected) => {
    const [leg] = toIbOrders({ ...base, ...patch }, { firstOrderId: 7, account: 'DU1' });
    expect(leg!.order).toMatchObject({ ...expected, action: 'BUY', totalQuantity: 10, tif: 'GTC', account: 'DU1', orderRef: 'c1', transmit: true });
    expect(leg!.orderId).toBe(7);
    if (!('lmtPrice' in expected)) expect(leg!.order.lmtPrice).toBeUndefined();
    if (!('lmtPriceOffset' in expected)) expect(leg!.order.lmtPriceOffset).toBeUndefined();
    if (String(expected.orderType).startsWith('TRAIL')) expect(leg!.order.auxPrice === undefined || leg!.order.trailingPercent === undefined).toBe(true);
  });

  it('maps every time in force, GTD with a UTC goodTillDate', () => {
    for (const tif of ['DAY', 'GTC', 'IOC', 'FOK'] as const) expect(toIbOrders({ ...base, timeInForce: tif }, { firstOrderId: 1 })[0]!.order.tif).toBe(tif);
    const [gtd] = toIbOrders({ ...base, timeInForce: 'GTD', expireAt: Date.UTC(2026, 0, 2, 3, 4, 5) }, { firstOrderId: 1 });
    expect(gtd!.order).toMatchObject({ tif: 'GTD', goodTillDate: '20260102-03:04:05' });
    expect(formatGoodTillDate(Date.UTC(2030, 11, 31, 23, 59, 59))).toBe('20301231-23:59:59');
  });

  it('maps a bracket: consecutive ids, parentId, one OCA group, transmit only on the last leg', () => {
    const legs = toIbOrders({ ...base, bracket: { takeProfit: { limitPrice: dec(155) }, stopLoss: { stopPrice: dec(145), limitPrice: dec('144.5') } } }, { firstOrderId: 20 });
    expect(legs.map((l) => [l.role, l.orderId, l.clientOrderId, l.order.transmit])).toEqual([
      ['parent', 20, 'c1', false],
      ['takeProfit', 21, 'c1.tp', false],
      ['stopLoss', 22, 'c1.sl', true],
    ]);
    expect(legs[1]!.order).toMatchObject({ action: 'SELL', orderType: 'LMT', lmtPrice: 155, parentId: 20, ocaGroup: 'oca-c1', orderRef: 'c1.tp' });
    expect(legs[2]!.order).toMatchObject({ action: 'SELL', orderType: 'STP LMT', auxPrice: 145, lmtPrice: 144.5, parentId: 20, ocaGroup: 'oca-c1' });
    expect(legs[0]!.order.parentId).toBeUndefined();
  });

  it('a bracket with only a stop-loss transmits on the stop; exits of an IOC entry rest as GTC', () => {
    const legs = toIbOrders({ ...base, timeInForce: 'IOC', bracket: { stopLoss: { stopPrice: dec(145) } } }, { firstOrderId: 1 });
    expect(legs.map((l) => l.order.transmit)).toEqual([false, true]);
    expect(legs[1]!.order.tif).toBe('GTC');
    expect(bracketChildRequests({ ...base, timeInForce: 'IOC', bracket: { stopLoss: { stopPrice: dec(145) } } })).toMatchObject([
      { clientOrderId: 'c1.sl', side: 'SELL', type: 'STOP', timeInForce: 'GTC', tags: { parentClientOrderId: 'c1' } },
    ]);
  });
});

describe('TRAIL LIMIT', () => {
  it('is sent as TRAIL LIMIT, never as a plain TRAIL: the offset rides in lmtPriceOffset, no limit price or initial stop', () => {
    const request: OrderRequest = { ...base, side: 'SELL', type: 'TRAILING_STOP_LIMIT', limitPrice: undefined, trailingAmount: dec(2), trailingLimitOffset: dec('0.05') };
    const [leg] = toIbOrders(request, { firstOrderId: 1 });
    expect(leg!.order).toMatchObject({ orderType: 'TRAIL LIMIT', action: 'SELL', auxPrice: 2, lmtPriceOffset: 0.05 });
    expect([leg!.order.lmtPrice, leg!.order.trailStopPrice, leg!.order.trailingPercent]).toEqual([undefined, undefined, undefined]);
  });
});

describe('single-order fast path', () => {
  it.each([
    [{ type: 'MARKET', limitPrice: undefined }],
    [{ type: 'LIMIT', timeInForce: 'GTD', expireAt: Date.UTC(2026, 0, 2, 15, 4, 5) }],
    [{ type: 'STOP_LIMIT', stopPrice: dec(151), side: 'SELL' }],
    [{ type: 'TRAILING_STOP', limitPrice: undefined, trailingPercent: dec('1.5') }],
    [{ type: 'TRAILING_STOP_LIMIT', limitPrice: undefined, trailingAmount: dec(1), trailingLimitOffset: dec('0.02'), side: 'SELL' }],
    [{ type: 'TAKE_PROFIT_LIMIT', stopPrice: dec(149) }],
  ] as Array<[Partial<OrderRequest>]>)('builds exactly what the general (bracket) path builds for %o', (patch) => {
    const request = { ...base, ...patch };
    const fast = toIbOrders(request, { firstOrderId: 7, account: 'DU1' });
    const general = toIbOrders({ ...request, bracket: {} }, { firstOrderId: 7, account: 'DU1' });
    expect(fast).toEqual(general);
  });
});
