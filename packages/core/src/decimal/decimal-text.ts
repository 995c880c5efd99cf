import { DecimalError } from './decimal-error';

/**
 * Bounds on the decimals `Decimal.from` accepts. Why bounds at all: text comes from venues, files and
 * operators, and an unbounded exponent or digit count makes parsing cost what the sender chooses
 * (`1e999999999` asks for a billion-digit power of ten). Within the bounds, parsing is linear in the
 * input's length and every value is cheap to compute with.
 */
export interface DecimalLimits {
  /** Most digits from the first to the last non-zero digit (default 38). At least 16. */
  readonly maxSignificantDigits: number;
  /** Largest power of ten of the leading digit: values stay below 10^(maxExponent + 1) in magnitude (default 64). At least 15. */
  readonly maxExponent: number;
}

/** The limits in force until `setDecimalLimits` changes them. */
export const DEFAULT_DECIMAL_LIMITS: DecimalLimits = Object.freeze({ maxSignificantDigits: 38, maxExponent: 64 });

/** Upper bound on either limit: keeps 10^n and n-digit mantissas cheap whatever is configured. */
const LIMIT_CEILING = 1000;
/** Every plain string of at most 16 digits passes the default limits: the parser's fast path relies on it. */
const MIN_SIGNIFICANT_DIGITS = 16;
const MIN_EXPONENT = 15;

let limits: DecimalLimits = DEFAULT_DECIMAL_LIMITS;

/**
 * Changes the process-wide parsing bounds (fields not given keep their value). Throws DecimalError for a
 * bound outside its range: below 16 significant digits / exponent 15 (what a double's digits need), or
 * above 1000.
 */
export function setDecimalLimits(next: Partial<DecimalLimits>): DecimalLimits {
  const merged = { ...limits, ...next };
  check('maxSignificantDigits', merged.maxSignificantDigits, MIN_SIGNIFICANT_DIGITS);
  check('maxExponent', merged.maxExponent, MIN_EXPONENT);
  limits = Object.freeze(merged);
  return limits;
}

/** The parsing bounds in force. */
export function decimalLimits(): DecimalLimits {
  return limits;
}

function check(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min || value > LIMIT_CEILING) {
    throw new DecimalError(`decimal limit ${name} must be an integer in ${min}..${LIMIT_CEILING}, got ${value}`);
  }
}

/** A decimal text reduced to its significant digits: the value is ±digits × 10^exponent. */
export interface ScannedDecimal {
  readonly negative: boolean;
  /** No leading or trailing zeros; empty for zero. */
  readonly digits: string;
  /** Power of ten of the last digit. */
  readonly exponent: number;
}

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-])?\.(\d+)(?:[eE]([+-]?\d+))?$/;
const NON_FINITE_PATTERN = /^[+-]?(?:nan|inf(?:inity)?)$/i;
const ZERO_CODE = 48;
const EXCERPT_CHARS = 24;

/**
 * Reads any decimal text ("-1.5", "1e-8", ".5", " 42 ") within the bounds and `maxPlaces` decimal
 * places. Linear in the text's length: one anchored regular expression, two scans for the first and
 * last non-zero digits, and a BigInt of at most `maxSignificantDigits` digits built by the caller.
 */
export function scanDecimalText(text: string, maxPlaces: number): ScannedDecimal {
  const trimmed = text.trim();
  const match = DECIMAL_PATTERN.exec(trimmed);
  if (!match) {
    if (NON_FINITE_PATTERN.test(trimmed)) throw new DecimalError(`${excerpt(text)} is not a finite number`);
    throw new DecimalError(`not a decimal number: ${excerpt(text)}`);
  }
  const negative = (match[1] ?? match[5]) === '-';
  const fraction = match[3] ?? match[6] ?? '';
  const digits = (match[2] ?? '') + fraction;
  // A huge exponent text becomes ±Infinity here and fails the bounds below.
  const exponentText = match[4] ?? match[7];
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  let first = 0;
  while (first < digits.length && digits.charCodeAt(first) === ZERO_CODE) first++;
  if (first === digits.length) return { negative: false, digits: '', exponent: 0 };
  let last = digits.length - 1;
  while (digits.charCodeAt(last) === ZERO_CODE) last--;
  // The power of ten of digit i is (digits.length - 1 - i) - fraction.length + exponent.
  const unitsPower = digits.length - 1 - fraction.length + exponent;
  const leadingPower = unitsPower - first;
  const lastPower = unitsPower - last;
  const significant = last - first + 1;
  const { maxSignificantDigits, maxExponent } = limits;
  if (significant > maxSignificantDigits) {
    throw new DecimalError(`${excerpt(text)} has ${significant} significant digits, more than the ${maxSignificantDigits} allowed`);
  }
  if (leadingPower > maxExponent) {
    const power = Number.isFinite(leadingPower) ? `10^${leadingPower}` : 'an unbounded power of ten';
    throw new DecimalError(`${excerpt(text)} is too large: its magnitude ${power} is beyond 10^${maxExponent}`);
  }
  if (-lastPower > maxPlaces) throw new DecimalError(`${excerpt(text)} has more than ${maxPlaces} decimal places`);
  return { negative, digits: digits.slice(first, last + 1), exponent: lastPower };
}

/** The text quoted for a message, cut short when long (the message must stay readable and small). */
export function excerpt(text: string): string {
  if (text.length <= EXCERPT_CHARS + 8) return `"${text}"`;
  return `"${text.slice(0, EXCERPT_CHARS)}…" (${text.length} characters)`;
}
