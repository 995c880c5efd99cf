import { dec } from '@silvertine/core';
import { barOf, orderOf, stockInstrument, tradeOf } from '../testing';
import { engineFor, fillsOf, kinds, q, T0 } from '../../test/engine-spec.helpers';

const AAPL = stockInstrument('AAPL');

/**
 * The engine skips a sweep when no open order can act at an update's prices (best resting limits,
 * nearest waiting triggers). These check that the cached levels follow every change of the open set.
 */
describe('MatchingEngine — updates no order can act on', () => {
  it('a resting buy fills once the ask reaches it, and the next-best one after the best is canceled', () => {
    const e = engineFor(AAPL);
    e.onMarketData(q('100.00', '100.10', T0));
    e.submit(orderOf(AAPL, { clientOrderId: 'b99', type: 'LIMIT', quantity: 10, limitPrice: '99' }), T0);
    e.submit(orderOf(AAPL, { clientOrderId: 'b98', type: 'LIMIT', quantity: 10, limitPrice: '98' }), T0);
    expect(e.onMarketData(q('99.00', '99.01', T0 + 1))).toEqual([]);
    e.cancel('b99', T0 + 2);
    expect(e.onMarketData(q('98.50', '98.99', T0 + 3))).toEqual([]);
    const fills = fillsOf(e.onMarketData(q('97.90', '98.00', T0 + 4)));
    expect(fills.map((f) => [f.clientOrderId, f.fill.price.toString()])).toEqual([['b98', '98']]);
  });

  it('a resting sell fills when the bid rises to it; an amended limit is the one that counts', () => {
    const e = engineFor(AAPL);
    e.onMarketData(q('100.00', '100.10', T0));
    e.submit(orderOf(AAPL, { clientOrderId: 's', side: 'SELL', type: 'LIMIT', quantity: 10, limitPrice: '102' }), T0);
    expect(e.onMarketData(q('101.00', '101.10', T0 + 1))).toEqual([]);
    expect(kinds(e.amend('s', { limitPrice: dec('101.5') }, T0 + 2))).toEqual(['AMENDED']);
    const fills = fillsOf(e.onMarketData(q('101.50', '101.60', T0 + 3)));
    expect(fills.map((f) => f.fill.price.toString())).toEqual(['101.5']);
  });

  it('stops and take-profits trigger at their level, from quotes and from trades', () => {
    const e = engineFor(AAPL);
    e.onMarketData(q('100.00', '100.10', T0));
    e.submit(orderOf(AAPL, { clientOrderId: 'bs', type: 'STOP', quantity: 1, stopPrice: '101' }), T0);
    e.submit(orderOf(AAPL, { clientOrderId: 'ss', side: 'SELL', type: 'STOP', quantity: 1, stopPrice: '99' }), T0);
    e.submit(orderOf(AAPL, { clientOrderId: 'tp', side: 'SELL', type: 'TAKE_PROFIT', quantity: 1, stopPrice: '103' }), T0);
    expect(e.onMarketData(q('99.50', '100.90', T0 + 1))).toEqual([]);
    expect(kinds(e.onMarketData(q('100.00', '101.00', T0 + 2)))).toEqual(['TRIGGERED', 'FILL']);
    expect(e.onMarketData(tradeOf('AAPL', 99.5, 100, T0 + 3))).toEqual([]);
    const sold = e.onMarketData(tradeOf('AAPL', 99, 100, T0 + 4));
    expect(sold.filter((ev) => ev.kind === 'TRIGGERED').map((ev) => ev.clientOrderId)).toEqual(['ss']);
    expect(e.onMarketData(q('102.00', '102.10', T0 + 5))).toEqual([]);
    expect(kinds(e.onMarketData(q('103.00', '103.10', T0 + 6)))).toEqual(['TRIGGERED', 'FILL']);
  });

  it('a stop-limit triggered away from its limit rests at that limit and fills when the market returns', () => {
    const e = engineFor(AAPL);
    e.onMarketData(q('100.00', '100.10', T0));
    e.submit(orderOf(AAPL, { clientOrderId: 'sl', side: 'SELL', type: 'STOP_LIMIT', quantity: 1, stopPrice: '99', limitPrice: '98.90' }), T0);
    expect(kinds(e.onMarketData(q('98.00', '98.10', T0 + 1)))).toEqual(['TRIGGERED']);
    expect(e.onMarketData(q('98.50', '98.60', T0 + 2))).toEqual([]);
    expect(fillsOf(e.onMarketData(q('98.90', '99.00', T0 + 3))).map((f) => f.fill.price.toString())).toEqual(['98.9']);
  });

  it('a trailing stop follows every price even while nothing triggers', () => {
    const e = engineFor(AAPL);
    e.onMarketData(q('100.00', '100.10', T0));
    e.submit(orderOf(AAPL, { clientOrderId: 'tr', side: 'SELL', type: 'TRAILING_STOP', quantity: 1, trailingAmount: dec(1) }), T0);
    e.onMarketData(q('105.00', '105.10', T0 + 1));
    expect(e.getOrder('tr')?.currentStopPrice?.toString()).toBe('104');
    expect(kinds(e.onMarketData(q('104.00', '104.10', T0 + 2)))).toEqual(['TRIGGERED', 'FILL']);
  });
  it('a trade no order can act on moves the last price and the statistics; one that can fills as a maker', () => {
    const e = engineFor(AAPL, { maxVolumeShare: dec('0.25') });
    e.submit(orderOf(AAPL, { clientOrderId: 'b', type: 'LIMIT', quantity: 30, limitPrice: '99' }), T0);
    expect(e.onMarketData(tradeOf('AAPL', '99.50', 100, T0 + 1))).toEqual([]);
    expect(e.lastTradePrice('AAPL')?.toString()).toBe('99.5');
    expect(e.onMarketData(tradeOf('AAPL', '99.40', 100, T0 + 2))).toEqual([]);
    expect(e.marketStats('AAPL').adv?.isPositive()).toBe(true);
    // At its limit: a quarter of the print's 100 fills at the order's limit, the rest on the next print.
    const first = fillsOf(e.onMarketData(tradeOf('AAPL', '99', 100, T0 + 3)));
    expect(first.map((f) => [f.fill.price.toString(), f.fill.quantity.toString(), f.fill.liquidity])).toEqual([['99', '25', 'MAKER']]);
    const rest = fillsOf(e.onMarketData(tradeOf('AAPL', '98.90', 100, T0 + 4)));
    expect(rest.map((f) => [f.fill.price.toString(), f.fill.quantity.toString()])).toEqual([['99', '5']]);
    expect(e.getOrder('b')?.status).toBe('FILLED');
  });

  it('a bar whose path reaches no order only moves the last price to its close; one reached inside it fills on the path', () => {
    const e = engineFor(AAPL);
    e.submit(orderOf(AAPL, { clientOrderId: 'b', type: 'LIMIT', quantity: 10, limitPrice: '99' }), T0);
    e.submit(orderOf(AAPL, { clientOrderId: 'ss', side: 'SELL', type: 'STOP', quantity: 5, stopPrice: '98.50' }), T0);
    expect(e.onMarketData(barOf('AAPL', ['100', '101', '99.50', '100.50'], 400, T0))).toEqual([]);
    expect(e.lastTradePrice('AAPL')?.toString()).toBe('100.5');
    // Only the low reaches the buy limit (open → low → high → close: the low is nearer the open).
    const reached = e.onMarketData(barOf('AAPL', ['99.50', '100.50', '99', '100'], 400, T0 + 60_000));
    expect(fillsOf(reached).map((f) => [f.clientOrderId, f.fill.price.toString(), f.fill.quantity.toString(), f.fill.liquidity])).toEqual([['b', '99', '10', 'MAKER']]);
    expect(e.lastTradePrice('AAPL')?.toString()).toBe('100');
    // The stop is crossed between the open and the low: triggered at its level, filled as a taker at the low.
    const stopped = e.onMarketData(barOf('AAPL', ['99.80', '100', '98', '99'], 400, T0 + 120_000));
    expect(kinds(stopped)).toEqual(['TRIGGERED', 'FILL']);
    expect(stopped[0]).toMatchObject({ clientOrderId: 'ss', triggerPrice: dec('98.5') });
    expect(fillsOf(stopped).map((f) => [f.fill.quantity.toString(), f.fill.liquidity])).toEqual([['5', 'TAKER']]);
  });
});
