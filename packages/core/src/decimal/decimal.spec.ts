import fc from 'fast-check';
import { Decimal, DecimalError, dec } from './decimal';

describe('Decimal', () => {
  it('parses venue strings exactly and prints them canonically', () => {
    expect(dec('0.1').plus('0.2').toString()).toBe('0.3');
    expect(dec('50000.00000000').toString()).toBe('50000');
    expect(dec('-0.00100').toString()).toBe('-0.001');
    expect(dec('1e-8').toString()).toBe('0.00000001');
    expect(dec('1.5E3').toString()).toBe('1500');
    expect(dec('.5').toString()).toBe('0.5');
    expect(dec(0.1).toString()).toBe('0.1');
    expect(dec(12n).toString()).toBe('12');
  });

  it('reads short plain text with zeros anywhere in its fraction into the canonical value', () => {
    const text = fc.tuple(fc.boolean(), fc.nat(99_999), fc.array(fc.constantFrom('0', '0', '0', '1', '5', '9'), { maxLength: 10 }));
    fc.assert(
      fc.property(text, ([negative, whole, fraction]) => {
        const body = fraction.length ? `${whole}.${fraction.join('')}` : String(whole);
        const units = BigInt(whole) * 10n ** 18n + BigInt(fraction.join('').padEnd(18, '0'));
        // fromUnits builds through the bigint path: the same fields (canonical form) from either side.
        expect(dec(negative ? `-${body}` : body)).toEqual(Decimal.fromUnits(negative ? -units : units));
      }),
    );
  });

  it('rejects malformed input and precision it cannot hold', () => {
    for (const bad of ['', 'abc', '1.2.3', '1,5', 'NaN', '--1']) expect(() => dec(bad)).toThrow(DecimalError);
    expect(() => dec(Number.NaN)).toThrow(DecimalError);
    expect(() => dec('0.0000000000000000001')).toThrow(/more than 18 decimal places/);
    expect(Decimal.tryFrom('x')).toBeUndefined();
    expect(Decimal.tryFrom({})).toBeUndefined();
  });

  it('multiplies and divides with explicit rounding', () => {
    expect(dec('50000.01').times('0.00012345').toString()).toBe('6.1725012345');
    expect(dec(1).div(3).toString()).toBe('0.333333333333333333');
    expect(dec(2).div(3).toString()).toBe('0.666666666666666667');
    expect(dec(2).div(3, 'DOWN').toString()).toBe('0.666666666666666666');
    expect(() => dec(1).div(0)).toThrow(DecimalError);
  });

  it('rounds to tick and step sizes in each mode', () => {
    const tick = dec('0.05');
    expect(dec('1.23').roundToStep(tick).toString()).toBe('1.2');
    expect(dec('1.23').roundToStep(tick, 'UP').toString()).toBe('1.25');
    expect(dec('1.225').roundToStep(tick, 'HALF_UP').toString()).toBe('1.25');
    expect(dec('-1.23').roundToStep(tick, 'FLOOR').toString()).toBe('-1.25');
    expect(dec('-1.23').roundToStep(tick, 'CEIL').toString()).toBe('-1.2');
    expect(dec('0.125').round(2, 'HALF_EVEN').toString()).toBe('0.12');
    expect(dec('0.135').round(2, 'HALF_EVEN').toString()).toBe('0.14');
    expect(dec('1.5').toFixed(3)).toBe('1.500');
    expect(dec('1.00000').isMultipleOf('0.00001')).toBe(true);
    expect(dec('1.000001').isMultipleOf('0.00001')).toBe(false);
  });

  it('compares and aggregates', () => {
    expect(dec('1.10').eq('1.1')).toBe(true);
    expect(dec('-2').lt('-1')).toBe(true);
    expect(Decimal.max(dec(1), dec(2)).toString()).toBe('2');
    expect(Decimal.sum([dec('0.1'), dec('0.2'), dec('0.3')]).toString()).toBe('0.6');
    expect(dec('0.0100').decimalPlaces()).toBe(2);
    expect(JSON.stringify({ p: dec('1.50') })).toBe('{"p":"1.5"}');
  });

  const decimalArb = fc
    .tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }))
    .map(([units]) => Decimal.fromUnits(units));

  it('round-trips through its string form (property)', () => {
    fc.assert(fc.property(decimalArb, (d) => dec(d.toString()).eq(d)));
  });

  it('keeps addition exact and consistent with comparison (property)', () => {
    fc.assert(
      fc.property(decimalArb, decimalArb, (a, b) => {
        expect(a.plus(b).minus(b).eq(a)).toBe(true);
        expect(a.plus(b).compare(a)).toBe(b.sign());
      }),
    );
  });

  it('rounds to a step without exceeding the value when rounding down (property)', () => {
    const step = fc.constantFrom('0.01', '0.00001', '0.5', '25').map((s) => dec(s));
    fc.assert(
      fc.property(decimalArb, step, (d, s) => {
        const r = d.abs().roundToStep(s);
        expect(r.isMultipleOf(s)).toBe(true);
        expect(r.lte(d.abs())).toBe(true);
        expect(d.abs().minus(r).lt(s)).toBe(true);
      }),
    );
  });
});
