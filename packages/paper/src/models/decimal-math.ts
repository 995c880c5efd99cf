import { Decimal } from '@silvertine/core';

/**
 * Small helpers for paper's hot path over core's Decimal. Each one avoids work whose result is known
 * (a multiplier of 1, a constant parsed per call); none changes a result.
 */

/** 0.5, parsed once (halving a spread for the mid). */
const HALF = Decimal.from('0.5');

/** `value × multiplier`, skipping the multiplication when the multiplier is 1 (spot, most stocks). */
export function timesMultiplier(value: Decimal, multiplier: Decimal): Decimal {
  return multiplier.eq(Decimal.ONE) ? value : value.times(multiplier);
}

/**
 * Mid of a bid and an ask (exact to 18 places, half-even): `(bid + ask) / 2`, computed as `× 0.5`. Both
 * are the exact half rounded half-even at the 18th place, so the value is the same; the product stays in
 * safe-integer arithmetic, where halving an odd mantissa took core's BigInt division on every quote.
 */
export function midOf(bid: Decimal, ask: Decimal): Decimal {
  return bid.plus(ask).times(HALF);
}
