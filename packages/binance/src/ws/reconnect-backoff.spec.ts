import { reconnectDelay } from './reconnect-backoff';

describe('reconnectDelay', () => {
  it('doubles from 1 s to the 60 s cap', () => {
    const mid = () => 0.5; // jitter factor exactly 1
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((a) => reconnectDelay(a, 1_000, 60_000, mid))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('jitters within ±20 % and never above the cap', () => {
    expect(reconnectDelay(2, 1_000, 60_000, () => 0)).toBe(3_200);
    expect(reconnectDelay(2, 1_000, 60_000, () => 0.999)).toBeLessThan(4_800);
    expect(reconnectDelay(10, 1_000, 60_000, () => 0.999)).toBe(60_000);
  });
});
