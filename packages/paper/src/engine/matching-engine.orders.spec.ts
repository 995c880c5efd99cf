import { dec, Decimal } from '@silvertine/core';
import { barOf, orderOf, stockInstrument, tradeOf } from '../testing';
import type { FillEngineEvent } from './engine-events';
import type { MatchingEngineConfig } from './engine-config';
import { engineFor, fillsOf, kinds, q, T0 } from '../../test/engine-spec.helpers';

const AAPL = stockInstrument('AAPL');
const engine = (config: Partial<MatchingEngineConfig> = {}) => engineFor(AAPL, config);

describe('MatchingEngine — order types', () => {
  describe('MARKET', () => {
    it('takes the ask as a taker and pays the taker fee: 100 × 100.01 × 0.1 % = 10.001', () => {
      const e = engine({ commission: { model: 'PERCENTAGE', makerBps: dec(2), takerBps: dec(10) } });
      e.onMarketData(q('99.99', '100.01', T0));
      const events = e.submit(orderOf(AAPL, { quantity: 100 }), T0 + 1);
      expect(kinds(events)).toEqual(['ACCEPTED', 'FILL']);
      const [fill] = fillsOf(events);
      expect(fill.fill.price.toString()).toBe('100.01');
      expect(fill.fill.quantity.toString()).toBe('100');
      expect(fill.fill.liquidity).toBe('TAKER');
      expect(fill.fill.commission.toString()).toBe('10.001');
      expect(fill.fill.commissionAsset).toBe('USD');
      expect(fill.order.status).toBe('FILLED');
      expect(e.positionOf('AAPL').toString()).toBe('100');
    });

    it('fills only the visible size, the rest on later quotes, each partial its own fill', () => {
      const e = engine();
      e.onMarketData(q('99.99', '100.01', T0, 1000, 30));
      const first = e.submit(orderOf(AAPL, { clientOrderId: 'm1', quantity: 100 }), T0);
      expect(fillsOf(first).map((f) => f.fill.quantity.toString())).toEqual(['30']);
      expect(e.getOrder('m1')?.status).toBe('PARTIALLY_FILLED');
      const second = fillsOf(e.onMarketData(q('100.00', '100.05', T0 + 1, 1000, 50)));
      expect(second.map((f) => [f.fill.quantity.toString(), f.fill.price.toString()])).toEqual([['50', '100.05']]);
      const third = fillsOf(e.onMarketData(q('100.00', '100.10', T0 + 2, 1000, 500)));
      expect(third.map((f) => [f.fill.quantity.toString(), f.fill.price.toString()])).toEqual([['20', '100.1']]);
      const order = e.getOrder('m1')!;
      expect(order.status).toBe('FILLED');
      // (30 × 100.01 + 50 × 100.05 + 20 × 100.10) / 100 = 10004.80 / 100
      expect(order.averageFillPrice?.toString()).toBe('100.048');
      const ids = [...first, ...second, ...third].filter((x) => x.kind === 'FILL').map((x) => (x as FillEngineEvent).fill.tradeId);
      expect(new Set(ids).size).toBe(3);
    });

    it('shares one quote’s visible size between orders', () => {
      const e = engine();
      e.onMarketData(q('99.99', '100.01', T0, 1000, 50));
      expect(fillsOf(e.submit(orderOf(AAPL, { quantity: 40 }), T0))[0].fill.quantity.toString()).toBe('40');
      expect(fillsOf(e.submit(orderOf(AAPL, { quantity: 40 }), T0))[0].fill.quantity.toString()).toBe('10');
    });

    it('waits for data when there is no quote, then fills on the next print', () => {
      const e = engine();
      expect(kinds(e.submit(orderOf(AAPL, { quantity: 10 }), T0))).toEqual(['ACCEPTED']);
      const fills = fillsOf(e.onMarketData(tradeOf('AAPL', '101.5', 100, T0 + 5)));
      expect(fills[0].fill.price.toString()).toBe('101.5');
      expect(fills[0].timestamp).toBe(T0 + 5);
    });

    it('pays slippage on taker fills: 2 ticks over the ask', () => {
      const e = engine({ slippage: { model: 'FIXED', ticks: 2 } });
      e.onMarketData(q('99.99', '100.01', T0));
      const [fill] = fillsOf(e.submit(orderOf(AAPL, { quantity: 1 }), T0));
      expect(fill.fill.price.toString()).toBe('100.03');
      expect(fill.referencePrice.toString()).toBe('100.01');
      expect(fill.slippage.toString()).toBe('0.02');
    });
  });

  describe('LIMIT', () => {
    it('rests until the ask reaches it, then fills at the limit as a maker', () => {
      const e = engine({ commission: { model: 'PERCENTAGE', makerBps: dec(2), takerBps: dec(10) }, slippage: { model: 'FIXED', ticks: 5 } });
      e.onMarketData(q('99.99', '100.01', T0));
      expect(kinds(e.submit(orderOf(AAPL, { clientOrderId: 'l1', type: 'LIMIT', quantity: 100, limitPrice: '99.50' }), T0))).toEqual(['ACCEPTED']);
      expect(fillsOf(e.onMarketData(q('99.40', '99.51', T0 + 1)))).toHaveLength(0);
      const [fill] = fillsOf(e.onMarketData(q('99.30', '99.45', T0 + 2)));
      expect(fill.fill.price.toString()).toBe('99.5');
      expect(fill.fill.liquidity).toBe('MAKER');
      expect(fill.slippage.isZero()).toBe(true);
      // 100 × 99.50 × 0.02 % = 1.99
      expect(fill.fill.commission.toString()).toBe('1.99');
    });

    it('a marketable limit takes the better ask, slippage capped at the limit', () => {
      const e = engine({ slippage: { model: 'FIXED', ticks: 3 } });
      e.onMarketData(q('99.99', '100.01', T0));
      const [fill] = fillsOf(e.submit(orderOf(AAPL, { type: 'LIMIT', quantity: 5, limitPrice: '100.02' }), T0));
      // 100.01 + 0.03 = 100.04, capped at the 100.02 limit
      expect(fill.fill.price.toString()).toBe('100.02');
      expect(fill.fill.liquidity).toBe('TAKER');
    });

    it('takes at most the configured share of each print at or through its price', () => {
      const e = engine({ maxVolumeShare: dec('0.25') });
      e.submit(orderOf(AAPL, { clientOrderId: 'l2', type: 'LIMIT', quantity: 300, limitPrice: '99.50' }), T0);
      expect(fillsOf(e.onMarketData(tradeOf('AAPL', '99.51', 1000, T0 + 1)))).toHaveLength(0);
      // 25 % of 400 = 100
      expect(fillsOf(e.onMarketData(tradeOf('AAPL', '99.50', 400, T0 + 2)))[0].fill.quantity.toString()).toBe('100');
      // 25 % of 1000 = 250, but only 200 remain; a print through the limit still fills at the limit
      const [last] = fillsOf(e.onMarketData(tradeOf('AAPL', '99.40', 1000, T0 + 3)));
      expect([last.fill.quantity.toString(), last.fill.price.toString()]).toEqual(['200', '99.5']);
    });

    it('a sell limit fills when the bid reaches it', () => {
      const e = engine();
      e.onMarketData(q('99.99', '100.01', T0));
      e.submit(orderOf(AAPL, { side: 'SELL', type: 'LIMIT', quantity: 10, limitPrice: '100.50' }), T0);
      expect(fillsOf(e.onMarketData(q('100.49', '100.60', T0 + 1)))).toHaveLength(0);
      expect(fillsOf(e.onMarketData(q('100.50', '100.60', T0 + 2)))[0].fill.price.toString()).toBe('100.5');
    });

    it('fills the better-priced of two resting limits first', () => {
      const e = engine();
      e.submit(orderOf(AAPL, { clientOrderId: 'low', type: 'LIMIT', quantity: 10, limitPrice: '99.00' }), T0);
      e.submit(orderOf(AAPL, { clientOrderId: 'high', type: 'LIMIT', quantity: 10, limitPrice: '99.50' }), T0);
      const fills = fillsOf(e.onMarketData(q('98.00', '98.50', T0 + 1, 100, 15)));
      expect(fills.map((f) => [f.clientOrderId, f.fill.quantity.toString()])).toEqual([['high', '10'], ['low', '5']]);
    });
  });

  describe('STOP and STOP_LIMIT', () => {
    it('a sell stop triggers when the bid falls to it and fills at the bid as a market order', () => {
      const e = engine();
      e.onMarketData(q('99.99', '100.01', T0));
      e.submit(orderOf(AAPL, { clientOrderId: 's1', side: 'SELL', type: 'STOP', quantity: 10, stopPrice: '95.00' }), T0);
      expect(e.onMarketData(q('96.00', '96.02', T0 + 1))).toEqual([]);
      const events = e.onMarketData(q('94.90', '94.95', T0 + 2));
      expect(kinds(events)).toEqual(['TRIGGERED', 'FILL']);
      expect(fillsOf(events)[0].fill.price.toString()).toBe('94.9');
      expect(fillsOf(events)[0].fill.liquidity).toBe('TAKER');
    });

    it('a buy stop triggers on a trade at or above it', () => {
      const e = engine();
      e.submit(orderOf(AAPL, { type: 'STOP', quantity: 10, stopPrice: '101.00' }), T0);
      expect(e.onMarketData(tradeOf('AAPL', '100.99', 100, T0 + 1))).toEqual([]);
      const events = e.onMarketData(tradeOf('AAPL', '101.00', 100, T0 + 2));
      expect(kinds(events)).toEqual(['TRIGGERED', 'FILL']);
      expect(fillsOf(events)[0].fill.price.toString()).toBe('101');
    });

    it('a stop-limit that triggers into a market beyond its limit rests, then fills at its limit', () => {
      const e = engine();
      e.onMarketData(q('99.99', '100.01', T0));
      e.submit(orderOf(AAPL, { clientOrderId: 'sl', type: 'STOP_LIMIT', quantity: 10, stopPrice: '101.00', limitPrice: '101.50' }), T0);
      expect(kinds(e.onMarketData(q('101.90', '102.00', T0 + 1)))).toEqual(['TRIGGERED']);
      expect(e.getOrder('sl')?.triggered).toBe(true);
      const [fill] = fillsOf(e.onMarketData(q('101.30', '101.40', T0 + 2)));
      expect([fill.fill.price.toString(), fill.fill.liquidity]).toEqual(['101.5', 'MAKER']);
    });

    it('a stop-limit triggered into a marketable quote takes it at once', () => {
      const e = engine();
      e.onMarketData(q('99.99', '100.01', T0));
      e.submit(orderOf(AAPL, { type: 'STOP_LIMIT', quantity: 10, stopPrice: '101.00', limitPrice: '101.50' }), T0);
      const events = e.onMarketData(q('101.10', '101.20', T0 + 1));
      expect(kinds(events)).toEqual(['TRIGGERED', 'FILL']);
      expect(fillsOf(events)[0].fill.price.toString()).toBe('101.2');
    });
  });

  describe('TAKE_PROFIT and TAKE_PROFIT_LIMIT', () => {
    it('a sell take-profit waits for the bid to rise to it, then sells at the bid as a market order', () => {
      const e = engine();
      e.onMarketData(q('99.99', '100.01', T0));
      e.submit(orderOf(AAPL, { clientOrderId: 'tp', side: 'SELL', type: 'TAKE_PROFIT', quantity: 10, stopPrice: '105.00' }), T0);
      // a fall is the wrong way for a take-profit: a stop at 105 would have fired, this must not
      expect(e.onMarketData(q('94.00', '94.02', T0 + 1))).toEqual([]);
      expect(e.onMarketData(q('104.99', '105.01', T0 + 2))).toEqual([]);
      const events = e.onMarketData(q('105.10', '105.12', T0 + 3));
      expect(kinds(events)).toEqual(['TRIGGERED', 'FILL']);
      expect([fillsOf(events)[0].fill.price.toString(), fillsOf(events)[0].fill.liquidity]).toEqual(['105.1', 'TAKER']);
    });

    it('a buy take-profit fires on a trade at or below its trigger', () => {
      const e = engine();
      e.submit(orderOf(AAPL, { type: 'TAKE_PROFIT', quantity: 10, stopPrice: '95.00' }), T0);
      expect(e.onMarketData(tradeOf('AAPL', '95.01', 100, T0 + 1))).toEqual([]);
      const events = e.onMarketData(tradeOf('AAPL', '95.00', 100, T0 + 2));
      expect(kinds(events)).toEqual(['TRIGGERED', 'FILL']);
      expect(fillsOf(events)[0].fill.price.toString()).toBe('95');
    });

    it('a take-profit limit triggered beyond its limit rests as a maker until the market comes back', () => {
      const e = engine();
      e.onMarketData(q('99.99', '100.01', T0));
      e.submit(orderOf(AAPL, { clientOrderId: 'tpl', side: 'SELL', type: 'TAKE_PROFIT_LIMIT', quantity: 10, stopPrice: '105.00', limitPrice: '105.50' }), T0);
      // bid 105.20 reaches the trigger but not the limit of 105.50: it triggers and rests
      expect(kinds(e.onMarketData(q('105.20', '105.22', T0 + 1)))).toEqual(['TRIGGERED']);
      expect(e.getOrder('tpl')?.status).toBe('ACCEPTED');
      const [fill] = fillsOf(e.onMarketData(q('105.60', '105.62', T0 + 2)));
      expect([fill.fill.price.toString(), fill.fill.liquidity]).toEqual(['105.5', 'MAKER']);
    });
  });

  describe('TRAILING_STOP_LIMIT', () => {
    it('a sell trail by 1.00 with a 0.20 offset triggers at its stop and works a limit 0.20 below it', () => {
      const e = engine();
      e.submit(orderOf(AAPL, { clientOrderId: 'tsl', side: 'SELL', type: 'TRAILING_STOP_LIMIT', quantity: 10, trailingAmount: dec(1), trailingLimitOffset: dec('0.20') }), T0);
      e.onMarketData(tradeOf('AAPL', '102.00', 100, T0 + 1));
      // anchor 102.00 → stop 101.00
      expect(e.getOrder('tsl')?.currentStopPrice?.toString()).toBe('101');
      // a print at 100.50 crosses the stop; the limit is 101.00 − 0.20 = 100.80, above the print: it rests
      expect(kinds(e.onMarketData(tradeOf('AAPL', '100.50', 100, T0 + 2)))).toEqual(['TRIGGERED']);
      expect(e.onMarketData(tradeOf('AAPL', '100.70', 100, T0 + 3))).toEqual([]);
      const [fill] = fillsOf(e.onMarketData(tradeOf('AAPL', '100.90', 100, T0 + 4)));
      expect([fill.fill.price.toString(), fill.fill.liquidity]).toEqual(['100.8', 'MAKER']);
    });

    it('a buy trail by 2 % with no offset triggered into a marketable ask takes it at once', () => {
      const e = engine();
      e.onMarketData(q('99.99', '100.00', T0));
      e.submit(orderOf(AAPL, { type: 'TRAILING_STOP_LIMIT', quantity: 10, trailingPercent: dec(2), trailingLimitOffset: dec(0) }), T0);
      // anchor 100.00 → stop 102.00 = limit; an ask of 101.90 does not trigger, 102.00 does and is within the limit
      expect(e.onMarketData(q('101.80', '101.90', T0 + 1))).toEqual([]);
      const events = e.onMarketData(q('101.95', '102.00', T0 + 2));
      expect(kinds(events)).toEqual(['TRIGGERED', 'FILL']);
      expect(fillsOf(events)[0].fill.price.toString()).toBe('102');
    });

    it('is rejected without a trailingLimitOffset on the tick grid', () => {
      const e = engine();
      const [event] = e.submit(orderOf(AAPL, { side: 'SELL', type: 'TRAILING_STOP_LIMIT', quantity: 10, trailingAmount: dec(1), trailingLimitOffset: dec('0.005') }), T0);
      expect(event.kind).toBe('REJECTED');
      expect(event.kind === 'REJECTED' && event.message).toContain('trailingLimitOffset');
    });
  });

  describe('TRAILING_STOP', () => {
    it('a sell trail by 1.00 follows the highs and triggers on the way down', () => {
      const e = engine();
      e.submit(orderOf(AAPL, { clientOrderId: 'tr', side: 'SELL', type: 'TRAILING_STOP', quantity: 10, trailingAmount: dec(1) }), T0);
      e.onMarketData(tradeOf('AAPL', '100.00', 100, T0 + 1));
      expect(e.getOrder('tr')?.currentStopPrice?.toString()).toBe('99');
      e.onMarketData(tradeOf('AAPL', '102.00', 100, T0 + 2));
      expect(e.getOrder('tr')?.currentStopPrice?.toString()).toBe('101');
      e.onMarketData(tradeOf('AAPL', '101.50', 100, T0 + 3));
      expect(e.getOrder('tr')?.currentStopPrice?.toString()).toBe('101');
      const events = e.onMarketData(tradeOf('AAPL', '100.90', 100, T0 + 4));
      expect(kinds(events)).toEqual(['TRIGGERED', 'FILL']);
      expect(fillsOf(events)[0].fill.price.toString()).toBe('100.9');
    });

    it('a buy trail by 2 % follows the lows of the ask', () => {
      const e = engine();
      e.onMarketData(q('99.99', '100.00', T0));
      e.submit(orderOf(AAPL, { clientOrderId: 'tb', type: 'TRAILING_STOP', quantity: 10, trailingPercent: dec(2) }), T0);
      // anchor 100.00 → stop 102.00
      expect(e.getOrder('tb')?.currentStopPrice?.toString()).toBe('102');
      e.onMarketData(q('89.99', '90.00', T0 + 1));
      // 90 × 1.02 = 91.80
      expect(e.getOrder('tb')?.currentStopPrice?.toString()).toBe('91.8');
      const events = e.onMarketData(q('91.90', '92.00', T0 + 2));
      expect(kinds(events)).toEqual(['TRIGGERED', 'FILL']);
      expect(fillsOf(events)[0].fill.price.toString()).toBe('92');
    });
  });

  describe('depth snapshots', () => {
    it('match through their top of book, and one with an empty side quotes nothing', () => {
      const e = engine();
      const level = (price: string, size: number) => ({ price: dec(price), size: dec(size) });
      e.submit(orderOf(AAPL, { clientOrderId: 'd1', quantity: 50 }), T0);
      const oneSided = { kind: 'book' as const, symbol: 'AAPL', bids: [level('99.99', 100)], asks: [], timestamp: T0 + 1 };
      expect(e.onMarketData(oneSided)).toEqual([]);
      // the best ask offers 30: that is all a market buy may take from this snapshot, not the 500 behind it
      const book = { kind: 'book' as const, symbol: 'AAPL', bids: [level('99.99', 100)], asks: [level('100.01', 30), level('100.02', 500)], timestamp: T0 + 2 };
      const fills = fillsOf(e.onMarketData(book));
      expect(fills.map((f) => [f.fill.quantity.toString(), f.fill.price.toString()])).toEqual([['30', '100.01']]);
      expect(e.lastQuote('AAPL')?.ask.toString()).toBe('100.01');
    });
  });

  describe('bars', () => {
    it('walks open → nearer extreme → other extreme → close, a quarter of the volume at each point', () => {
      const e = engine();
      e.submit(orderOf(AAPL, { clientOrderId: 'b1', type: 'LIMIT', quantity: 150, limitPrice: '99.00' }), T0);
      // high is 1.00 from the open, low 1.50: high first; the low 98.50 reaches the 99.00 limit with 400 / 4 = 100
      const events = e.onMarketData(barOf('AAPL', ['100', '101', '98.5', '100.5'], 400, T0, 60_000));
      const fills = fillsOf(events);
      expect(fills.map((f) => [f.fill.quantity.toString(), f.fill.price.toString(), f.fill.liquidity])).toEqual([['100', '99', 'MAKER']]);
      expect(fills[0].timestamp).toBe(T0 + 60_000);
    });

    it('a market order waiting for data fills at the next bar’s open', () => {
      const e = engine();
      e.submit(orderOf(AAPL, { quantity: 10 }), T0);
      const [fill] = fillsOf(e.onMarketData(barOf('AAPL', ['100.2', '101', '99', '100.5'], 400, T0 + 60_000)));
      expect(fill.fill.price.toString()).toBe('100.2');
    });

    it('a stop crossed inside a bar fills at its stop price; a stop gapped through at the open fills at the open', () => {
      const e = engine();
      e.submit(orderOf(AAPL, { clientOrderId: 'inside', side: 'SELL', type: 'STOP', quantity: 10, stopPrice: '99.00' }), T0);
      e.submit(orderOf(AAPL, { clientOrderId: 'gap', side: 'SELL', type: 'STOP', quantity: 10, stopPrice: '101.00' }), T0);
      const fills = fillsOf(e.onMarketData(barOf('AAPL', ['100', '100.5', '98', '99.5'], 400, T0)));
      const price = (id: string) => fills.find((f) => f.clientOrderId === id)?.fill.price.toString();
      expect(price('gap')).toBe('100');
      expect(price('inside')).toBe('99');
    });
  });

  it('estimates σ and ADV from the prints it sees', () => {
    const e = engine();
    expect(e.marketStats('AAPL')).toEqual({ sigma: undefined, adv: undefined });
    const day = 86_400_000;
    [100, 101, 100, 102].forEach((p, i) => e.onMarketData(tradeOf('AAPL', p, 1000, T0 + (i * day) / 2)));
    const { sigma, adv } = e.marketStats('AAPL');
    // 4000 units over 1.5 days
    expect(adv?.toFixed(6)).toBe(Decimal.from(4000).div(dec('1.5')).toFixed(6));
    const returns = [101 / 100 - 1, 100 / 101 - 1, 102 / 100 - 1];
    const mean = returns.reduce((s, r) => s + r, 0) / 3;
    const sd = Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / 2);
    // observations every half day: 2 per day
    expect(sigma).toBeCloseTo(sd * Math.sqrt(2), 12);
  });
});
