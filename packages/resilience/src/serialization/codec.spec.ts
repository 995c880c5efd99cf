import { createEvent, dec, type Fill, type Order, type OrderRequest } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { decodeFill, decodeOrder, decodeOrderRequest, encodeFill, encodeOrder, encodeOrderRequest } from './domain.codec';
import { decodeEvent, encodeEvent } from './event.codec';

const request: OrderRequest = {
  clientOrderId: 'c1', instrument: testInstrument({ strike: dec('12.5') }), side: 'BUY', type: 'STOP_LIMIT',
  quantity: dec('0.123456789012345678'), limitPrice: dec('50000.01'), stopPrice: dec('49999.99'), timeInForce: 'GTC',
  bracket: { takeProfit: { limitPrice: dec('60000') }, stopLoss: { stopPrice: dec('40000') } },
  tags: { price: 'not-money', strategy: 's1' },
};
const order: Order = {
  request, clientOrderId: 'c1', status: 'PARTIALLY_FILLED', filledQuantity: dec('0.1'), remainingQuantity: dec('0.023456789012345678'),
  averageFillPrice: dec('50000.005'), createdAt: 1, updatedAt: 2, venueOrderId: 'v1',
};
const fill: Fill = {
  tradeId: 't1', clientOrderId: 'c1', symbol: 'BTCUSDT', side: 'BUY', quantity: dec('0.1'), price: dec('50000.005'),
  commission: dec('0.000000000000000001'), commissionAsset: 'USDT', liquidity: 'MAKER', timestamp: 3,
};

/** Deep comparison that treats Decimals by exact value. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

describe('domain codecs', () => {
  it('round-trip requests, orders and fills exactly through JSON text', () => {
    const r2 = decodeOrderRequest(JSON.parse(JSON.stringify(encodeOrderRequest(request))));
    expect(r2.quantity.eq(request.quantity)).toBe(true);
    expect(r2.quantity.toString()).toBe('0.123456789012345678');
    expect(r2.instrument.strike!.toString()).toBe('12.5');
    expect(r2.bracket!.stopLoss!.stopPrice.toString()).toBe('40000');
    // A tag named like a money field stays a string.
    expect(r2.tags).toEqual({ price: 'not-money', strategy: 's1' });
    expect(same(r2, request)).toBe(true);
    const o2 = decodeOrder(JSON.parse(JSON.stringify(encodeOrder(order))));
    expect(o2.remainingQuantity.plus(o2.filledQuantity).eq(request.quantity)).toBe(true);
    expect(same(o2, order)).toBe(true);
    const f2 = decodeFill(JSON.parse(JSON.stringify(encodeFill(fill))));
    expect(f2.commission.toString()).toBe('0.000000000000000001');
    expect(same(f2, fill)).toBe(true);
  });

  it('keeps a trailing stop limit’s distance and limit offset', () => {
    const trailing: OrderRequest = {
      clientOrderId: 'c2', instrument: testInstrument(), side: 'SELL', type: 'TRAILING_STOP_LIMIT', quantity: dec('1'),
      trailingPercent: dec('1.25'), trailingLimitOffset: dec('0.50'), timeInForce: 'GTC',
    };
    const back = decodeOrderRequest(JSON.parse(JSON.stringify(encodeOrderRequest(trailing))));
    expect(back.trailingLimitOffset!.eq(dec('0.5'))).toBe(true);
    expect(back.trailingPercent!.eq(dec('1.25'))).toBe(true);
  });

  it('refuses a record missing a required decimal rather than inventing zero', () => {
    const broken = { ...encodeFill(fill) } as Record<string, unknown>;
    delete broken.price;
    expect(() => decodeFill(broken)).toThrow(/price/);
  });
});

describe('event codec', () => {
  it('round-trips every event type', () => {
    const events = [
      createEvent({ type: 'Order', brokerId: 'b', action: 'submit', request }, 5),
      createEvent({ type: 'Order', brokerId: 'b', action: 'cancel', clientOrderId: 'c1' }, 5),
      createEvent({ type: 'Order', brokerId: 'b', action: 'modify', clientOrderId: 'c1', changes: { limitPrice: dec('1.5') } }, 5),
      createEvent({ type: 'OrderUpdate', brokerId: 'b', order }, 6),
      createEvent({ type: 'Fill', brokerId: 'b', fill, order }, 7),
      createEvent({ type: 'MarketData', data: { kind: 'quote', symbol: 'X', bid: dec('1.1'), bidSize: dec(2), ask: dec('1.2'), askSize: dec(3), timestamp: 1 } }, 8),
      createEvent({ type: 'MarketData', data: { kind: 'book', symbol: 'X', bids: [{ price: dec('1.1'), size: dec('2.5') }], asks: [], timestamp: 1, updateId: 42 } }, 8),
      createEvent({ type: 'ConnectionState', brokerId: 'b', previous: 'CONNECTED', current: 'RECONNECTING' }, 9),
      createEvent({ type: 'Alert', severity: 'WARNING', source: 'x', message: 'm', details: { n: 1 } }, 10),
      createEvent({ type: 'PnL', brokerId: 'b', account: 'DU1', dailyPnL: dec('-12.345'), unrealizedPnL: dec('-10'), realizedPnL: dec('-2.345') }, 11),
      createEvent({ type: 'PnL', brokerId: 'b', account: 'DU1', symbol: 'AAPL', dailyPnL: dec(5), position: dec(100), marketValue: dec('15001') }, 11),
    ] as const;
    for (const event of events) {
      const back = decodeEvent(JSON.parse(JSON.stringify(encodeEvent(event))));
      expect(same(back, event)).toBe(true);
    }
    const fillBack = decodeEvent(JSON.parse(JSON.stringify(encodeEvent(events[4])))) as typeof events[4];
    expect(fillBack.fill.price.eq(dec('50000.005'))).toBe(true);
    const pnlBack = decodeEvent(JSON.parse(JSON.stringify(encodeEvent(events[9])))) as typeof events[9];
    expect(pnlBack.dailyPnL?.eq('-12.345')).toBe(true);
    expect(pnlBack).not.toHaveProperty('position');
  });

  it('throws on an unknown event type', () => {
    expect(() => decodeEvent({ type: 'Nope' })).toThrow(/unknown event type/);
  });
});
