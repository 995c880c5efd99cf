/**
 * Exact decimal value type for prices, quantities and money.
 *
 * Why bigint fixed-point: venues send prices and quantities as decimal strings, and binary floats cannot
 * represent most of them (0.1 + 0.2 !== 0.3). A value here is an integer count of 10^-18 units, so
 * addition, subtraction and comparison are exact, and multiplication/division round only below the
 * 18th decimal place. `bench/decimal.bench.ts` compares this against big.js and decimal.js; the choice is
 * recorded in the package README.
 */

/** Number of decimal places every `Decimal` carries. 18 covers every venue's tick and step sizes. */
export const DECIMAL_SCALE = 18;
const SCALE_FACTOR = 10n ** BigInt(DECIMAL_SCALE);
const POWERS_OF_TEN: readonly bigint[] = Array.from({ length: 64 }, (_, i) => 10n ** BigInt(i));
const ZEROS = '0'.repeat(DECIMAL_SCALE);
const PLAIN_PATTERN = /^(-?)(\d+)(?:\.(\d{1,18}))?$/;
const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-])?\.(\d+)(?:[eE]([+-]?\d+))?$/;

/** How a result that falls between two representable values is rounded. */
export type RoundingMode = 'DOWN' | 'UP' | 'HALF_UP' | 'HALF_EVEN' | 'FLOOR' | 'CEIL';

/** Raised when a string or number cannot be read as an exact decimal, or on division by zero. */
export class DecimalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecimalError';
  }
}

/** Anything that can be turned into a Decimal without loss. */
export type DecimalLike = Decimal | string | bigint | number;

function pow10(exponent: number): bigint {
  return POWERS_OF_TEN[exponent] ?? 10n ** BigInt(exponent);
}

/** Integer division of n by d (d > 0 or < 0) with the given rounding. */
function divideRounded(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new DecimalError('division by zero');
  const q = n / d; // truncates toward zero
  const r = n - q * d; // the remainder without a second division
  if (r === 0n) return q;
  const negative = n < 0n !== d < 0n;
  const awayFromZero = negative ? q - 1n : q + 1n;
  switch (mode) {
    case 'DOWN':
      return q;
    case 'UP':
      return awayFromZero;
    case 'FLOOR':
      return negative ? q - 1n : q;
    case 'CEIL':
      return negative ? q : q + 1n;
    case 'HALF_UP':
    case 'HALF_EVEN': {
      const twiceR = (r < 0n ? -r : r) * 2n;
      const absD = d < 0n ? -d : d;
      if (twiceR > absD) return awayFromZero;
      if (twiceR < absD) return q;
      if (mode === 'HALF_UP') return awayFromZero;
      return q % 2n === 0n ? q : awayFromZero;
    }
  }
}

/** An immutable exact decimal number. Create with `Decimal.from` / `dec`; never with `new`. */
export class Decimal {
  static readonly ZERO = new Decimal(0n);
  static readonly ONE = new Decimal(SCALE_FACTOR);

  /** @param units the value multiplied by 10^18 */
  private constructor(readonly units: bigint) {}

  /** Builds from a raw count of 10^-18 units (for serialisation round trips and hot paths). */
  static fromUnits(units: bigint): Decimal {
    return new Decimal(units);
  }

