import { RateLimitError, type Clock } from '@silvertine/core';
import type { RateLimitSeeds } from '../mapping/instrument-mapping';

/**
 * One fixed window, like Binance's: counts reset at each interval boundary (minute, 10 s, UTC day).
 */
class FixedWindow {
  private used = 0;
  private windowStart = 0;

  constructor(
    public limit: number,
    private readonly intervalMs: number,
  ) {}

  /** Count used in the window containing `now`. */
  usedAt(now: number): number {
    this.roll(now);
    return this.used;
  }

  /** Milliseconds until the window containing `now` ends. */
  remainingMs(now: number): number {
    this.roll(now);
    return this.windowStart + this.intervalMs - now;
  }

  add(n: number, now: number): void {
    this.roll(now);
    this.used += n;
  }

  /** The venue's own count (from a response header) is the truth: adopt it. */
  correct(count: number, now: number): void {
    this.roll(now);
    this.used = count;
  }

  private roll(now: number): void {
    const start = now - (now % this.intervalMs);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
    }
  }
}

/** What the limiter reports for metrics and tests. */
export interface RateLimiterSnapshot {
  readonly weight1m: number;
  readonly orders10s: number;
  readonly orders1d: number;
  readonly blockedUntil: number;
  readonly bannedUntil: number;
}

/**
 * Client-side request-weight and order-count limits. Binance bans IPs that keep hitting 429, so the
 * client refuses locally (RateLimitError, nothing sent) before the venue would. Seeded from
 * exchangeInfo, corrected from the X-MBX-USED-WEIGHT-1M / X-MBX-ORDER-COUNT-* headers of every response,
 * blocked by a 429's Retry-After and stopped entirely by a 418 ban.
 *
 * `headroom` (0..1) keeps a share of each limit unused for other processes sharing the IP.
 */
export class RequestRateLimiter {
  private readonly weight = new FixedWindow(6000, 60_000);
  private readonly orders10s = new FixedWindow(50, 10_000);
  private readonly ordersDay = new FixedWindow(160_000, 86_400_000);
  private blockedUntil = 0;
  private bannedUntil = 0;

  constructor(
    private readonly clock: Clock,
    private readonly headroom = 0,
  ) {}

  /** Adopts the venue's limits (from exchangeInfo.rateLimits). */
  seed(limits: RateLimitSeeds): void {
    if (limits.requestWeightPerMinute) this.weight.limit = limits.requestWeightPerMinute;
    if (limits.ordersPer10s) this.orders10s.limit = limits.ordersPer10s;
    if (limits.ordersPerDay) this.ordersDay.limit = limits.ordersPerDay;
  }

  /**
   * Reserves `weight` (and one order when `isOrder`) or throws RateLimitError saying how long to wait.
   * Called before every request; nothing is sent when it throws.
   */
  acquire(weight: number, isOrder: boolean): void {
    const now = this.clock.now();
    if (now < this.bannedUntil) throw new RateLimitError(`binance: IP banned (418) for another ${this.bannedUntil - now} ms; REST calls stopped`, this.bannedUntil - now, { venueCode: 418 });
    if (now < this.blockedUntil) throw new RateLimitError(`binance: Retry-After in effect for another ${this.blockedUntil - now} ms`, this.blockedUntil - now, { venueCode: 429 });
    if (this.weight.usedAt(now) + weight > this.cap(this.weight)) {
      throw new RateLimitError(`binance: request weight ${this.weight.usedAt(now)}/${this.weight.limit} per minute used`, this.weight.remainingMs(now));
    }
    if (isOrder) {
      if (this.orders10s.usedAt(now) + 1 > this.cap(this.orders10s)) {
        throw new RateLimitError(`binance: ${this.orders10s.limit} orders per 10 s used`, this.orders10s.remainingMs(now));
      }
      if (this.ordersDay.usedAt(now) + 1 > this.cap(this.ordersDay)) {
        throw new RateLimitError(`binance: ${this.ordersDay.limit} orders per day used`, this.ordersDay.remainingMs(now));
      }
      this.orders10s.add(1, now);
      this.ordersDay.add(1, now);
    }
    this.weight.add(weight, now);
  }

  /** Corrects the counts from a response's headers (names lower-case). */
  observe(headers: Readonly<Record<string, string | undefined>>): void {
    const now = this.clock.now();
    const w = headerCount(headers, 'x-mbx-used-weight-1m');
    if (w !== undefined) this.weight.correct(w, now);
    const o10 = headerCount(headers, 'x-mbx-order-count-10s');
    if (o10 !== undefined) this.orders10s.correct(o10, now);
    const o1d = headerCount(headers, 'x-mbx-order-count-1d');
    if (o1d !== undefined) this.ordersDay.correct(o1d, now);
  }

  /**
   * Corrects the counts from a WebSocket API answer's `rateLimits` rows (already decoded): the WebSocket
   * API counts against the same IP weight and account order limits as REST (web-socket-api.md "Rate
   * limits"), so one limiter serves both.
   */
  observeUsage(rows: ReadonlyArray<{ readonly rateLimitType: string; readonly interval: string; readonly intervalNum: number; readonly count: number }>): void {
    const now = this.clock.now();
    for (const r of rows) {
      if (r.count < 0) continue;
      if (r.rateLimitType === 'REQUEST_WEIGHT' && r.interval === 'MINUTE' && r.intervalNum === 1) this.weight.correct(r.count, now);
      else if (r.rateLimitType === 'ORDERS' && r.interval === 'SECOND' && r.intervalNum === 10) this.orders10s.correct(r.count, now);
      else if (r.rateLimitType === 'ORDERS' && r.interval === 'DAY' && r.intervalNum === 1) this.ordersDay.correct(r.count, now);
    }
  }

  /** A window's limit less the headroom kept for other processes. */
  private cap(window: FixedWindow): number {
    return Math.floor(window.limit * (1 - this.headroom));
  }

  /** A 429: no request of any kind until `retryAfterMs` has passed. */
  block(retryAfterMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + retryAfterMs);
  }

  /** A 418: REST stops until the ban ends. */
  ban(durationMs: number): void {
    this.bannedUntil = Math.max(this.bannedUntil, this.clock.now() + durationMs);
  }

  snapshot(): RateLimiterSnapshot {
    const now = this.clock.now();
    return {
      weight1m: this.weight.usedAt(now),
      orders10s: this.orders10s.usedAt(now),
      orders1d: this.ordersDay.usedAt(now),
      blockedUntil: this.blockedUntil,
      bannedUntil: this.bannedUntil,
    };
  }
}

/** A count header's value when it is a plain unsigned integer; anything else is ignored (never trusted). */
function headerCount(headers: Readonly<Record<string, string | undefined>>, name: string): number | undefined {
  const v = headers[name];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}
