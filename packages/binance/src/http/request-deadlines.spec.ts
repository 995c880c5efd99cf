import { ManualClock } from '@silvertine/core';
import { RequestDeadlines, type RequestDeadline } from './request-deadlines';

describe('RequestDeadlines', () => {
  const clock = new ManualClock(1_000);
  const expired: string[] = [];
  const deadline = (name: string, timeoutMs: number, deadlines: RequestDeadlines): RequestDeadline => {
    const d = { deadlineAt: deadlines.deadlineIn(timeoutMs), expire: () => void expired.push(name) };
    deadlines.add(d);
    return d;
  };
  beforeEach(() => (expired.length = 0));

  it('expires each request exactly at its deadline, on one timer, and holds none when idle', () => {
    const deadlines = new RequestDeadlines(clock);
    deadline('a', 100, deadlines);
    clock.advance(10);
    const b = deadline('b', 100, deadlines);
    deadline('c', 50, deadlines); // earlier than a's: the timer is re-armed for it
    expect(clock.pendingTimers).toBe(1);
    clock.advance(49);
    expect(expired).toEqual([]);
    clock.advance(1);
    expect(expired).toEqual(['c']);
    clock.advance(39);
    expect(expired).toEqual(['c']);
    clock.advance(1);
    expect(expired).toEqual(['c', 'a']);
    deadlines.delete(b); // settled in time: never expires, and the idle transport holds no timer
    expect(clock.pendingTimers).toBe(0);
    clock.advance(1_000);
    expect(expired).toEqual(['c', 'a']);
  });

  it('drops its timer on close', () => {
    const deadlines = new RequestDeadlines(clock);
    deadline('a', 100, deadlines);
    deadlines.close();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(1_000);
    expect(expired).toEqual([]);
  });
});
