/**
 * Exact decimal value type for prices, quantities and money.
 *
 * Why exact decimals: venues send prices and quantities as decimal strings, and binary floats cannot
 * represent most of them (0.1 + 0.2 !== 0.3). Every value here is exact, and multiplication/division
 * round only below the 18th decimal place.
 *
 * Two representations, one value semantics:
 * - small: `m × 10^-s`, with `m` a safe integer (|m| < 2^53) and 0 ≤ s ≤ 18. Prices and quantities as
 *   venues send them ("50000.01", "0.001") are small, and so are their sums and most products. Small
 *   arithmetic is integer arithmetic on JS numbers, exact because every intermediate is checked to
 *   stay a safe integer (IEEE rounding is monotonic, so a result that tests safe was computed exactly).
 * - big: the same with a bigint mantissa, for anything with more significant digits than a safe integer
 *   holds (1e12 USDT to 8 places, 1/3 to 18 places).
 * An operation whose small result would not be exact falls back to bigint mantissas. Every result is
 * stored canonically (small whenever it fits, no trailing zeros in the mantissa), so equal values have
 * equal fields, which keeps structural equality (`toEqual`) meaning value equality. `bench/decimal.bench.ts`
 * measures it against big.js and decimal.js.
 *
 * Parsing is bounded (`decimalLimits()`: 38 significant digits, magnitude below 10^65 by default) and
 * linear in the input, because its text comes from outside: a venue, a file, an operator.
 */
import { DecimalError } from './decimal-error';
import { decimalLimits, scanDecimalText } from './decimal-text';

export { DecimalError } from './decimal-error';
export { DEFAULT_DECIMAL_LIMITS, decimalLimits, setDecimalLimits, type DecimalLimits } from './decimal-text';

/** Number of decimal places every `Decimal` carries. 18 covers every venue's tick and step sizes. */
export const DECIMAL_SCALE = 18;
const POWERS_OF_TEN: readonly bigint[] = Array.from({ length: 64 }, (_, i) => 10n ** BigInt(i));
/** 10^0 … 10^22 as doubles: all exact. */
const POWERS_OF_TEN_NUMBER: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);
/** k for each 10^k a safe integer can be: dividing by it only moves the decimal point. */
const EXPONENT_OF_POWER: ReadonlyMap<number, number> = new Map(POWERS_OF_TEN_NUMBER.slice(0, 16).map((p, k) => [p, k]));
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const BILLION = 10n ** 9n;
const PLAIN_PATTERN = /^(-?)(\d+)(?:\.(\d{1,18}))?$/;

/** How a result that falls between two representable values is rounded. */
export type RoundingMode = 'DOWN' | 'UP' | 'HALF_UP' | 'HALF_EVEN' | 'FLOOR' | 'CEIL';

/** Anything that can be turned into a Decimal without loss. */
export type DecimalLike = Decimal | string | bigint | number;

function pow10(exponent: number): bigint {
  return POWERS_OF_TEN[exponent] ?? 10n ** BigInt(exponent);
}

/** `m × 10^k` when it is still a safe integer, NaN otherwise (NaN fails every later safety check). */
function scaleUp(m: number, k: number): number {
  if (k === 0) return m;
  const r = m * POWERS_OF_TEN_NUMBER[k];
  return Number.isSafeInteger(r) ? r : Number.NaN;
}

/**
 * Integer division of n by d (d ≠ 0) with the given rounding. The truncated quotient is adjusted by
 * one away from zero when the mode asks for it; the remainder (same sign as n, |r| < |d|) decides.
 */
function divideRounded(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new DecimalError('division by zero');
  const q = n / d; // truncates toward zero
  const r = n - q * d; // the remainder without a second division
  if (r === 0n) return q;
  const negative = n < 0n !== d < 0n;
  const awayFromZero = negative ? q - 1n : q + 1n;
  if (mode === 'DOWN') return q;
  if (mode === 'UP') return awayFromZero;
  if (mode === 'FLOOR') return negative ? awayFromZero : q;
  if (mode === 'CEIL') return negative ? q : awayFromZero;
  const twiceR = (r < 0n ? -r : r) * 2n;
  const absD = d < 0n ? -d : d;
  if (twiceR !== absD) return twiceR > absD ? awayFromZero : q;
  return mode === 'HALF_UP' || q % 2n !== 0n ? awayFromZero : q;
}

