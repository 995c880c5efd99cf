import { Decimal, type DecimalLike } from '@silvertine/core';

/**
 * A control argument (a price, a size, a cash amount, a downtime) that breaks its rule. Thrown before
 * anything changes, so a refused command leaves the emulator exactly as it was.
 */
export class ControlArgumentError extends Error {
  constructor(readonly field: string, readonly rule: string, got: unknown) {
    super(`${field} ${rule}, got ${JSON.stringify(String(got).slice(0, 40))}${String(got).length > 40 ? '…' : ''}`);
    this.name = 'ControlArgumentError';
  }
}

/**
 * The longest downtime `refuse` or `restart` accepts: one hour. A longer (or unbounded: `1e400`, `abc`
 * read as Infinity/NaN) downtime would leave the emulator deaf for the rest of a test run.
 */
export const MAX_CONTROL_DOWNTIME_MS = 3_600_000;

/** A bounded Decimal, or the error naming `field`. Strings stay strings until Decimal parses them. */
function boundedDecimal(field: string, raw: DecimalLike): Decimal {
  if (typeof raw === 'number' && !Number.isFinite(raw)) throw new ControlArgumentError(field, 'must be a finite decimal', raw);
  const value = Decimal.tryFrom(raw);
  if (value === undefined || !value.isBounded()) throw new ControlArgumentError(field, 'must be a decimal within bounds', raw);
  return value;
}

/** A price (bid, ask, last): positive. */
export function priceArgument(field: string, raw: DecimalLike): Decimal {
  const value = boundedDecimal(field, raw);
  if (!value.isPositive()) throw new ControlArgumentError(field, 'must be positive', raw);
  return value;
}

/** A size (bidSize, askSize, lastSize): zero or more. */
export function sizeArgument(field: string, raw: DecimalLike): Decimal {
  const value = boundedDecimal(field, raw);
  if (value.isNegative()) throw new ControlArgumentError(field, 'must be zero or more', raw);
  return value;
}

/** A cash balance: any bounded decimal (a negative one models a margin debit a test may want to see). */
export function amountArgument(field: string, raw: DecimalLike): Decimal {
  return boundedDecimal(field, raw);
}

/**
 * A downtime in milliseconds: an integer in 0..MAX_CONTROL_DOWNTIME_MS, given as a number or as digits
 * only (no sign, exponent, fraction or `Infinity`).
 */
export function downtimeArgument(field: string, raw: unknown): number {
  const value = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_CONTROL_DOWNTIME_MS) {
    throw new ControlArgumentError(field, `must be an integer number of milliseconds in 0..${MAX_CONTROL_DOWNTIME_MS}`, raw);
  }
  return value;
}
