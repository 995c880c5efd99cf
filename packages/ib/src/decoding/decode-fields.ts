import { Decimal, type OrderSide } from '@silvertine/core';

/**
 * A field of a TWS message that breaks its rule. Thrown by the decoders and turned into a
 * VenuePayloadError (with the message kind and an excerpt) by the broker's inbound boundary; nothing
 * the message carries is applied.
 */
export class IbPayloadError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
    value: unknown,
  ) {
    super(`${field}: ${rule} (got ${show(value)})`);
    this.name = 'IbPayloadError';
  }
}

/**
 * Largest magnitude a price, quantity or amount from TWS may have. @stoqey/ib parses fields with
 * parseFloat, so "1e400" arrives as Infinity and "1e300" as a finite double whose exact decimal has 300
 * digits; no real price, size or balance comes near 10^15.
 */
export const MAX_IB_MAGNITUDE = 1e15;
/** IB's "unset" double (Double.MAX_VALUE); @stoqey/ib usually maps it to undefined, not always. */
export const UNSET_DOUBLE = 1.7976931348623157e308;
/** Longest text field the adapter keeps (ids, refs, accounts, statuses): anything longer is not TWS's. */
const MAX_TEXT = 256;

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || value == null) return String(value);
  return typeof value;
}

/** An integer id (order id, client id, request id, code): a safe integer, at least `min`. */
export function intField(value: unknown, field: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw new IbPayloadError(field, `must be an integer ≥ ${min}`, value);
  return value;
}

/** Like intField, but undefined passes (IB's unset integers arrive as undefined). */
export function optionalIntField(value: unknown, field: string, min = 0): number | undefined {
  return value === undefined || value === null ? undefined : intField(value, field, min);
}

/** A text field: a string of at most 256 characters; `required` also refuses the empty string. */
export function textField(value: unknown, field: string, required = false): string {
  if (typeof value !== 'string' || value.length > MAX_TEXT || (required && value === '')) {
    throw new IbPayloadError(field, required ? 'must be non-empty text' : 'must be text', value);
  }
  return value;
}

/** Like textField, but undefined passes. */
export function optionalTextField(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : textField(value, field);
}

/** Bounds a number must keep, beyond being finite and within MAX_IB_MAGNITUDE. */
export interface NumberRule {
  /** Refuse zero and negatives. */
  readonly positive?: boolean;
  /** Refuse negatives. */
  readonly nonNegative?: boolean;
}

/**
 * A number @stoqey/ib decoded, read into a Decimal once: finite (NaN from "abc", Infinity from "1e400"
 * are refused), within MAX_IB_MAGNITUDE and the rule. The shortest decimal string of a double
 * round-trips what TWS sent; a value with more than 18 decimals is rounded (half-even), not refused.
 */
export function decimalField(value: unknown, field: string, rule: NumberRule = {}): Decimal {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > MAX_IB_MAGNITUDE) {
    throw new IbPayloadError(field, `must be a finite number within ±${MAX_IB_MAGNITUDE}`, value);
  }
  if (rule.positive && !(value > 0)) throw new IbPayloadError(field, 'must be positive', value);
  if (rule.nonNegative && value < 0) throw new IbPayloadError(field, 'must not be negative', value);
  const decimal = numberToDecimal(value);
  // A positive double below 10^-18 rounds to zero: a price or size of 0 is not what TWS meant either.
  if (rule.positive && !decimal.isPositive()) throw new IbPayloadError(field, 'must be positive at 18 decimal places', value);
  return decimal;
}

/** Like decimalField, but undefined, null and IB's unset double (Double.MAX_VALUE) pass as undefined. */
export function optionalDecimalField(value: unknown, field: string, rule: NumberRule = {}): Decimal | undefined {
  if (value === undefined || value === null || value === UNSET_DOUBLE) return undefined;
  return decimalField(value, field, rule);
}

/** A decimal carried as text (account summary values): core's bounded Decimal parse, else refused. */
export function decimalText(value: unknown, field: string): Decimal {
  const text = typeof value === 'string' && value.length <= 64 ? value.trim() : undefined;
  const parsed = text === undefined || text === '' ? undefined : Decimal.tryFrom(text);
  if (parsed === undefined) throw new IbPayloadError(field, 'must be a decimal number', value);
  return parsed;
}

/** An execution's side as TWS words it: BOT or SLD, nothing else (never guessed from the order). */
export function executionSide(value: unknown, field: string): OrderSide {
  if (value === 'BOT') return 'BUY';
  if (value === 'SLD') return 'SELL';
  throw new IbPayloadError(field, 'must be BOT or SLD', value);
}

/** An object field (contract, order, execution); anything else cannot be read. */
export function objectField<T extends object>(value: unknown, field: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new IbPayloadError(field, 'must be an object', value);
  return value as T;
}

/** A list (an answer of several rows); its rows are decoded one by one. */
export function listField(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new IbPayloadError(field, 'must be a list', value);
  return value;
}

/** A finite double as an exact Decimal (callers checked the bounds). */
function numberToDecimal(value: number): Decimal {
  if (Number.isSafeInteger(value)) return Decimal.from(value);
  try {
    return Decimal.from(String(value));
  } catch {
    return Decimal.from(value.toFixed(18)).round(18, 'HALF_EVEN');
  }
}

/**
 * Turns a refused payload into the error a read throws: the broker's VenuePayloadError, counted and
 * reported on the bus (see InteractiveBrokersBroker).
 */
export type PayloadRefusal = (kind: string, error: IbPayloadError, payload: unknown) => Error;

/** Runs a decoder over a read's answer; a refusal becomes the broker's payload error, thrown. */
export function decodeOrRefuse<T>(kind: string, payload: unknown, decode: (payload: unknown) => T, refuse: PayloadRefusal): T {
  try {
    return decode(payload);
  } catch (error) {
    if (error instanceof IbPayloadError) throw refuse(kind, error, payload);
    throw error;
  }
}