/** The same as `divideRounded` for safe integers (exact: every step stays a safe integer). */
function divideRoundedNumber(n: number, d: number, mode: RoundingMode): number {
  const r = n % d; // exact for integers, with the sign of n
  const q = (n - r) / d; // exact: n − r is a multiple of d
  if (r === 0) return q;
  const negative = n < 0 !== d < 0;
  const awayFromZero = negative ? q - 1 : q + 1;
  if (mode === 'DOWN') return q;
  if (mode === 'UP') return awayFromZero;
  if (mode === 'FLOOR') return negative ? awayFromZero : q;
  if (mode === 'CEIL') return negative ? q : awayFromZero;
  const twiceR = Math.abs(r) * 2;
  const absD = Math.abs(d);
  if (twiceR !== absD) return twiceR > absD ? awayFromZero : q;
  return mode === 'HALF_UP' || q % 2 !== 0 ? awayFromZero : q;
}

/**
 * The brand every copy of core puts on its Decimals. `Symbol.for` registers it process-wide, so a Decimal
 * made by another copy of @silvertine/core (a plugin that installed its own) is still known for one, where
 * `instanceof` alone would refuse it.
 */
const DECIMAL_BRAND = Symbol.for('silvertine.core.Decimal');

/** A Decimal of another copy of core: branded, but not an instance of this copy's class. */
function isForeignDecimal(value: unknown): value is { toString(): string } {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[DECIMAL_BRAND] === true;
}

/** An immutable exact decimal number. Create with `Decimal.from` / `dec`; never with `new`. */
export class Decimal {
  static readonly ZERO = new Decimal(0, 0, undefined);
  static readonly ONE = new Decimal(1, 0, undefined);

  /**
   * The value is mantissa × 10^-s, the mantissa being `m` (small form) or `big` when defined.
   * @param m small form: a safe integer, without trailing zeros when s > 0
   * @param s decimal places of the mantissa, 0..18
   * @param big big form: a mantissa beyond the safe integers, without trailing zeros when s > 0
   */
  private constructor(
    private readonly m: number,
    private readonly s: number,
    private readonly big: bigint | undefined,
  ) {}

  /** A small value in canonical form: trailing zeros of m moved into the scale, zero as ZERO. */
  private static small(m: number, s: number): Decimal {
    if (m === 0) return Decimal.ZERO;
    while (s > 0 && m % 10 === 0) {
      m /= 10;
      s--;
    }
    return new Decimal(m, s, undefined);
  }

  /** Any mantissa and scale in canonical form: small when the mantissa fits, trailing zeros removed. */
  private static canonical(mantissa: bigint, s: number): Decimal {
    if (mantissa <= MAX_SAFE && mantissa >= -MAX_SAFE) return Decimal.small(Number(mantissa), s);
    while (s >= 9 && mantissa % BILLION === 0n) {
      mantissa /= BILLION;
      s -= 9;
    }
    while (s > 0 && mantissa % 10n === 0n) {
      mantissa /= 10n;
      s--;
    }
    if (mantissa <= MAX_SAFE && mantissa >= -MAX_SAFE) return new Decimal(Number(mantissa), s, undefined);
    return new Decimal(0, s, mantissa);
  }

  /** The mantissa of `x` at `s` ≥ x.s decimal places, as a bigint. */
  private static mantissaAt(x: Decimal, s: number): bigint {
    const mantissa = x.big ?? BigInt(x.m);
    return s === x.s ? mantissa : mantissa * POWERS_OF_TEN[s - x.s];
  }

  /** The value × 10^18, as a bigint (exact; for serialisation). */
  get units(): bigint {
    return Decimal.mantissaAt(this, DECIMAL_SCALE);
  }

  /** Builds from a raw count of 10^-18 units (for serialisation round trips). */
  static fromUnits(units: bigint): Decimal {
    return Decimal.canonical(units, DECIMAL_SCALE);
  }

