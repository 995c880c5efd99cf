import { BinanceApiError } from '../errors/binance-error';
import { weightOf } from './endpoint-weights';
import { DEFAULT_RATE_LIMITS } from './rate-limit.config';
import { RateLimiter } from './rate-limiter';

function rejection(fn: () => unknown): BinanceApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BinanceApiError) return e;
    throw e;
  }
  throw new Error('was admitted');
}

describe('RateLimiter', () => {
  let now = 1_700_000_020_000; // 40 s into a minute
  const clock = () => now;

  it('counts weight in the current minute and reports it in headers', () => {
    const limiter = new RateLimiter(DEFAULT_RATE_LIMITS, clock);
    limiter.admit(20, false);
    const usage = limiter.admit(1, true);
    expect(usage).toEqual({ weight1m: 21, orders10s: 1, orders1d: 1 });
    expect(RateLimiter.headers(usage, true)).toMatchObject({ 'X-MBX-USED-WEIGHT-1M': '21', 'X-MBX-ORDER-COUNT-10S': '1', 'X-MBX-ORDER-COUNT-1D': '1' });
    now += 20_000; // next minute
    expect(limiter.usage().weight1m).toBe(0);
  });

  it('answers 429 -1003 with Retry-After until the window ends, then 418 after repeated violations', () => {
    now = 1_700_000_020_000;
    const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, requestWeightPerMinute: 10, violationsBeforeBan: 2, banMs: 120_000 }, clock);
    limiter.admit(10, false);
    const first = rejection(() => limiter.admit(1, false));
    expect(first.status).toBe(429);
    expect(first.code).toBe(-1003);
    expect(first.headers['Retry-After']).toBe('20');
    expect(rejection(() => limiter.admit(1, false)).status).toBe(429);
    const ban = rejection(() => limiter.admit(1, false));
    expect(ban.status).toBe(418);
    expect(ban.msg).toContain(`IP banned until ${now + 120_000}`);
    now += 60_000; // new window, still banned
    expect(rejection(() => limiter.admit(1, false)).headers['Retry-After']).toBe('60');
    now += 60_000;
    expect(limiter.admit(1, false).weight1m).toBe(1);
  });

  it('limits orders per 10 seconds with -1015', () => {
    now = 1_700_000_020_000;
    const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, ordersPer10s: 2 }, clock);
    limiter.admit(1, true);
    limiter.admit(1, true);
    const e = rejection(() => limiter.admit(1, true));
    expect(e.body()).toEqual({ code: -1015, msg: 'Too many new orders; current limit is 2 orders per 10 SECOND.' });
    expect(e.headers['X-MBX-ORDER-COUNT-10S']).toBe('3');
    now += 10_000;
    expect(limiter.admit(1, true).orders10s).toBe(1);
  });

  it('weighs endpoints by parameters', () => {
    expect(weightOf('GET /api/v3/exchangeInfo', false)).toBe(20);
    expect(weightOf('GET /api/v3/openOrders', true)).toBe(6);
    expect(weightOf('GET /api/v3/openOrders', false)).toBe(80);
    expect(weightOf('GET /api/v3/depth', true, 1000)).toBe(50);
  });
});
