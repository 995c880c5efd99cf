import { dec } from '@silvertine/core';
import { orderOf, stockInstrument } from '../testing';
import type { EngineEvent } from './engine-events';
import type { MatchingEngineConfig } from './engine-config';
import { MatchingEngine } from './matching-engine';
import { engineFor, fillsOf, kinds, q, T0 } from '../../test/engine-spec.helpers';

const AAPL = stockInstrument('AAPL', { minNotional: dec(10) });
const engine = (config: Partial<MatchingEngineConfig> = {}) => engineFor(AAPL, config);
const reasonOf = (event: EngineEvent | undefined) => (event && 'reason' in event ? event.reason : undefined);

describe('MatchingEngine — venue rules', () => {
  describe('rejections', () => {
    const e = engine();
    const rejectReason = (fields: Parameters<typeof orderOf>[1], instrument = AAPL) => reasonOf(e.submit(orderOf(instrument, fields), T0)[0]);

    it('unknown symbol', () => expect(rejectReason({ quantity: 1 }, stockInstrument('MSFT'))).toBe('UNKNOWN_SYMBOL'));
    it('quantity off the step grid or not positive', () => {
      expect(rejectReason({ quantity: '1.5' })).toBe('INVALID_QUANTITY');
      expect(rejectReason({ quantity: 0 })).toBe('INVALID_QUANTITY');
    });
    it('price off the tick grid', () => expect(rejectReason({ type: 'LIMIT', quantity: 1, limitPrice: '100.001' })).toBe('INVALID_PRICE'));
    it('missing prices', () => {
      expect(rejectReason({ type: 'LIMIT', quantity: 1 })).toBe('MISSING_PRICE');
      expect(rejectReason({ type: 'STOP', quantity: 1 })).toBe('MISSING_PRICE');
    });
    it('trailing stop without exactly one distance', () => {
      expect(rejectReason({ type: 'TRAILING_STOP', quantity: 1 })).toBe('INVALID_ORDER');
      expect(rejectReason({ type: 'TRAILING_STOP', quantity: 1, trailingAmount: dec(1), trailingPercent: dec(1) })).toBe('INVALID_ORDER');
    });
    it('below minimum notional: 1 × 5.00 < 10', () => expect(rejectReason({ type: 'LIMIT', quantity: 1, limitPrice: '5' })).toBe('MIN_NOTIONAL'));
    it('postOnly on a non-limit order', () => expect(rejectReason({ quantity: 1, postOnly: true })).toBe('INVALID_ORDER'));
  });

  it('rejects a duplicate clientOrderId, even after the first one filled, and leaves the first alone', () => {
    const e = engine();
    e.onMarketData(q('99.99', '100.01', T0));
    e.submit(orderOf(AAPL, { clientOrderId: 'dup', quantity: 1 }), T0);
    const again = e.submit(orderOf(AAPL, { clientOrderId: 'dup', quantity: 5 }), T0 + 1);
    expect(kinds(again)).toEqual(['REJECTED']);
    expect(reasonOf(again[0])).toBe('DUPLICATE_CLIENT_ORDER_ID');
    expect(e.getOrder('dup')?.filledQuantity.toString()).toBe('1');
  });

  it('postOnly: rejected when it would take, a maker when it rests', () => {
    const e = engine({ commission: { model: 'PERCENTAGE', makerBps: dec(0), takerBps: dec(10) } });
    e.onMarketData(q('99.99', '100.01', T0));
    const taking = e.submit(orderOf(AAPL, { type: 'LIMIT', quantity: 1, limitPrice: '100.01', postOnly: true }), T0);
    expect(reasonOf(taking[0])).toBe('POST_ONLY_WOULD_TAKE');
    e.submit(orderOf(AAPL, { type: 'LIMIT', quantity: 1, limitPrice: '100.00', postOnly: true }), T0);
    const [fill] = fillsOf(e.onMarketData(q('99.90', '99.95', T0 + 1)));
    expect([fill.fill.liquidity, fill.fill.commission.toString()]).toEqual(['MAKER', '0']);
  });

  describe('reduceOnly', () => {
    it('rejects what would open or grow a position', () => {
      const e = engine({ initialPositions: { AAPL: dec(100) } });
      expect(reasonOf(e.submit(orderOf(AAPL, { quantity: 1, reduceOnly: true }), T0)[0])).toBe('REDUCE_ONLY_WOULD_INCREASE');
      expect(reasonOf(e.submit(orderOf(AAPL, { side: 'SELL', quantity: 150, reduceOnly: true }), T0)[0])).toBe('REDUCE_ONLY_WOULD_INCREASE');
      expect(kinds(e.submit(orderOf(AAPL, { side: 'SELL', type: 'LIMIT', limitPrice: '101', quantity: 60, reduceOnly: true }), T0))).toEqual(['ACCEPTED']);
    });

    it('clips fills to the position left and cancels the rest', () => {
      const e = engine({ initialPositions: { AAPL: dec(100) } });
      e.submit(orderOf(AAPL, { clientOrderId: 'r1', side: 'SELL', type: 'LIMIT', limitPrice: '101', quantity: 60, reduceOnly: true }), T0);
      e.submit(orderOf(AAPL, { clientOrderId: 'r2', side: 'SELL', type: 'LIMIT', limitPrice: '101', quantity: 60, reduceOnly: true }), T0);
      const events = e.onMarketData(q('101', '101.02', T0 + 1));
      expect(fillsOf(events).map((f) => [f.clientOrderId, f.fill.quantity.toString()])).toEqual([['r1', '60'], ['r2', '40']]);
      expect(events.filter((x) => x.kind === 'CANCELED').map(reasonOf)).toEqual(['REDUCE_ONLY']);
      expect(e.positionOf('AAPL').isZero()).toBe(true);
    });
  });

  it('asks the pre-trade check, with the reference price, before accepting', () => {
    const seen: string[] = [];
    const e = engine({
      preTradeCheck: (request, ctx) => {
        seen.push(`${request.clientOrderId}@${ctx.referencePrice}`);
        return request.quantity.gt(10) ? { reason: 'INSUFFICIENT_FUNDS', message: 'needs more cash' } : undefined;
      },
    });
    e.onMarketData(q('99.99', '100.01', T0));
    expect(reasonOf(e.submit(orderOf(AAPL, { clientOrderId: 'big', quantity: 11 }), T0)[0])).toBe('INSUFFICIENT_FUNDS');
    expect(kinds(e.submit(orderOf(AAPL, { clientOrderId: 'ok', quantity: 10 }), T0))).toEqual(['ACCEPTED', 'FILL']);
    expect(seen).toEqual(['big@100.01', 'ok@100.01']);
  });

  describe('cancel', () => {
    it('cancels an open order, and fails for unknown or closed ones', () => {
      const e = engine();
      e.submit(orderOf(AAPL, { clientOrderId: 'c1', type: 'LIMIT', limitPrice: '90', quantity: 1 }), T0);
      const canceled = e.cancel('c1', T0 + 1);
      expect(canceled.map((x) => [x.kind, reasonOf(x), x.venueOrderId])).toEqual([['CANCELED', 'USER', '1']]);
      expect(reasonOf(e.cancel('c1', T0 + 2)[0])).toBe('ALREADY_CLOSED');
      expect(reasonOf(e.cancel('nope', T0 + 2)[0])).toBe('NOT_FOUND');
    });

    it('a cancel that arrives after the fill fails', () => {
      const e = engine();
      e.submit(orderOf(AAPL, { clientOrderId: 'late', type: 'LIMIT', limitPrice: '100', quantity: 1 }), T0);
      e.onMarketData(q('99.98', '99.99', T0 + 5));
      const [rejected] = e.cancel('late', T0 + 6);
      expect(rejected.kind).toBe('CANCEL_REJECTED');
      expect(rejected.kind === 'CANCEL_REJECTED' && rejected.order?.status).toBe('FILLED');
    });
  });

  describe('amend', () => {
    it('a smaller quantity keeps time priority; a new price loses it and may take at once', () => {
      const e = engine();
      e.onMarketData(q('99.99', '100.01', T0));
      e.submit(orderOf(AAPL, { clientOrderId: 'a1', type: 'LIMIT', limitPrice: '99', quantity: 10 }), T0);
      e.submit(orderOf(AAPL, { clientOrderId: 'a2', type: 'LIMIT', limitPrice: '99', quantity: 10 }), T0);
      expect(kinds(e.amend('a1', { quantity: dec(5) }, T0 + 1))).toEqual(['AMENDED']);
      expect(e.openOrders('AAPL').map((o) => o.clientOrderId)).toEqual(['a1', 'a2']);
      const events = e.amend('a1', { limitPrice: dec('100.05') }, T0 + 2);
      expect(kinds(events)).toEqual(['AMENDED', 'FILL']);
      expect(fillsOf(events)[0].fill.price.toString()).toBe('100.01');
    });

    it('refuses a quantity at or below what has filled, and closed orders', () => {
      const e = engine();
      e.onMarketData(q('99.99', '100.01', T0, 1000, 4));
      e.submit(orderOf(AAPL, { clientOrderId: 'a3', type: 'LIMIT', limitPrice: '100.01', quantity: 10 }), T0);
      expect(reasonOf(e.amend('a3', { quantity: dec(4) }, T0 + 1)[0])).toBe('INVALID_QUANTITY');
      e.cancel('a3', T0 + 2);
      expect(reasonOf(e.amend('a3', { quantity: dec(8) }, T0 + 3)[0])).toBe('ALREADY_CLOSED');
    });
  });

  it('self-trade prevention cancels a taker that would meet our own resting order', () => {
    const e = engine();
    e.onMarketData(q('100.00', '101.00', T0));
    e.submit(orderOf(AAPL, { side: 'SELL', type: 'LIMIT', limitPrice: '100.50', quantity: 5 }), T0);
    const events = e.submit(orderOf(AAPL, { quantity: 5 }), T0);
    expect(events.map((x) => [x.kind, reasonOf(x)])).toEqual([['ACCEPTED', undefined], ['CANCELED', 'SELF_TRADE_PREVENTION']]);
    const off = engine({ selfTradePrevention: 'NONE' });
    off.onMarketData(q('100.00', '101.00', T0));
    off.submit(orderOf(AAPL, { side: 'SELL', type: 'LIMIT', limitPrice: '100.50', quantity: 5 }), T0);
    expect(kinds(off.submit(orderOf(AAPL, { quantity: 5 }), T0))).toEqual(['ACCEPTED', 'FILL']);
  });

  it('numbers venue order ids and trade ids with the configured prefix', () => {
    const e = engine({ idPrefix: 'P-' });
    e.onMarketData(q('99.99', '100.01', T0));
    const [accepted, fill] = e.submit(orderOf(AAPL, { quantity: 1 }), T0);
    expect(accepted.venueOrderId).toBe('P-1');
    expect(fill.kind === 'FILL' && fill.fill.tradeId).toBe('P-1');
  });

  it('refuses impossible configurations', () => {
    expect(() => new MatchingEngine({ instruments: [AAPL, AAPL] })).toThrow(RangeError);
    expect(() => new MatchingEngine({ instruments: [AAPL], maxVolumeShare: dec(0) })).toThrow(RangeError);
    expect(() => new MatchingEngine({ instruments: [AAPL], sessionEndTime: '25:00' })).toThrow(RangeError);
  });

  it('forgets the oldest closed orders beyond the retention limit', () => {
    const e = engine({ closedOrderRetention: 2 });
    for (const id of ['x1', 'x2', 'x3']) {
      e.submit(orderOf(AAPL, { clientOrderId: id, type: 'LIMIT', limitPrice: '90', quantity: 1 }), T0);
      e.cancel(id, T0);
    }
    expect(e.getOrder('x1')).toBeUndefined();
    expect(e.getOrder('x3')?.status).toBe('CANCELED');
  });
});
