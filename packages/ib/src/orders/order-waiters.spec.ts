import { ManualClock, TemporaryConnectionError } from '@silvertine/core';
import { OrderWaiters } from './order-waiters';

describe('OrderWaiters (one shared deadline timer on the injected clock)', () => {
  it('resolves on a matching status and ignores the others', async () => {
    const clock = new ManualClock(0);
    const waiters = new OrderWaiters(clock, 'b');
    const cancel = waiters.wait(1, (s) => s === 'Cancelled', 1_000, 'cancel');
    waiters.status(1, 'Submitted');
    waiters.status(1, 'Cancelled');
    await expect(cancel).resolves.toBe('Cancelled');
    expect(clock.pendingTimers).toBeLessThanOrEqual(1);
  });

  it('times out each waiter at its own deadline, not earlier, and only the late ones', async () => {
    const clock = new ManualClock(0);
    const waiters = new OrderWaiters(clock, 'b');
    const results: string[] = [];
    const track = (p: Promise<string>, name: string) => p.then(() => results.push(`${name}:ok`), (e: Error & { code: string }) => results.push(`${name}:${e.code}`));
    const a = track(waiters.wait(1, () => true, 1_000, 'a'), 'a');
    clock.advance(400);
    const b = track(waiters.wait(2, () => true, 1_000, 'b'), 'b');
    const c = track(waiters.wait(3, () => true, 200, 'c'), 'c'); // an earlier deadline than a's re-arms the timer
    clock.advance(599); // t = 999: c expired at 600, a not yet
    await new Promise(setImmediate);
    expect(results).toEqual(['c:TIMEOUT']);
    waiters.status(2, 'Submitted');
    clock.advance(1); // t = 1000: a expires
    await Promise.all([a, b, c]);
    expect(results.sort()).toEqual(['a:TIMEOUT', 'b:ok', 'c:TIMEOUT']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fails every waiter of a dropped connection', async () => {
    const waiters = new OrderWaiters(new ManualClock(0), 'b');
    const one = waiters.wait(1, () => true, 1_000, 'x');
    const two = waiters.wait(2, () => true, 1_000, 'y');
    waiters.failAll(new TemporaryConnectionError('gone'));
    await expect(one).rejects.toMatchObject({ code: 'TEMPORARY_CONNECTION' });
    await expect(two).rejects.toMatchObject({ code: 'TEMPORARY_CONNECTION' });
  });
});
