import { BackoffSchedule, backoffDelay } from './backoff-schedule';

describe('BackoffSchedule', () => {
  it('doubles from the initial delay up to the cap, and starts over on reset', () => {
    const s = new BackoffSchedule({ initialDelayMs: 1_000, maxDelayMs: 5_000, jitter: 0 });
    expect([s.next(), s.next(), s.next(), s.next()]).toEqual([1_000, 2_000, 4_000, 5_000]);
    s.reset();
    expect(s.next()).toBe(1_000);
  });

  it('draws the jittered fraction of each delay from the random source', () => {
    expect(backoffDelay(2, 1_000, 60_000, 0.5, () => 0)).toBe(2_000);
    expect(backoffDelay(2, 1_000, 60_000, 0.5, () => 0.999)).toBe(3_998);
    expect(backoffDelay(2_000, 1_000, 60_000, 0.2, () => 0.5)).toBe(54_000); // 2^2000 overflows to the cap
  });
});
