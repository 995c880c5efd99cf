import { dec } from '../decimal/decimal';
import type { OrderRequest } from '../domain/order';
import { testInstrument } from '../testing/reference-broker';
import { OrderTracker } from './order-tracker';

const requestOf = (clientOrderId: string): OrderRequest => ({
  clientOrderId, instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('1'), limitPrice: dec('100'), timeInForce: 'GTC',
});

describe('OrderTracker', () => {
  it('finds every tracked order, the one started last and older ones, and forgets the oldest closed ones', () => {
    const tracker = new OrderTracker(1);
    tracker.start(requestOf('a'), 1);
    tracker.start(requestOf('b'), 2);
    tracker.start(requestOf('c'), 3);
    expect(['a', 'b', 'c'].map((id) => tracker.get(id)?.clientOrderId)).toEqual(['a', 'b', 'c']);
    expect(tracker.transition('a', 'CANCELED', 4)?.order.status).toBe('CANCELED');
    expect(tracker.transition('c', 'CANCELED', 5)?.order.status).toBe('CANCELED');
    // One closed order is kept: 'a' closed first and is forgotten; 'c', the order started last, is kept.
    expect(tracker.get('a')).toBeUndefined();
    expect(tracker.machine('c')?.status).toBe('CANCELED');
    expect(tracker.transition('b', 'REJECTED', 6)?.order.status).toBe('REJECTED');
    expect(tracker.get('c')).toBeUndefined();
    expect(tracker.has('c')).toBe(false);
    expect(tracker.get('b')?.status).toBe('REJECTED');
  });

  it('forgets the order started last as soon as it closes when no closed order is kept', () => {
    const tracker = new OrderTracker(0);
    tracker.start(requestOf('x'), 1);
    expect(tracker.machine('x')?.status).toBe('PENDING_SUBMIT');
    tracker.transition('x', 'REJECTED', 2);
    expect(tracker.machine('x')).toBeUndefined();
    expect(tracker.get('x')).toBeUndefined();
    expect(tracker.transition('x', 'CANCELED', 3)).toBeUndefined();
  });
});
