import { ManualClock, RateLimitError } from '@silvertine/core';
import { RequestRateLimiter } from './request-rate-limiter';

describe('RequestRateLimiter (virtual time)', () => {
  it('refuses locally past the weight limit until the minute ends', () => {
    const clock = new ManualClock(60_000 * 100 + 10_000);
    const limiter = new RequestRateLimiter(clock);
    limiter.seed({ requestWeightPerMinute: 50 });
    limiter.acquire(30, false);
    limiter.acquire(20, false);
    let error: unknown;
    try {
      limiter.acquire(1, false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(50_000);
    clock.advance(50_000);
    expect(() => limiter.acquire(50, false)).not.toThrow();
  });

  it('counts orders per 10 s and per day', () => {
    const clock = new ManualClock(0);
    const limiter = new RequestRateLimiter(clock);
    limiter.seed({ ordersPer10s: 2, ordersPerDay: 3 });
    limiter.acquire(1, true);
    limiter.acquire(1, true);
    expect(() => limiter.acquire(1, true)).toThrow(/orders per 10 s/);
    expect(() => limiter.acquire(1, false)).not.toThrow();
    clock.advance(10_000);
    limiter.acquire(1, true);
    expect(() => limiter.acquire(1, true)).toThrow(/orders per day/);
  });

  it('adopts the venue counts from response headers', () => {
    const clock = new ManualClock(1_000);
    const limiter = new RequestRateLimiter(clock);
    limiter.seed({ requestWeightPerMinute: 100 });
    limiter.observe({ 'x-mbx-used-weight-1m': '95', 'x-mbx-order-count-10s': '3', 'x-mbx-order-count-1d': '7' });
    expect(limiter.snapshot()).toMatchObject({ weight1m: 95, orders10s: 3, orders1d: 7 });
    expect(() => limiter.acquire(6, false)).toThrow(RateLimitError);
  });

  it('honours Retry-After and stops everything during a 418 ban', () => {
    const clock = new ManualClock(0);
    const limiter = new RequestRateLimiter(clock);
    limiter.block(2_000);
    expect(() => limiter.acquire(1, false)).toThrow(/Retry-After/);
    clock.advance(2_000);
    limiter.acquire(1, false);
    limiter.ban(120_000);
    expect(() => limiter.acquire(1, false)).toThrow(expect.objectContaining({ venueCode: 418 }));
    clock.advance(120_000);
    expect(() => limiter.acquire(1, false)).not.toThrow();
  });
});
