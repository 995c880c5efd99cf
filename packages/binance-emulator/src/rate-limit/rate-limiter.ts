import { BinanceApiError } from '../errors/binance-error';
import type { RateLimitConfig } from './rate-limit.config';

const MINUTE = 60_000;
const TEN_SECONDS = 10_000;
const DAY = 86_400_000;

/** Counters after a request was admitted (what the X-MBX-* headers and `rateLimits` report). */
export interface RateUsage {
  readonly weight1m: number;
  readonly orders10s: number;
  readonly orders1d: number;
}

/** A fixed window counter aligned to the interval, as Binance's limits are (per minute from :00). */
class WindowCounter {
  private windowStart = -1;
  private count = 0;

  constructor(private readonly intervalMs: number) {}

  current(now: number): number {
    this.roll(now);
    return this.count;
  }

  add(now: number, n: number): number {
    this.roll(now);
    this.count += n;
    return this.count;
  }

  /** Ms until this window resets. */
  remaining(now: number): number {
    return this.intervalMs - (now % this.intervalMs);
  }

  private roll(now: number): void {
    const start = now - (now % this.intervalMs);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.count = 0;
    }
  }
}

/**
 * Request-weight and order-count limits with Binance's answers: 429 and -1003/-1015 with Retry-After
 * past a limit, and 418 for `banMs` once a client has been told 429 `violationsBeforeBan` times.
 * Time comes from the injected clock so that tests move it instead of sleeping.
 */
export class RateLimiter {
  private readonly weight = new WindowCounter(MINUTE);
  private readonly orders10s = new WindowCounter(TEN_SECONDS);
  private readonly ordersDay = new WindowCounter(DAY);
  private violations = 0;
  private bannedUntil = 0;

  constructor(
    private config: RateLimitConfig,
    private readonly clock: () => number,
  ) {}

  /** Current limits (exchangeInfo and the `rateLimits` arrays report them). */
  get limits(): RateLimitConfig {
    return this.config;
  }

  /** Changes limits at run time (control interface). */
  configure(changes: Partial<RateLimitConfig>): void {
    this.config = { ...this.config, ...changes };
  }

  /** Clears counters, violations and any ban. */
  reset(): void {
    this.violations = 0;
    this.bannedUntil = 0;
    const now = this.clock();
    this.weight.add(now, -this.weight.current(now));
    this.orders10s.add(now, -this.orders10s.current(now));
    this.ordersDay.add(now, -this.ordersDay.current(now));
  }

  /**
   * Counts a request of `weight` (and one order when `isOrder`). Throws BinanceApiError (429 or 418,
   * with Retry-After in seconds and usage headers) when it is over a limit; returns the usage otherwise.
   */
  admit(weight: number, isOrder: boolean): RateUsage {
    const now = this.clock();
    if (now < this.bannedUntil) throw this.banError(now);
    const used = this.weight.add(now, weight);
    if (used > this.config.requestWeightPerMinute) {
      return this.violation(now, this.weight.remaining(now),
        `Too much request weight used; current limit is ${this.config.requestWeightPerMinute} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`, -1003);
    }
    if (isOrder) {
      const tenS = this.orders10s.add(now, 1);
      const day = this.ordersDay.add(now, 1);
      if (tenS > this.config.ordersPer10s) {
        return this.violation(now, this.orders10s.remaining(now), `Too many new orders; current limit is ${this.config.ordersPer10s} orders per 10 SECOND.`, -1015);
      }
      if (day > this.config.ordersPerDay) {
        return this.violation(now, this.ordersDay.remaining(now), `Too many new orders; current limit is ${this.config.ordersPerDay} orders per 1 DAY.`, -1015);
      }
    }
    return this.usage();
  }

  /** Counters now, without counting anything. */
  usage(): RateUsage {
    const now = this.clock();
    return { weight1m: this.weight.current(now), orders10s: this.orders10s.current(now), orders1d: this.ordersDay.current(now) };
  }

  /** Ban the client now for `ms` (fault injection of 418). */
  ban(ms: number = this.config.banMs): void {
    this.bannedUntil = this.clock() + ms;
  }

  /** The X-MBX-* headers for a usage; order counts only on order endpoints, as Binance does. */
  static headers(usage: RateUsage, withOrders: boolean): Record<string, string> {
    const h: Record<string, string> = {
      'X-MBX-USED-WEIGHT': String(usage.weight1m),
      'X-MBX-USED-WEIGHT-1M': String(usage.weight1m),
    };
    if (withOrders) {
      h['X-MBX-ORDER-COUNT-10S'] = String(usage.orders10s);
      h['X-MBX-ORDER-COUNT-1D'] = String(usage.orders1d);
    }
    return h;
  }

  private violation(now: number, retryMs: number, msg: string, code: number): never {
    this.violations++;
    if (this.violations > this.config.violationsBeforeBan) {
      this.bannedUntil = now + this.config.banMs;
      throw this.banError(now);
    }
    throw new BinanceApiError(429, code, msg, { 'Retry-After': String(Math.ceil(retryMs / 1000)), ...RateLimiter.headers(this.usage(), code === -1015) }, {
      serverTime: now,
      retryAfter: now + retryMs,
    });
  }

  private banError(now: number): BinanceApiError {
    return new BinanceApiError(
      418,
      -1003,
      `Way too much request weight used; IP banned until ${this.bannedUntil}. Please use WebSocket Streams for live updates to avoid bans.`,
      { 'Retry-After': String(Math.ceil((this.bannedUntil - now) / 1000)), ...RateLimiter.headers(this.usage(), false) },
      { serverTime: now, retryAfter: this.bannedUntil },
    );
  }
}
