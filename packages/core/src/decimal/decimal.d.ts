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
export declare const DECIMAL_SCALE = 18;
/** How a result that falls between two representable values is rounded. */
export type RoundingMode = 'DOWN' | 'UP' | 'HALF_UP' | 'HALF_EVEN' | 'FLOOR' | 'CEIL';
/** Raised when a string or number cannot be read as an exact decimal, or on division by zero. */
export declare class DecimalError extends Error {
    constructor(message: string);
}
/** Anything that can be turned into a Decimal without loss. */
export type DecimalLike = Decimal | string | bigint | number;
/** An immutable exact decimal number. Create with `Decimal.from` / `dec`; never with `new`. */
export declare class Decimal {
    readonly units: bigint;
    static readonly ZERO: Decimal;
    static readonly ONE: Decimal;
    /** @param units the value multiplied by 10^18 */
    private constructor();
    /** Builds from a raw count of 10^-18 units (for serialisation round trips and hot paths). */
    static fromUnits(units: bigint): Decimal;
    /**
     * Parses a decimal string ("123.45", "-0.001", "1e-8"), a bigint, or a finite number (through its
     * shortest decimal string, so 0.1 becomes exactly 0.1). Rejects anything with digits beyond the 18th
     * decimal place rather than rounding silently.
     */
    static from(value: DecimalLike): Decimal;
    /** Like `from` but returns undefined instead of throwing (for validation code). */
    static tryFrom(value: unknown): Decimal | undefined;
    private static parse;
    plus(other: DecimalLike): Decimal;
    minus(other: DecimalLike): Decimal;
    /** Product, rounded half-even below the 18th decimal place. */
    times(other: DecimalLike, rounding?: RoundingMode): Decimal;
    /** Quotient, rounded half-even below the 18th decimal place. Throws DecimalError on division by zero. */
    div(other: DecimalLike, rounding?: RoundingMode): Decimal;
    negated(): Decimal;
    abs(): Decimal;
    /** -1, 0 or 1. */
    compare(other: DecimalLike): -1 | 0 | 1;
    eq(other: DecimalLike): boolean;
    lt(other: DecimalLike): boolean;
    lte(other: DecimalLike): boolean;
    gt(other: DecimalLike): boolean;
    gte(other: DecimalLike): boolean;
    isZero(): boolean;
    isPositive(): boolean;
    isNegative(): boolean;
    sign(): -1 | 0 | 1;
    static min(a: Decimal, b: Decimal): Decimal;
    static max(a: Decimal, b: Decimal): Decimal;
    /** Sum of a list (ZERO for an empty list). */
    static sum(values: Iterable<Decimal>): Decimal;
    /** True when this value is a whole multiple of `step` (a tick or lot size). A zero step accepts anything. */
    isMultipleOf(step: DecimalLike): boolean;
    /**
     * Rounds to a multiple of `step` (a tick size for prices, a step size for quantities).
     * Default DOWN (toward zero) because rounding a quantity up could exceed what the user asked for.
     */
    roundToStep(step: DecimalLike, rounding?: RoundingMode): Decimal;
    /** Rounds to `places` decimal places. */
    round(places: number, rounding?: RoundingMode): Decimal;
    /** Number of significant decimal places (0.0100 → 2). */
    decimalPlaces(): number;
    /** Canonical string: no exponent, no trailing zeros ("1.5", "-0.001", "42"). */
    toString(): string;
    /** Fixed number of decimal places, rounded half-even ("1.50" for toFixed(2)). */
    toFixed(places: number, rounding?: RoundingMode): string;
    /** JSON carries the exact string, as venues do. */
    toJSON(): string;
    /**
     * Approximate float for display, metrics and statistics only (never for money arithmetic).
     */
    toNumber(): number;
}
/** Shorthand for `Decimal.from`. */
export declare function dec(value: DecimalLike): Decimal;
