import { dec, type Order, type OrderStatus } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { fill } from '../test/records';
import type { ShadowRecord } from './shadow-record';
import { ShadowRecorder } from './shadow-recorder';

function order(clientOrderId: string, status: OrderStatus, createdAt = 100): Order {
  const request = { clientOrderId, instrument: testInstrument(), side: 'BUY' as const, type: 'MARKET' as const, quantity: dec(1), timeInForce: 'GTC' as const };
  return { request, clientOrderId, status, filledQuantity: dec(0), remainingQuantity: dec(1), createdAt, updatedAt: createdAt };
}

function withId<T extends { clientOrderId: string }>(value: T, clientOrderId: string): T {
  return { ...value, clientOrderId };
}

describe('ShadowRecorder', () => {
  it('compares a pair once, when both legs are final, with each fill once per tradeId', () => {
    const done: ShadowRecord[] = [];
    const recorder = new ShadowRecorder((r) => done.push(r));
    recorder.begin(order('a', 'PENDING_SUBMIT'), 's-a');
    recorder.paperOrder(order('s-a', 'PENDING_SUBMIT', 105));
    const liveFill = withId(fill('BUY', '1', '100', 5, '0'), 'a');
    recorder.liveFill(liveFill);
    recorder.liveFill(liveFill);
    recorder.liveOrder(order('a', 'FILLED'));
    expect(done).toHaveLength(0); // paper still open
    recorder.paperFill(withId(fill('BUY', '1', '99', 6, '0'), 's-a'));
    recorder.paperOrder(order('s-a', 'FILLED', 105));
    recorder.paperOrder(order('s-a', 'FILLED', 105));
    expect(done).toHaveLength(1);
    expect(done[0].live.fills).toHaveLength(1);
    // the paper leg is timed from the live order's creation (100), not the mirror's (105)
    expect(done[0].paper).toMatchObject({ submittedAt: 100, status: 'FILLED' });
  });

  it('completes on a failed mirror once live is final, keeping the first reason', () => {
    const done: ShadowRecord[] = [];
    const recorder = new ShadowRecorder((r) => done.push(r));
    recorder.begin(order('b', 'PENDING_SUBMIT'), 's-b');
    recorder.failed('b', 'place: first');
    recorder.failed('b', 'cancel: second');
    expect(done).toHaveLength(0);
    recorder.liveOrder(order('b', 'CANCELED'));
    expect(done.map((r) => r.shadowFailure)).toEqual(['place: first']);
  });

  it('ignores streams of orders it never began and keeps only the newest pairs', () => {
    const recorder = new ShadowRecorder(undefined, 2);
    recorder.liveOrder(order('zz', 'FILLED'));
    recorder.paperFill(withId(fill('BUY', '1', '1', 1, '0'), 's-zz'));
    for (const id of ['c', 'd', 'e']) recorder.begin(order(id, 'PENDING_SUBMIT'), `s-${id}`);
    expect(recorder.records().map((r) => r.liveClientOrderId)).toEqual(['d', 'e']);
    expect(recorder.has('c')).toBe(false);
  });
});
