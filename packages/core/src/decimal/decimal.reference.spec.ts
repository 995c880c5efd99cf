import fc from 'fast-check';
import { Decimal, type RoundingMode } from './decimal';

/**
 * Decimal keeps small values as safe-integer digits and a scale, and falls back to bigint units. This
 * checks every operation against a plain reference over bigint units (value × 10^18), the obvious
 * implementation, on values from both forms and across the boundary between them.
 */
const SCALE = 10n ** 18n;
const MODES: readonly RoundingMode[] = ['DOWN', 'UP', 'HALF_UP', 'HALF_EVEN', 'FLOOR', 'CEIL'];

function refDivide(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d;
  const r = n - q * d;
  if (r === 0n) return q;
  const negative = n < 0n !== d < 0n;
  const away = negative ? q - 1n : q + 1n;
  const twice = (r < 0n ? -r : r) * 2n;
  const absD = d < 0n ? -d : d;
  switch (mode) {
    case 'DOWN':
      return q;
    case 'UP':
      return away;
    case 'FLOOR':
      return negative ? q - 1n : q;
    case 'CEIL':
      return negative ? q : q + 1n;
    case 'HALF_UP':
      return twice >= absD ? away : q;
    case 'HALF_EVEN':
      return twice > absD || (twice === absD && q % 2n !== 0n) ? away : q;
  }
}

function refString(units: bigint): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(19, '0');
  const int = digits.slice(0, -18);
  const frac = digits.slice(-18).replace(/0+$/, '');
  return (negative ? '-' : '') + (frac ? `${int}.${frac}` : int);
}

/** Values with 1 to 30 significant digits at 0 to 18 decimals: small ones, ones near 2^53, big ones. */
const unitsArb = fc.oneof(
  fc.tuple(fc.integer({ min: -999_999, max: 999_999 }), fc.integer({ min: 0, max: 18 })).map(([m, s]) => BigInt(m) * 10n ** BigInt(18 - s)),
  fc.tuple(fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }), fc.integer({ min: 0, max: 18 })).map(([m, s]) => m * 10n ** BigInt(18 - s)),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
  fc.constantFrom(0n, SCALE, -SCALE, 2n ** 53n - 1n, (2n ** 53n - 1n) * SCALE, 2n ** 53n * SCALE, 1n),
);
const mode = fc.constantFrom(...MODES);

describe('Decimal against a bigint reference (properties)', () => {
  it('reads and prints values of both forms exactly', () => {
    fc.assert(
      fc.property(unitsArb, (u) => {
        const d = Decimal.fromUnits(u);
        expect(d.units).toBe(u);
        expect(d.toString()).toBe(refString(u));
        expect(Decimal.from(refString(u)).units).toBe(u);
        expect(d.toNumber()).toBe(Number(refString(u)));
        expect(d.sign()).toBe(u < 0n ? -1 : u > 0n ? 1 : 0);
        expect(d.negated().units).toBe(-u);
        expect(d.abs().units).toBe(u < 0n ? -u : u);
      }),
      { numRuns: 500 },
    );
  });

  it('adds, subtracts and compares exactly', () => {
    fc.assert(
      fc.property(unitsArb, unitsArb, (a, b) => {
        const x = Decimal.fromUnits(a);
        const y = Decimal.fromUnits(b);
        expect(x.plus(y).units).toBe(a + b);
        expect(x.minus(y).units).toBe(a - b);
        expect(x.compare(y)).toBe(a < b ? -1 : a > b ? 1 : 0);
        expect(x.eq(y)).toBe(a === b);
        expect(Decimal.min(x, y).units).toBe(a < b ? a : b);
        // equal values have equal fields, whichever way they were computed
        expect(x.plus(y)).toEqual(Decimal.fromUnits(a + b));
      }),
      { numRuns: 1000 },
    );
  });

  it('multiplies and divides with the reference rounding', () => {
    fc.assert(
      fc.property(unitsArb, unitsArb, mode, (a, b, m) => {
        const x = Decimal.fromUnits(a);
        const y = Decimal.fromUnits(b);
        expect(x.times(y, m).units).toBe(refDivide(a * b, SCALE, m));
        if (b !== 0n) expect(x.div(y, m).units).toBe(refDivide(a * SCALE, b, m));
        else expect(() => x.div(y)).toThrow('division by zero');
      }),
      { numRuns: 1000 },
    );
  });

  it('rounds to steps and places, and tests grid membership, as the reference', () => {
    fc.assert(
      fc.property(unitsArb, unitsArb, mode, fc.integer({ min: 0, max: 18 }), (a, b, m, places) => {
        const x = Decimal.fromUnits(a);
        const step = b < 0n ? -b : b;
        if (step > 0n) {
          const st = Decimal.fromUnits(step);
          expect(x.isMultipleOf(st)).toBe(a % step === 0n);
          expect(x.roundToStep(st, m).units).toBe(refDivide(a, step, m) * step);
        }
        const unit = 10n ** BigInt(18 - places);
        expect(x.round(places, m).units).toBe(refDivide(a, unit, m) * unit);
        const trimmed = refString(a).split('.')[1] ?? '';
        expect(x.decimalPlaces()).toBe(trimmed.length);
      }),
      { numRuns: 1000 },
    );
  });
});
