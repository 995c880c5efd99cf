import { dec } from '@silvertine/core';
import execution from '../../test/fixtures/execution.json';
import { toFill, toInstrument, toOrder, toVenueOrder } from './acme-exchange.mapping';
import { testInstrument } from '@silvertine/core/testing';

describe('acme-exchange mapping', () => {
  it('maps a recorded execution to a Fill with exact decimals', () => {
    const fill = toFill(execution as Parameters<typeof toFill>[0]);
    expect(fill.side).toBe('SELL');
    expect(fill.quantity.eq(dec(execution.qty))).toBe(true);
    expect(fill.price.toString()).toBe('30123.45');
    expect(fill.liquidity).toBe('MAKER');
  });

  it('maps a listed symbol to an Instrument with exact tick and step sizes', () => {
    const instrument = toInstrument({ symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tick: '0.01', step: '0.00001', minNotional: '5' });
    expect(instrument).toMatchObject({ symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', assetClass: 'CRYPTO' });
    expect(instrument.tickSize.eq(dec('0.01'))).toBe(true);
    expect(instrument.stepSize.toString()).toBe('0.00001');
  });

  it('maps a request to the venue payload with string numbers', () => {
    const payload = toVenueOrder({ clientOrderId: 'c1', instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('0.5'), limitPrice: dec('100.1'), timeInForce: 'GTC' });
    expect(payload).toEqual({ clientId: 'c1', symbol: 'BTCUSDT', side: 'buy', type: 'LIMIT', qty: '0.5', price: '100.1' });
  });

  it('maps an order as the venue reports it, a partly filled open one as PARTIALLY_FILLED', () => {
    const state = { clientId: 'c1', orderId: 'V7', symbol: 'BTCUSDT', side: 'buy' as const, type: 'LIMIT' as const, qty: '0.5', price: '100.1', filled: '0.2', avgPx: '100', state: 'open' as const, ts: 5 };
    const order = toOrder(state, testInstrument());
    expect(order).toMatchObject({ clientOrderId: 'c1', venueOrderId: 'V7', status: 'PARTIALLY_FILLED', createdAt: 5 });
    expect(order.request).toMatchObject({ side: 'BUY', type: 'LIMIT', limitPrice: dec('100.1') });
    expect([order.filledQuantity.toString(), order.remainingQuantity.toString(), order.averageFillPrice?.toString()]).toEqual(['0.2', '0.3', '100']);
    expect(toOrder({ ...state, state: 'canceled' }, testInstrument()).status).toBe('CANCELED');
    expect(toOrder({ ...state, filled: '0', avgPx: undefined }, testInstrument()).status).toBe('ACCEPTED');
  });
});
