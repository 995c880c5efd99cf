import { Decimal } from '@silvertine/core';
import { midOf } from '../models/decimal-math';

const DAY_MS = 86_400_000;
/** Decimal places a Decimal holds at most (core's DECIMAL_SCALE). */
const MAX_PLACES = 18;

/**
 * Running estimates of daily volatility (σ) and average daily volume (ADV) for one symbol, for the
 * MARKET_IMPACT slippage model when its config does not give them.
 *
 * σ: standard deviation of simple returns between consecutive observed prices (Welford's online
 * algorithm), scaled to a day by √(observations per day) from the mean spacing of observations.
 * ADV: traded volume seen, divided by the days spanned. Both are statistics, so float maths is fine.
 */
export class MarketStats {
  private lastPrice?: number;
  private count = 0;
  private mean = 0;
  private m2 = 0;
  private firstTime?: number;
  private lastTime?: number;
  private volume = Decimal.ZERO;

  /** Records a price observation (trade price, bar close, or quote mid). */
  observePrice(price: Decimal, timestamp: number): void {
    this.observe(price.toNumber(), timestamp);
  }

  /**
   * Records a quote's mid exactly as `observePrice(midOf(bid, ask), timestamp)` would, building one
   * Decimal (the sum) instead of two: the exact mid's nearest double is the sum's nearest double halved
   * (halving a double is exact), unless the mid needs a 19th decimal place, which the Decimal mid rounds
   * at the 18th. Every quote before the first trade comes here (issue 21).
   */
  observeMid(bid: Decimal, ask: Decimal, timestamp: number): void {
    const sum = bid.plus(ask);
    this.observe(sum.decimalPlaces() < MAX_PLACES ? sum.toNumber() / 2 : midOf(bid, ask).toNumber(), timestamp);
  }

  private observe(p: number, timestamp: number): void {
    if (this.firstTime === undefined) this.firstTime = timestamp;
    if (this.lastPrice !== undefined && this.lastPrice > 0 && timestamp > (this.lastTime ?? timestamp - 1)) {
      const r = p / this.lastPrice - 1;
      this.count++;
      const delta = r - this.mean;
      this.mean += delta / this.count;
      this.m2 += delta * (r - this.mean);
    }
    if (this.lastTime === undefined || timestamp >= this.lastTime) {
      this.lastPrice = p;
      this.lastTime = timestamp;
    }
  }

  /** Records traded volume. */
  observeVolume(size: Decimal): void {
    this.volume = this.volume.plus(size);
  }

  /** Daily volatility as a fraction, or undefined before two returns over a positive time span. */
  sigma(): number | undefined {
    const span = this.span();
    if (this.count < 2 || span <= 0) return undefined;
    const perObservation = Math.sqrt(this.m2 / (this.count - 1));
    const observationsPerDay = DAY_MS / (span / this.count);
    return perObservation * Math.sqrt(observationsPerDay);
  }

  /** Average daily volume, or undefined before any volume over a positive time span. */
  adv(): Decimal | undefined {
    const span = this.span();
    if (span <= 0 || !this.volume.isPositive()) return undefined;
    return this.volume.times(Decimal.from(DAY_MS)).div(Decimal.from(span));
  }

  private span(): number {
    return this.firstTime === undefined || this.lastTime === undefined ? 0 : this.lastTime - this.firstTime;
  }
}
