import { dec } from '@silvertine/core';
import { orderOf, stockInstrument } from '../testing';
import type { MatchingEngineConfig } from './engine-config';
import { engineFor, fillsOf, kinds, q, T0 } from '../../test/engine-spec.helpers';

const AAPL = stockInstrument('AAPL');
const engine = (config: Partial<MatchingEngineConfig> = {}) => engineFor(AAPL, config);

describe('MatchingEngine — time in force', () => {
  it('IOC fills what is visible and cancels the rest', () => {
    const e = engine();
    e.onMarketData(q('99.99', '100.01', T0, 1000, 30));
    const events = e.submit(orderOf(AAPL, { quantity: 100, timeInForce: 'IOC' }), T0);
    expect(kinds(events)).toEqual(['ACCEPTED', 'FILL', 'CANCELED']);
    expect(fillsOf(events)[0].fill.quantity.toString()).toBe('30');
    const canceled = events[2];
    expect(canceled.kind === 'CANCELED' && canceled.reason).toBe('IOC_REMAINDER');
    expect(canceled.kind === 'CANCELED' && canceled.order.filledQuantity.toString()).toBe('30');
  });

  it('IOC with no market at all cancels without filling', () => {
    const events = engine().submit(orderOf(AAPL, { quantity: 1, timeInForce: 'IOC' }), T0);
    expect(kinds(events)).toEqual(['ACCEPTED', 'CANCELED']);
  });

  it('FOK fills completely or not at all', () => {
    const e = engine();
    e.onMarketData(q('99.99', '100.01', T0, 1000, 30));
    const partial = e.submit(orderOf(AAPL, { quantity: 100, timeInForce: 'FOK' }), T0);
    expect(kinds(partial)).toEqual(['ACCEPTED', 'CANCELED']);
    expect(partial[1].kind === 'CANCELED' && partial[1].reason).toBe('FOK');
    const whole = e.submit(orderOf(AAPL, { quantity: 30, timeInForce: 'FOK' }), T0);
    expect(kinds(whole)).toEqual(['ACCEPTED', 'FILL']);
    expect(fillsOf(whole)[0].fill.quantity.toString()).toBe('30');
  });

  it('FOK limit that is not marketable is canceled', () => {
    const e = engine();
    e.onMarketData(q('99.99', '100.01', T0));
    const events = e.submit(orderOf(AAPL, { type: 'LIMIT', limitPrice: '100.00', quantity: 1, timeInForce: 'FOK' }), T0);
    expect(kinds(events)).toEqual(['ACCEPTED', 'CANCELED']);
  });

  describe('DAY', () => {
    it('expires at the configured session end (21:00 UTC) the same day', () => {
      const e = engine({ sessionEndTime: '21:00' });
      const accepted = e.submit(orderOf(AAPL, { clientOrderId: 'd1', type: 'LIMIT', limitPrice: '90', quantity: 1, timeInForce: 'DAY' }), T0);
      const end = Date.UTC(2024, 0, 2, 21, 0);
      expect(accepted[0].kind === 'ACCEPTED' && accepted[0].order.expiresAt).toBe(end);
      expect(e.advanceTime(end - 1)).toEqual([]);
      const events = e.advanceTime(end);
      expect(kinds(events)).toEqual(['EXPIRED']);
      expect(events[0].kind === 'EXPIRED' && events[0].reason).toBe('DAY');
      expect(e.getOrder('d1')?.status).toBe('EXPIRED');
      expect(e.openOrders()).toEqual([]);
    });

    it('an order placed after the session end lives until the next day’s end', () => {
      const e = engine({ sessionEndTime: '21:00' });
      const late = Date.UTC(2024, 0, 2, 22, 0);
      const [accepted] = e.submit(orderOf(AAPL, { type: 'LIMIT', limitPrice: '90', quantity: 1, timeInForce: 'DAY' }), late);
      expect(accepted.kind === 'ACCEPTED' && accepted.order.expiresAt).toBe(Date.UTC(2024, 0, 3, 21, 0));
    });

    it('expires before market data at the same instant can fill it', () => {
      const e = engine({ sessionEndTime: '21:00' });
      e.submit(orderOf(AAPL, { type: 'LIMIT', limitPrice: '100', quantity: 1, timeInForce: 'DAY' }), T0);
      const end = Date.UTC(2024, 0, 2, 21, 0);
      expect(kinds(e.onMarketData(q('98', '99', end)))).toEqual(['EXPIRED']);
    });

    it('accepts a calendar function', () => {
      const e = engine({ sessionEndTime: (t) => t + 5000 });
      const [accepted] = e.submit(orderOf(AAPL, { type: 'LIMIT', limitPrice: '90', quantity: 1, timeInForce: 'DAY' }), T0);
      expect(accepted.kind === 'ACCEPTED' && accepted.order.expiresAt).toBe(T0 + 5000);
    });
  });

  describe('GTD', () => {
    it('expires at expireAt', () => {
      const e = engine();
      e.submit(orderOf(AAPL, { clientOrderId: 'g', type: 'LIMIT', limitPrice: '90', quantity: 1, timeInForce: 'GTD', expireAt: T0 + 1000 }), T0);
      expect(e.advanceTime(T0 + 999)).toEqual([]);
      const events = e.advanceTime(T0 + 1000);
      expect(events.map((x) => [x.kind, x.kind === 'EXPIRED' && x.reason])).toEqual([['EXPIRED', 'GTD']]);
      // a cancel that arrives after expiry fails like at a venue
      const cancel = e.cancel('g', T0 + 1001);
      expect(cancel[0].kind === 'CANCEL_REJECTED' && cancel[0].reason).toBe('ALREADY_CLOSED');
    });

    it('rejects an expiry that is not in the future, or missing', () => {
      const e = engine();
      const past = e.submit(orderOf(AAPL, { type: 'LIMIT', limitPrice: '90', quantity: 1, timeInForce: 'GTD', expireAt: T0 }), T0);
      expect(past[0].kind === 'REJECTED' && past[0].reason).toBe('INVALID_EXPIRY');
      const missing = e.submit(orderOf(AAPL, { type: 'LIMIT', limitPrice: '90', quantity: 1, timeInForce: 'GTD' }), T0);
      expect(missing[0].kind === 'REJECTED' && missing[0].reason).toBe('INVALID_EXPIRY');
    });
  });

  it('GTC stays open across sessions', () => {
    const e = engine({ sessionEndTime: '21:00' });
    e.submit(orderOf(AAPL, { clientOrderId: 'gtc', type: 'LIMIT', limitPrice: '90', quantity: dec(1) }), T0);
    expect(e.advanceTime(T0 + 10 * 86_400_000)).toEqual([]);
    expect(e.getOrder('gtc')?.status).toBe('ACCEPTED');
  });
});
