import type { BookLevel, Decimal } from '@silvertine/core';

/**
 * One side of a local order book: levels kept sorted best first (bids descending, asks ascending), found by
 * binary search, so an update costs O(log n) comparisons plus the array move and the top N is a slice.
 */
export class BookSide {
  private levels: BookLevel[] = [];

  constructor(private readonly descending: boolean) {}

  /**
   * Sets a level's absolute size; zero removes it. Removing a level the book does not hold is normal
   * (Binance's local-book procedure, point 9): nothing happens.
   */
  set(price: Decimal, size: Decimal): void {
    const i = this.indexOf(price);
    const found = i < this.levels.length && this.levels[i]!.price.eq(price);
    if (size.isZero()) {
      if (found) this.levels.splice(i, 1);
      return;
    }
    const level: BookLevel = { price, size };
    if (found) this.levels[i] = level;
    else this.levels.splice(i, 0, level);
  }

  /** Replaces the whole side (a snapshot). */
  reset(levels: readonly BookLevel[] = []): void {
    this.levels = [];
    for (const l of levels) this.set(l.price, l.size);
  }

  /** The best `n` levels, best first. */
  top(n: number): readonly BookLevel[] {
    return this.levels.slice(0, n);
  }

  get size(): number {
    return this.levels.length;
  }

  /** The first index whose price is not better than `price`. */
  private indexOf(price: Decimal): number {
    let lo = 0;
    let hi = this.levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.levels[mid]!.price.compare(price);
      if (this.descending ? c > 0 : c < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
