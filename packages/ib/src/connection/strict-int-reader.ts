/** The integer readers of @stoqey/ib's Decoder (not in its typings), and the token reader they use. */
export interface IntReaders {
  readStr(): string;
  readInt(): number;
  readIntOrUndefined(): number | undefined;
}

/**
 * An integer as TWS writes one: an optional minus and digits (a zero fraction, "5.0", is tolerated), i.e.
 * /^-?\d+(?:\.0*)?$/. Checked by character codes, not that regex: an openOrder carries dozens of integer
 * fields, and the regex test was the adapter's largest own cost in decoding (issue #21 profile).
 */
export function isIntegerToken(token: string): boolean {
  const n = token.length;
  let i = token.charCodeAt(0) === 45 ? 1 : 0; // '-'
  const digitsFrom = i;
  while (i < n) {
    const c = token.charCodeAt(i);
    if (c < 48 || c > 57) break; // not '0'..'9'
    i++;
  }
  if (i === digitsFrom) return false;
  if (i === n) return true;
  if (token.charCodeAt(i) !== 46) return false; // '.'
  for (i++; i < n; i++) if (token.charCodeAt(i) !== 48) return false; // '0' only
  return true;
}

/** Digits that accumulate exactly in a double (10^15 < 2^53): longer ones are left to parseInt. */
const EXACT_DIGITS = 15;

/**
 * The value of an integer token as `parseInt(token, 10)` reads it, or NaN when `isIntegerToken` refuses
 * it: one pass that checks and accumulates the digits, instead of a check and then parseInt's own pass
 * (dozens of integer fields in every openOrder; issue #21).
 */
export function parseIntegerToken(token: string): number {
  const n = token.length;
  const negative = token.charCodeAt(0) === 45; // '-'
  let i = negative ? 1 : 0;
  const digitsFrom = i;
  let value = 0;
  while (i < n) {
    const c = token.charCodeAt(i);
    if (c < 48 || c > 57) break; // not '0'..'9'
    value = value * 10 + (c - 48);
    i++;
  }
  const digits = i - digitsFrom;
  if (digits === 0) return Number.NaN;
  if (i < n) {
    if (token.charCodeAt(i) !== 46) return Number.NaN; // '.'
    for (i++; i < n; i++) if (token.charCodeAt(i) !== 48) return Number.NaN; // '0' only
  }
  if (digits > EXACT_DIGITS) return parseInt(token, 10);
  return negative ? -value : value;
}

/** IB's "unset" integer (Integer.MAX_VALUE), which `readIntOrUndefined` reads as undefined. */
const UNSET_INT = 2147483647;

/**
 * Replaces, on one Decoder instance, @stoqey/ib's readInt and readIntOrUndefined, which use parseInt:
 * "12abc" would be read as order id 12 (someone else's order, or ours) and "1e5" as 1. Here a token
 * that is not an integer reads as NaN, never as a guess, so the adapter's decoders (`intField`) refuse
 * the message as a VenuePayloadError naming the field (`orderStatus.orderId`) and nothing of it is
 * applied; the connection stays up. An empty token keeps @stoqey/ib's meaning (0, or undefined).
 */
export function installStrictIntReaders(decoder: IntReaders): void {
  const read = (): number | undefined => {
    const token = decoder.readStr();
    if (token === '') return undefined;
    return parseIntegerToken(token);
  };
  decoder.readInt = () => read() ?? 0;
  decoder.readIntOrUndefined = () => {
    const value = read();
    return value === UNSET_INT ? undefined : value;
  };
}
