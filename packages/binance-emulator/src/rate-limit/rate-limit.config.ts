/** Limits the emulator enforces; defaults are Binance Spot's published ones. */
export interface RateLimitConfig {
  /** REQUEST_WEIGHT per 1 minute (6000 on Binance). */
  readonly requestWeightPerMinute: number;
  /** ORDERS per 10 seconds (50). */
  readonly ordersPer10s: number;
  /** ORDERS per day (160000). */
  readonly ordersPerDay: number;
  /** Rejections with 429 after which the client is banned with 418. */
  readonly violationsBeforeBan: number;
  /** Length of a 418 ban in ms (Binance starts at 2 minutes and grows up to 3 days). */
  readonly banMs: number;
}

/** Binance Spot's published limits. */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  requestWeightPerMinute: 6000,
  ordersPer10s: 50,
  ordersPerDay: 160000,
  violationsBeforeBan: 3,
  banMs: 120_000,
};