  /**
   * Parses a decimal string ("123.45", "-0.001", "1e-8"), a bigint, or a finite number (through its
   * shortest decimal string, so 0.1 becomes exactly 0.1). Rejects anything with digits beyond the 18th
   * decimal place rather than rounding silently.
   */
  static from(value: DecimalLike): Decimal {
    if (value instanceof Decimal) return value;
    if (typeof value === 'bigint') return new Decimal(value * SCALE_FACTOR);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new DecimalError(`not a finite number: ${value}`);
      return Decimal.parse(String(value));
    }
    return Decimal.parse(value);
  }

  /** Like `from` but returns undefined instead of throwing (for validation code). */
  static tryFrom(value: unknown): Decimal | undefined {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint' && !(value instanceof Decimal)) {
      return undefined;
    }
    try {
      return Decimal.from(value);
    } catch {
      return undefined;
    }
  }

  private static parse(text: string): Decimal {
    // Fast path for what venues send: plain digits with at most 18 decimals.
    const plain = PLAIN_PATTERN.exec(text);
    if (plain) {
      const frac = plain[3] ?? '';
      const units = BigInt(plain[2] + frac + ZEROS.slice(frac.length));
      return new Decimal(plain[1] ? -units : units);
    }
    const match = DECIMAL_PATTERN.exec(text.trim());
    if (!match) throw new DecimalError(`not a decimal number: "${text}"`);
    const sign = match[1] ?? match[5];
    const intPart = match[2] ?? '0';
    const fracPart = match[3] ?? match[6] ?? '';
    const exponent = Number(match[4] ?? match[7] ?? '0');
    // digits * 10^(exponent - fracLen) expressed in units of 10^-SCALE
    const digits = BigInt(intPart + fracPart);
    const shift = exponent - fracPart.length + DECIMAL_SCALE;
    let units: bigint;
    if (shift >= 0) {
      units = digits * pow10(shift);
    } else {
      const divisor = pow10(-shift);
      if (digits % divisor !== 0n) {
        throw new DecimalError(`"${text}" has more than ${DECIMAL_SCALE} decimal places`);
      }
      units = digits / divisor;
    }
    return new Decimal(sign === '-' ? -units : units);
  }

  // Fast paths below return an existing (immutable) value when the result is known without bigint
  // arithmetic: adding zero, multiplying by one or zero, rounding a value already on the grid. Each
  // bigint operation allocates, and these cases are the common ones on the order path.

  plus(other: DecimalLike): Decimal {
    const o = other instanceof Decimal ? other.units : Decimal.from(other).units;
    return o === 0n ? this : new Decimal(this.units + o);
  }

  minus(other: DecimalLike): Decimal {
    const o = other instanceof Decimal ? other.units : Decimal.from(other).units;
    return o === 0n ? this : new Decimal(this.units - o);
  }

  /** Product, rounded half-even below the 18th decimal place. */
  times(other: DecimalLike, rounding: RoundingMode = 'HALF_EVEN'): Decimal {
    const o = other instanceof Decimal ? other : Decimal.from(other);
    if (o.units === SCALE_FACTOR) return this;
    if (this.units === SCALE_FACTOR) return o;
    if (o.units === 0n || this.units === 0n) return Decimal.ZERO;
    return new Decimal(divideRounded(this.units * o.units, SCALE_FACTOR, rounding));
  }

  /** Quotient, rounded half-even below the 18th decimal place. Throws DecimalError on division by zero. */
  div(other: DecimalLike, rounding: RoundingMode = 'HALF_EVEN'): Decimal {
    const o = other instanceof Decimal ? other.units : Decimal.from(other).units;
    if (o === SCALE_FACTOR) return this;
    return new Decimal(divideRounded(this.units * SCALE_FACTOR, o, rounding));
  }

  negated(): Decimal {
    return new Decimal(-this.units);
  }

  abs(): Decimal {
    return this.units < 0n ? new Decimal(-this.units) : this;
  }

  /** -1, 0 or 1. */
  compare(other: DecimalLike): -1 | 0 | 1 {
    const o = Decimal.from(other).units;
    return this.units < o ? -1 : this.units > o ? 1 : 0;
  }

  eq(other: DecimalLike): boolean {
    return this.units === Decimal.from(other).units;
  }
  lt(other: DecimalLike): boolean {
    return this.units < Decimal.from(other).units;
  }
  lte(other: DecimalLike): boolean {
    return this.units <= Decimal.from(other).units;
  }
  gt(other: DecimalLike): boolean {
    return this.units > Decimal.from(other).units;
  }
  gte(other: DecimalLike): boolean {
    return this.units >= Decimal.from(other).units;
  }
  isZero(): boolean {
    return this.units === 0n;
  }
  isPositive(): boolean {
    return this.units > 0n;
  }
  isNegative(): boolean {
    return this.units < 0n;
  }
  sign(): -1 | 0 | 1 {
    return this.units < 0n ? -1 : this.units > 0n ? 1 : 0;
  }

  static min(a: Decimal, b: Decimal): Decimal {
    return a.units <= b.units ? a : b;
  }
  static max(a: Decimal, b: Decimal): Decimal {
    return a.units >= b.units ? a : b;
  }

  /** Sum of a list (ZERO for an empty list). */
  static sum(values: Iterable<Decimal>): Decimal {
    let units = 0n;
    for (const v of values) units += v.units;
    return new Decimal(units);
  }

  /** True when this value is a whole multiple of `step` (a tick or lot size). A zero step accepts anything. */
  isMultipleOf(step: DecimalLike): boolean {
    const s = Decimal.from(step).units;
    return s === 0n || this.units % s === 0n;
  }

  /**
   * Rounds to a multiple of `step` (a tick size for prices, a step size for quantities).
   * Default DOWN (toward zero) because rounding a quantity up could exceed what the user asked for.
   */
  roundToStep(step: DecimalLike, rounding: RoundingMode = 'DOWN'): Decimal {
    const s = Decimal.from(step).units;
    if (s <= 0n) throw new DecimalError('step must be positive');
    if (this.units % s === 0n) return this; // already on the grid: every rounding mode keeps it
    return new Decimal(divideRounded(this.units, s, rounding) * s);
  }

  /** Rounds to `places` decimal places. */
  round(places: number, rounding: RoundingMode = 'HALF_EVEN'): Decimal {
    if (!Number.isInteger(places) || places < 0 || places > DECIMAL_SCALE) {
      throw new DecimalError(`places must be an integer in 0..${DECIMAL_SCALE}`);
    }
    const s = 10n ** BigInt(DECIMAL_SCALE - places);
    return new Decimal(divideRounded(this.units, s, rounding) * s);
  }

  /** Number of significant decimal places (0.0100 → 2). */
  decimalPlaces(): number {
    if (this.units % SCALE_FACTOR === 0n) return 0;
    let places = DECIMAL_SCALE;
    let u = this.units < 0n ? -this.units : this.units;
    while (u % 10n === 0n) {
      u /= 10n;
      places--;
    }
    return places;
  }

  /** Canonical string: no exponent, no trailing zeros ("1.5", "-0.001", "42"). */
  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(DECIMAL_SCALE + 1, '0');
    const intPart = digits.slice(0, digits.length - DECIMAL_SCALE);
    let end = digits.length;
    while (end > intPart.length && digits.charCodeAt(end - 1) === 48 /* '0' */) end--;
    const fracPart = digits.slice(intPart.length, end);
    return (negative ? '-' : '') + (fracPart ? `${intPart}.${fracPart}` : intPart);
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
    return Number(this.toString());
  }
}

/** Shorthand for `Decimal.from`. */
export function dec(value: DecimalLike): Decimal {
  return Decimal.from(value);
}
