import fc from 'fast-check';
import { Decimal, dec } from '../decimal/decimal';
import type { Fill, OrderRequest, OrderStatus } from '../domain/order';
import { isTerminalStatus } from '../domain/order';
import { BrokerError } from '../errors/broker-error';
import { InvalidStateTransitionError } from '../errors/errors';
import { testInstrument } from '../testing/reference-broker';
import { OrderStateMachine, OverfillError } from './order-state-machine';
import { ORDER_TRANSITIONS, canTransitionOrder } from './order-transitions';

const request: OrderRequest = {
  clientOrderId: 'c1', instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('1'), limitPrice: dec('100'), timeInForce: 'GTC',
};

const fill = (tradeId: string, quantity: string, price = '100'): Fill => ({
  tradeId, clientOrderId: 'c1', symbol: 'BTCUSDT', side: 'BUY', quantity: dec(quantity), price: dec(price),
  commission: Decimal.ZERO, commissionAsset: 'USDT', liquidity: 'MAKER', timestamp: 1,
});

describe('OrderStateMachine', () => {
  it('walks the happy path with a volume-weighted average price', () => {
    const m = new OrderStateMachine(request, 0);
    m.transition('ACCEPTED', 1, { venueOrderId: 'v1' });
    expect(m.applyFill(fill('t1', '0.4', '100')).order.status).toBe('PARTIALLY_FILLED');
    const done = m.applyFill(fill('t2', '0.6', '99')).order;
    expect(done.status).toBe('FILLED');
    expect(done.averageFillPrice!.toString()).toBe('99.4');
    expect(done.remainingQuantity.isZero()).toBe(true);
    expect(done.venueOrderId).toBe('v1');
  });

  it('ignores a fill whose tradeId was already applied', () => {
    const m = new OrderStateMachine(request, 0);
    m.applyFill(fill('t1', '0.5'));
    const again = m.applyFill(fill('t1', '0.5'));
    expect(again.applied).toBe(false);
    expect(m.order.filledQuantity.toString()).toBe('0.5');
  });

  it('refuses an overfill and leaves the order unchanged', () => {
    const m = new OrderStateMachine(request, 0);
    m.applyFill(fill('t1', '0.7'));
    expect(() => m.applyFill(fill('t2', '0.4'))).toThrow(OverfillError);
    expect(m.order.filledQuantity.toString()).toBe('0.7');
    expect(m.hasApplied('t2')).toBe(false);
  });

  it('raises a typed error on a transition the table forbids', () => {
    const m = new OrderStateMachine(request, 0);
    m.transition('CANCELED', 1);
    expect(() => m.transition('ACCEPTED', 2)).toThrow(InvalidStateTransitionError);
    expect(() => new OrderStateMachine(request, 0).transition('FILLED', 1)).toThrow(InvalidStateTransitionError);
  });

  it('still accepts fills after a cancel was requested, and reverts a refused cancel', () => {
    const m = new OrderStateMachine(request, 0);
    m.transition('ACCEPTED', 1);
    m.transition('PENDING_CANCEL', 2);
    expect(m.applyFill(fill('t1', '0.3')).order.status).toBe('PENDING_CANCEL');
    expect(m.revertCancel(3).status).toBe('PARTIALLY_FILLED');
    m.transition('PENDING_CANCEL', 4);
    expect(m.applyFill(fill('t2', '0.7')).order.status).toBe('FILLED');
  });

  it('records a late fill on a canceled order without reopening it', () => {
    const m = new OrderStateMachine(request, 0);
    m.transition('CANCELED', 1);
    const r = m.applyFill(fill('t1', '0.2'));
    expect(r.applied).toBe(true);
    expect(r.order.status).toBe('CANCELED');
    expect(r.order.filledQuantity.toString()).toBe('0.2');
  });

  it('resolves UNKNOWN to what the venue reports', () => {
    const m = new OrderStateMachine(request, 0);
    m.transition('UNKNOWN', 1);
    expect(m.transition('REJECTED', 2, { rejectReason: 'not found at venue' }).rejectReason).toBe('not found at venue');
  });

  it('has no transitions out of terminal states', () => {
    for (const status of Object.keys(ORDER_TRANSITIONS) as OrderStatus[]) {
      expect(ORDER_TRANSITIONS[status].length === 0).toBe(isTerminalStatus(status));
    }
  });

  describe('properties over random event sequences (with duplicates and reordering)', () => {
    const statuses = Object.keys(ORDER_TRANSITIONS) as OrderStatus[];
    const event = fc.oneof(
      fc.record({ kind: fc.constant('status' as const), to: fc.constantFrom(...statuses) }),
      fc.record({ kind: fc.constant('fill' as const), tradeId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), units: fc.integer({ min: 1, max: 6 }) }),
    );

    it('never overfills, never decreases, applies each tradeId once, and follows the table', () => {
      fc.assert(
        fc.property(fc.array(event, { maxLength: 40 }), (events) => {
          const m = new OrderStateMachine({ ...request, quantity: dec('1.0') }, 0);
          const applied = new Map<string, Decimal>();
          let previous = m.order;
          events.forEach((e, i) => {
            try {
              if (e.kind === 'status') m.transition(e.to, i);
              else {
                // the same tradeId always carries the same quantity, as a venue replay would
                const qty = applied.get(e.tradeId) ?? dec(e.units).div(10);
                const r = m.applyFill(fill(e.tradeId, qty.toString()), i);
                if (r.applied) applied.set(e.tradeId, qty);
                else expect(r.order).toBe(previous);
              }
            } catch (error) {
              expect(error).toBeInstanceOf(BrokerError);
              expect(m.order).toBe(previous); // a refused event changes nothing
            }
            const now = m.order;
            expect(now.filledQuantity.gte(previous.filledQuantity)).toBe(true);
            expect(now.filledQuantity.lte(now.request.quantity)).toBe(true);
            expect(now.filledQuantity.eq(Decimal.sum(applied.values()))).toBe(true);
            if (now.status !== previous.status) expect(canTransitionOrder(previous.status, now.status)).toBe(true);
            if (now.status === 'FILLED') expect(now.filledQuantity.eq(now.request.quantity)).toBe(true);
            if (isTerminalStatus(previous.status)) expect(now.status).toBe(previous.status);
            previous = now;
          });
        }),
        { numRuns: 500 },
      );
    });
  });
});
