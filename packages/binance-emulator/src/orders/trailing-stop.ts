import { dec, type Decimal } from '@silvertine/core';
import type { OrderRecord } from './order-record';

const BIPS = dec('10000');

/**
 * One market move applied to a trailing stop (Binance's Trailing Stop FAQ): `trailingDelta` is in basis
 * points. Without a stopPrice the order trails from placement; with one, stopPrice is the activation price
 * (reached from below for a SELL, from above for a BUY) and trailing starts there. Once trailing, a SELL
 * follows the highest price since activation and triggers when the price falls `trailingDelta` below it;
 * a BUY follows the lowest and triggers when the price rises `trailingDelta` above it.
 * Mutates `order.trail` (the extreme so far and `trailingTime`); returns true when the order triggers.
 */
export function trailingStopMoves(order: OrderRecord, last: Decimal, now: number): boolean {
  const trail = order.trail;
  const delta = order.trailingDelta;
  if (!trail || delta === undefined) return false;
  const sell = order.side === 'SELL';
  if (trail.extreme === undefined) {
    // No activation price (stopPrice 0): trailing starts at the first price seen.
    const reached = order.stopPrice.isZero() || (sell ? last.gte(order.stopPrice) : last.lte(order.stopPrice));
    if (!reached) return false;
    trail.extreme = last;
    trail.time = now;
    return false;
  }
  const fraction = dec(delta).div(BIPS);
  if (sell) {
    if (last.gt(trail.extreme)) trail.extreme = last;
    return last.lte(trail.extreme.times(dec(1).minus(fraction)));
  }
  if (last.lt(trail.extreme)) trail.extreme = last;
  return last.gte(trail.extreme.times(dec(1).plus(fraction)));
}
