import { Decimal, type Bar } from '@silvertine/core';

/** One point on the path a bar's price is assumed to have taken. */
export interface PathPoint {
  readonly price: Decimal;
  /** The share of the bar's volume assumed to have traded at this point. */
  readonly size: Decimal;
}

const FOUR = Decimal.from(4);

/**
 * Turns a bar into four synthetic prints: open, high and low in the order the price most likely took,
 * then close, each carrying a quarter of the volume. A bar does not say whether its high or its low came
 * first; we assume the extreme nearer the open came first (as NautilusTrader's adaptive ordering does),
 * which makes stops and limits within one bar resolve the way they most plausibly did.
 */
export function barPath(bar: Bar): readonly PathPoint[] {
  const size = bar.volume.div(FOUR, 'DOWN');
  const highFirst = bar.high.minus(bar.open).lte(bar.open.minus(bar.low));
  const [second, third] = highFirst ? [bar.high, bar.low] : [bar.low, bar.high];
  return [
    { price: bar.open, size },
    { price: second, size },
    { price: third, size },
    { price: bar.close, size },
  ];
}
