import { Decimal, dec, type RoundingMode } from '@silvertine/core';

/** IB's "unset" double (Double.MAX_VALUE); @stoqey/ib usually maps it to undefined, not always. */
const UNSET_DOUBLE = 1.7976931348623157e308;

/**
 * Reads a number @stoqey/ib decoded from the wire into a Decimal, once. The shortest decimal string
 * of a double round-trips the venue's text for every price TWS sends, so `String(x)` is exact there;
 * a value with more than 18 decimals is rounded (half-even) rather than rejected. With `step` the
 * value is rounded to that tick or lot so float noise never survives the mapper.
 */
export function fromIbNumber(value: number, step?: Decimal, rounding: RoundingMode = 'HALF_EVEN'): Decimal {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  let result: Decimal;
  try {
    result = dec(String(value));
  } catch {
    result = dec(value.toFixed(18)).round(18, rounding);
  }
  return step && step.isPositive() ? result.roundToStep(step, rounding) : result;
}

/** Like fromIbNumber, but undefined for missing or unset values (IB's MAX_VALUE, NaN). */
export function optionalIbNumber(value: number | undefined | null, step?: Decimal): Decimal | undefined {
  if (value === undefined || value === null || !Number.isFinite(value) || value >= UNSET_DOUBLE) return undefined;
  return fromIbNumber(value, step);
}

/** Zero for missing values (commission totals, P&L). */
export function ibNumberOrZero(value: number | undefined | null, step?: Decimal): Decimal {
  return optionalIbNumber(value, step) ?? Decimal.ZERO;
}