  /**
   * Parses a decimal string ("123.45", "-0.001", "1e-8"), a bigint, or a finite number (through its
   * shortest decimal string, so 0.1 becomes exactly 0.1). Throws DecimalError, naming the problem, for
   * anything else: malformed or non-finite text, digits beyond the 18th decimal place (never rounded
   * silently), more significant digits or a larger magnitude than `decimalLimits()` allow, and values that
   * are not a string, number, bigint or Decimal (`null`, `undefined`, objects). Linear in the input.
   */
  static from(value: DecimalLike): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === 'string') return Decimal.parse(value);
    if (typeof value === 'number') {
      if (Number.isSafeInteger(value)) return Decimal.small(value, 0);
      if (!Number.isFinite(value)) throw new DecimalError(`not a finite number: ${value}`);
      return Decimal.parse(String(value));
    }
    if (typeof value === 'bigint') {
      if (value <= MAX_SAFE && value >= -MAX_SAFE) return Decimal.small(Number(value), 0);
      return Decimal.parse(value.toString()); // the same bounds as text
    }
    // A Decimal of another copy of core becomes one of this copy through its canonical string (exact);
    // tested last, so strings and numbers pay nothing for it.
    const other: unknown = value;
    if (isForeignDecimal(other)) return Decimal.parse(other.toString());
    throw new DecimalError(`not a decimal value: ${describeValue(value)}`);
  }

  /**
   * True for a Decimal of this copy of core or of any other copy (a plugin that installed its own core):
   * `instanceof` first (the common case, no property read), then the process-wide brand. Use it instead
   * of `instanceof Decimal` wherever a value may come from another package; `Decimal.from` turns a
   * foreign one into one of this copy.
   */
  static isDecimal(value: unknown): value is Decimal {
    return value instanceof Decimal || isForeignDecimal(value);
  }

  /** Like `from` but returns undefined instead of throwing (for validation code). */
  static tryFrom(value: unknown): Decimal | undefined {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint' && !Decimal.isDecimal(value)) {
      return undefined;
    }
    try {
      return Decimal.from(value);
    } catch {
      return undefined;
    }
  }

  private static parse(text: string): Decimal {
    const quick = Decimal.parseShort(text);
    if (quick !== undefined) return quick;
    // Fast path for what venues send: plain digits with at most 18 decimals, at most 16 digits in all
    // (always within the limits, whose minimums are set for this).
    const plain = PLAIN_PATTERN.exec(text);
    if (plain) {
      const frac = plain[3] ?? '';
      const digits = plain[2] + frac;
      // Up to 15 digits always fit a safe integer; 16 may.
      if (digits.length <= 16) {
        const m = Number(digits);
        if (Number.isSafeInteger(m)) return Decimal.small(plain[1] ? -m : m, frac.length);
      }
    }
    // Everything else is scanned against the bounds first, so no step below costs more than the bounds allow.
    const scanned = scanDecimalText(text, DECIMAL_SCALE);
    if (scanned.digits === '') return Decimal.ZERO;
    const mantissa = BigInt(scanned.digits);
    const signed = scanned.negative ? -mantissa : mantissa;
    return scanned.exponent >= 0 ? Decimal.canonical(signed * pow10(scanned.exponent), 0) : Decimal.canonical(signed, -scanned.exponent);
  }

  /**
   * The commonest text of all, read in one pass over its character codes with no allocation: what
   * PLAIN_PATTERN matches (`-?\d+(\.\d{1,18})?`) with at most 15 digits in all, so the mantissa
   * accumulated digit by digit is an exact safe integer (< 10^15 < 2^53). Undefined for anything else,
   * which the general paths below read as before. A regular expression match, its groups and a
   * concatenation per value were most of what parsing a CSV price cost (issue 21).
   */
  private static parseShort(text: string): Decimal | undefined {
    const n = text.length;
    let i = n !== 0 && text.charCodeAt(0) === 45 ? 1 : 0; // '-'
    const negative = i === 1;
    let m = 0;
    let digits = 0;
    let integerDigits = 0;
    let places = -1; // -1: no decimal point seen
    // Zeros after the point not yet taken into m: taken in when a non-zero digit follows, dropped at the
    // end. So m and `kept` come out canonical (what `small` would make of all the digits), with no
    // division loop afterwards: Binance writes every price and size with 8 decimals ("42000.01000000").
    let zeros = 0;
    let kept = 0;
    for (; i < n; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d >= 0 && d <= 9) {
        digits++;
        if (places < 0) {
          m = m * 10 + d;
          integerDigits++;
        } else {
          places++;
          if (d === 0) {
            zeros++;
          } else {
            m = m * POWERS_OF_TEN_NUMBER[zeros + 1] + d;
            kept += zeros + 1;
            zeros = 0;
          }
        }
      } else if (d === -2 && places < 0 && integerDigits > 0) {
        places = 0; // '.'
      } else {
        return undefined;
      }
    }
    if (integerDigits === 0 || places === 0 || places > DECIMAL_SCALE || digits > 15) return undefined;
    // m is below 10^15 (at most 15 digits were read) and has no trailing zero after the point.
    return m === 0 ? Decimal.ZERO : new Decimal(negative ? -m : m, kept, undefined);
  }

  // Each operation tries the small form first and falls back to bigint mantissas when a result would not
  // be exact there. Known results (adding zero, multiplying by one) return an existing immutable value.

  plus(other: DecimalLike): Decimal {
    const o = other instanceof Decimal ? other : Decimal.from(other);
    if (o.isZero()) return this;
    if (this.isZero()) return o;
    const s = this.s >= o.s ? this.s : o.s;
    if (this.big === undefined && o.big === undefined) {
      const r = scaleUp(this.m, s - this.s) + scaleUp(o.m, s - o.s);
      if (Number.isSafeInteger(r)) return Decimal.small(r, s);
    }
    return Decimal.canonical(Decimal.mantissaAt(this, s) + Decimal.mantissaAt(o, s), s);
  }

  minus(other: DecimalLike): Decimal {
    const o = other instanceof Decimal ? other : Decimal.from(other);
    if (o.isZero()) return this;
    // Subtracted directly rather than as plus(o.negated()): the negated operand was one more Decimal
    // allocated per subtraction, and the order path subtracts on every fill (remaining quantity,
    // slippage, locks). Same exact result: the difference of the mantissas at the larger scale.
    const s = this.s >= o.s ? this.s : o.s;
    if (this.big === undefined && o.big === undefined) {
      const r = scaleUp(this.m, s - this.s) - scaleUp(o.m, s - o.s);
      if (Number.isSafeInteger(r)) return Decimal.small(r, s);
    }
    return Decimal.canonical(Decimal.mantissaAt(this, s) - Decimal.mantissaAt(o, s), s);
  }

  /** Product, rounded half-even below the 18th decimal place. */
  times(other: DecimalLike, rounding: RoundingMode = 'HALF_EVEN'): Decimal {
    const o = other instanceof Decimal ? other : Decimal.from(other);
    if (o.isZero() || this.isZero()) return Decimal.ZERO;
    if (o.m === 1 && o.s === 0 && o.big === undefined) return this;
    if (this.m === 1 && this.s === 0 && this.big === undefined) return o;
    let s = this.s + o.s;
    if (this.big === undefined && o.big === undefined) {
      const r = this.m * o.m;
      if (s <= DECIMAL_SCALE && Number.isSafeInteger(r)) return Decimal.small(r, s);
    }
    let product = (this.big ?? BigInt(this.m)) * (o.big ?? BigInt(o.m));
    if (s > DECIMAL_SCALE) {
      product = divideRounded(product, pow10(s - DECIMAL_SCALE), rounding);
      s = DECIMAL_SCALE;
    }
    return Decimal.canonical(product, s);
  }

  /** Quotient, rounded half-even below the 18th decimal place. Throws DecimalError on division by zero. */
  div(other: DecimalLike, rounding: RoundingMode = 'HALF_EVEN'): Decimal {
    const o = other instanceof Decimal ? other : Decimal.from(other);
    if (o.isZero()) throw new DecimalError('division by zero');
    if (this.isZero()) return Decimal.ZERO;
    if (this.big === undefined && o.big === undefined) {
      // Dividing by ±10^k × 10^-s only moves the decimal point.
      const negativeDivisor = o.m < 0;
      const k = EXPONENT_OF_POWER.get(negativeDivisor ? -o.m : o.m);
      if (k !== undefined) {
        const s = this.s - o.s + k;
        const m = negativeDivisor ? -this.m : this.m;
        if (s >= 0 && s <= DECIMAL_SCALE) return Decimal.small(m, s);
        if (s < 0) {
          const r = scaleUp(m, -s);
          if (Number.isSafeInteger(r)) return Decimal.small(r, 0);
        }
      } else if (this.m % o.m === 0) {
        // An exact quotient of the mantissas (an average over equal-priced fills, a total over its count).
        const q = this.m / o.m;
        const s = this.s - o.s;
        if (s >= 0) return Decimal.small(q, s);
        const r = scaleUp(q, -s);
        if (Number.isSafeInteger(r)) return Decimal.small(r, 0);
      }
    }
    // value × 10^18 = mantissa × 10^(18 − s + o.s) / o.mantissa; the exponent is never negative.
    const numerator = Decimal.mantissaAt(this, DECIMAL_SCALE + o.s);
    return Decimal.canonical(divideRounded(numerator, o.big ?? BigInt(o.m), rounding), DECIMAL_SCALE);
  }

  negated(): Decimal {
    if (this.big !== undefined) return new Decimal(0, this.s, -this.big);
    return this.m === 0 ? this : new Decimal(-this.m, this.s, undefined);
  }

  abs(): Decimal {
    return this.isNegative() ? this.negated() : this;
  }

  /** -1, 0 or 1. */
  compare(other: DecimalLike): -1 | 0 | 1 {
    return Decimal.compareValues(this, other instanceof Decimal ? other : Decimal.from(other));
  }

  private static compareValues(a: Decimal, b: Decimal): -1 | 0 | 1 {
    const s = a.s >= b.s ? a.s : b.s;
    if (a.big === undefined && b.big === undefined) {
      if (a.s === b.s) return a.m < b.m ? -1 : a.m > b.m ? 1 : 0;
      const x = scaleUp(a.m, s - a.s);
      const y = scaleUp(b.m, s - b.s);
      if (x === x && y === y) return x < y ? -1 : x > y ? 1 : 0; // neither is NaN: both exact
    }
    const x = Decimal.mantissaAt(a, s);
    const y = Decimal.mantissaAt(b, s);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  eq(other: DecimalLike): boolean {
    const o = other instanceof Decimal ? other : Decimal.from(other);
    // Canonical forms: equal values have equal fields.
    return this.m === o.m && this.s === o.s && this.big === o.big;
  }
  lt(other: DecimalLike): boolean {
    return this.compare(other) < 0;
  }
  lte(other: DecimalLike): boolean {
    return this.compare(other) <= 0;
  }
  gt(other: DecimalLike): boolean {
    return this.compare(other) > 0;
  }
  gte(other: DecimalLike): boolean {
    return this.compare(other) >= 0;
  }
  isZero(): boolean {
    return this.m === 0 && this.big === undefined;
  }
  isPositive(): boolean {
    return this.big === undefined ? this.m > 0 : this.big > 0n;
  }
  isNegative(): boolean {
    return this.big === undefined ? this.m < 0 : this.big < 0n;
  }
  sign(): -1 | 0 | 1 {
    return this.isNegative() ? -1 : this.isZero() ? 0 : 1;
  }

  static min(a: Decimal, b: Decimal): Decimal {
    return Decimal.compareValues(a, b) <= 0 ? a : b;
  }
  static max(a: Decimal, b: Decimal): Decimal {
    return Decimal.compareValues(a, b) >= 0 ? a : b;
  }

  /** Sum of a list (ZERO for an empty list). */
  static sum(values: Iterable<Decimal>): Decimal {
    let total = Decimal.ZERO;
    for (const v of values) total = total.plus(v);
    return total;
  }

  /** True when this value is a whole multiple of `step` (a tick or lot size). A zero step accepts anything. */
  isMultipleOf(step: DecimalLike): boolean {
    const st = step instanceof Decimal ? step : Decimal.from(step);
    if (st.isZero()) return true;
    // Canonical forms: a value with more decimals than the step cannot be on its grid.
    if (this.s > st.s) return false;
    if (this.big === undefined && st.big === undefined) {
      const x = scaleUp(this.m, st.s - this.s);
      if (x === x) return x % st.m === 0;
    }
    return Decimal.mantissaAt(this, st.s) % (st.big ?? BigInt(st.m)) === 0n;
  }

  /**
   * Rounds to a multiple of `step` (a tick size for prices, a step size for quantities).
   * Default DOWN (toward zero) because rounding a quantity up could exceed what the user asked for.
   */
  roundToStep(step: DecimalLike, rounding: RoundingMode = 'DOWN'): Decimal {
    const st = step instanceof Decimal ? step : Decimal.from(step);
    if (!st.isPositive()) throw new DecimalError('step must be positive');
    const s = this.s >= st.s ? this.s : st.s;
    if (this.big === undefined && st.big === undefined) {
      const x = scaleUp(this.m, s - this.s);
      const y = scaleUp(st.m, s - st.s);
      if (x === x && y === y) {
        if (x % y === 0) return this; // already on the grid: every rounding mode keeps it
        const r = divideRoundedNumber(x, y, rounding) * y;
        if (Number.isSafeInteger(r)) return Decimal.small(r, s);
      }
    }
    const x = Decimal.mantissaAt(this, s);
    const y = Decimal.mantissaAt(st, s);
    if (x % y === 0n) return this;
    return Decimal.canonical(divideRounded(x, y, rounding) * y, s);
  }

  /** Rounds to `places` decimal places. */
  round(places: number, rounding: RoundingMode = 'HALF_EVEN'): Decimal {
    if (!Number.isInteger(places) || places < 0 || places > DECIMAL_SCALE) {
      throw new DecimalError(`places must be an integer in 0..${DECIMAL_SCALE}`);
    }
    if (this.s <= places) return this;
    if (this.big === undefined) return Decimal.small(divideRoundedNumber(this.m, POWERS_OF_TEN_NUMBER[this.s - places], rounding), places);
    return Decimal.canonical(divideRounded(this.big, pow10(this.s - places), rounding), places);
  }

  /**
   * True when this value is within `decimalLimits()`, i.e. its text would parse. Parsed values always
   * are; arithmetic can leave them. Free for the small form (a safe integer has at most 16 digits).
   */
  isBounded(): boolean {
    if (this.big === undefined) return true;
    const digits = (this.big < 0n ? -this.big : this.big).toString();
    let trailing = 0;
    while (trailing < digits.length - 1 && digits.charCodeAt(digits.length - 1 - trailing) === 48) trailing++;
    const limits = decimalLimits();
    return digits.length - trailing <= limits.maxSignificantDigits && digits.length - 1 - this.s <= limits.maxExponent;
  }

  /** Number of significant decimal places (0.0100 → 2). */
  decimalPlaces(): number {
    return this.s; // canonical: the mantissa has no trailing zeros
  }

  /** Canonical string: no exponent, no trailing zeros ("1.5", "-0.001", "42"). */
  toString(): string {
    const mantissa = this.big ?? this.m;
    if (this.s === 0) return String(mantissa);
    const negative = mantissa < 0;
    const digits = String(negative ? -mantissa : mantissa).padStart(this.s + 1, '0');
    const cut = digits.length - this.s;
    return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
  }

  /** Fixed number of decimal places, rounded half-even ("1.50" for toFixed(2)). */
  toFixed(places: number, rounding: RoundingMode = 'HALF_EVEN'): string {
    const rounded = this.round(places, rounding);
    if (places === 0) return rounded.toString();
    const [i, f = ''] = rounded.toString().split('.');
    return `${i}.${f.padEnd(places, '0')}`;
  }

  /** JSON carries the exact string, as venues do. */
  toJSON(): string {
    return this.toString();
  }

  /**
   * Approximate float for display, metrics and statistics only (never for money arithmetic).
   */
  toNumber(): number {
    // m and 10^s are exact doubles, so one correctly rounded division gives the nearest double.
    return this.big === undefined ? this.m / POWERS_OF_TEN_NUMBER[this.s] : Number(this.toString());
  }
}

// On the prototype, not per instance: no cost per value, and every copy of core sets the same brand.
Object.defineProperty(Decimal.prototype, DECIMAL_BRAND, { value: true });

/** What a non-decimal value is, for an error message (never its contents: it may be anything). */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}

/** Shorthand for `Decimal.from`. */
export function dec(value: DecimalLike): Decimal {
  return Decimal.from(value);
}
