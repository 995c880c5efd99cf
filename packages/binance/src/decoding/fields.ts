import { PayloadRejection, shown } from './payload-rejection';

/** A JSON object as received: nothing about its fields is known until a reader below checks them. */
export type Json = Readonly<Record<string, unknown>>;

// Binance sends every price, quantity and balance as a plain decimal string ("0.10264410"): no sign
// (except signed deltas), no exponent, at most 18 decimals (core's Decimal scale). Anything else
// ("NaN", "1e400", 40 decimals, a number) is refused here, in time linear in its length, before
// `dec()` could spend time on it or round it.
const UNSIGNED_DECIMAL = /^\d{1,24}(?:\.\d{1,18})?$/;
const SIGNED_DECIMAL = /^-?\d{1,24}(?:\.\d{1,18})?$/;

/** The field's name for a message: `at` is a constant prefix such as `balances[]` (built only on failure). */
function name(key: string, at: string | undefined): string {
  return at === undefined ? key : `${at}.${key}`;
}

/** `value` as an object (not null, not an array). */
export function record(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PayloadRejection(field, 'must be an object', shown(value));
  return value as Json;
}

/** `value` as an array of at most `max` entries. */
export function list(value: unknown, field: string, max: number): readonly unknown[] {
  if (!Array.isArray(value)) throw new PayloadRejection(field, 'must be an array', shown(value));
  if (value.length > max) throw new PayloadRejection(field, `must have at most ${max} entries`, String(value.length));
  return value;
}

/** A non-empty string of at most `max` characters. */
export function text(o: Json, key: string, max: number, at?: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw new PayloadRejection(name(key, at), `must be a string of 1 to ${max} characters`, shown(v));
  return v;
}

/** Like `text`, or undefined when absent or null. */
export function optionalText(o: Json, key: string, max: number, at?: string): string | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : text(o, key, max, at);
}

/** A string of at most `max` characters, empty allowed (Binance sends "" for "none"). */
export function textOrEmpty(o: Json, key: string, max: number, at?: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length > max) throw new PayloadRejection(name(key, at), `must be a string of at most ${max} characters`, shown(v));
  return v;
}

/** An unsigned plain decimal string (price, quantity, balance). */
export function decimalText(o: Json, key: string, at?: string): string {
  const v = o[key];
  if (typeof v !== 'string' || !UNSIGNED_DECIMAL.test(v)) throw new PayloadRejection(name(key, at), 'must be an unsigned decimal string with at most 18 decimals', shown(v));
  return v;
}

/** Like `decimalText`, or undefined when absent. */
export function optionalDecimalText(o: Json, key: string, at?: string): string | undefined {
  return o[key] === undefined ? undefined : decimalText(o, key, at);
}

/** A plain decimal string that may be negative (a balance delta). */
export function signedDecimalText(o: Json, key: string, at?: string): string {
  const v = o[key];
  if (typeof v !== 'string' || !SIGNED_DECIMAL.test(v)) throw new PayloadRejection(name(key, at), 'must be a decimal string with at most 18 decimals', shown(v));
  return v;
}

/** An unsigned plain decimal string held by an array slot (a depth level's price or size). */
export function decimalAt(value: unknown, field: string): string {
  if (typeof value !== 'string' || !UNSIGNED_DECIMAL.test(value)) throw new PayloadRejection(field, 'must be an unsigned decimal string with at most 18 decimals', shown(value));
  return value;
}

/** A safe integer (ids, epoch milliseconds; Binance uses -1 for "none"). */
export function integer(o: Json, key: string, at?: string): number {
  const v = o[key];
  if (!Number.isSafeInteger(v)) throw new PayloadRejection(name(key, at), 'must be an integer', shown(v));
  return v as number;
}

/** Like `integer`, or undefined when absent. */
export function optionalInteger(o: Json, key: string, at?: string): number | undefined {
  return o[key] === undefined ? undefined : integer(o, key, at);
}

/** A boolean. */
export function flag(o: Json, key: string, at?: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new PayloadRejection(name(key, at), 'must be a boolean', shown(v));
  return v;
}

/** Like `flag`, or undefined when absent. */
export function optionalFlag(o: Json, key: string, at?: string): boolean | undefined {
  return o[key] === undefined ? undefined : flag(o, key, at);
}

/** "BUY" or "SELL". */
export function side(o: Json, key: string, at?: string): 'BUY' | 'SELL' {
  const v = o[key];
  if (v !== 'BUY' && v !== 'SELL') throw new PayloadRejection(name(key, at), 'must be BUY or SELL', shown(v));
  return v;
}

/** One of the `allowed` words (an order status, an execution type): anything else is refused, not mapped to a guess. */
export function oneOf<T extends string>(o: Json, key: string, allowed: ReadonlySet<T>, at?: string): T {
  const v = o[key];
  if (typeof v !== 'string' || !allowed.has(v as T)) throw new PayloadRejection(name(key, at), `must be one of ${[...allowed].join(', ')}`, shown(v));
  return v as T;
}

/** A non-empty string of at most `max` characters held by an array slot. */
export function textAt(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw new PayloadRejection(field, `must be a string of 1 to ${max} characters`, shown(value));
  return value;
}
