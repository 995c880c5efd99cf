import { backoffDelay } from './backoff.policy';

describe('backoffDelay', () => {
  it('grows exponentially up to the cap and stops after maxAttempts', () => {
    const policy = { initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2, maxAttempts: 6 };
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffDelay(policy, a))).toEqual([100, 200, 400, 800, 1000, 1000, undefined]);
    expect(backoffDelay({ ...policy, maxAttempts: 0 }, 1000)).toBe(1000);
  });
});
