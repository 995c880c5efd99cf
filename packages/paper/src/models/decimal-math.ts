import { Decimal } from '@silvertine/core';

/**
 * Small helpers for paper's hot path over core's Decimal. Each one avoids work whose result is known
 * (a multiplier of 1, a constant parsed per call); none changes a result.
 */

/** 2, parsed once (halving a spread for the mid). */
export const TWO = Decimal.from(2);

/** `value × multiplier`, skipping the multiplication when the multiplier is 1 (spot, most stocks). */
export function timesMultiplier(value: Decimal, multiplier: Decimal): Decimal {
  return multiplier.eq(Decimal.ONE) ? value : value.times(multiplier);
}

/** Mid of a bid and an ask (exact to 18 places, half-even). */
export function midOf(bid: Decimal, ask: Decimal): Decimal {
  return bid.plus(ask).div(TWO);
}
