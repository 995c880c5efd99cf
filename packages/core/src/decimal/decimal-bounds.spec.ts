import { BrokerError } from '../errors/broker-error';
import { DEFAULT_DECIMAL_LIMITS, Decimal, DecimalError, dec, decimalLimits, setDecimalLimits } from './decimal';

describe('Decimal parsing bounds', () => {
  afterEach(() => setDecimalLimits(DEFAULT_DECIMAL_LIMITS));

  it('refuses hostile sizes with a DecimalError instead of hanging (linear in the input)', () => {
    // Each of these would take seconds to minutes unbounded (10n ** 999999999n; BigInt of a million digits).
    expect(() => dec('1e999999999')).toThrow(/too large: its magnitude 10\^999999999 is beyond 10\^64/);
    expect(() => dec(`1e${'9'.repeat(400)}`)).toThrow(/too large/);
    expect(() => dec('1e-999999999')).toThrow(/more than 18 decimal places/);
    expect(() => dec('7'.repeat(100_000))).toThrow(/has 100000 significant digits, more than the 38 allowed/);
    expect(() => dec('9'.repeat(1_000_000))).toThrow(DecimalError);
    expect(() => dec(`0.${'0'.repeat(1_000_000)}1`)).toThrow(/more than 18 decimal places/);
    expect(() => dec(`${'1'.repeat(1_000_000)}x`)).toThrow(/not a decimal number: "1{24}…" \(1000001 characters\)/);
  });

  it('refuses non-finite text and numbers, naming the problem', () => {
    for (const text of ['NaN', 'Infinity', '-Infinity', 'inf', '+nan']) expect(() => dec(text)).toThrow(`"${text}" is not a finite number`);
    expect(() => dec(Number.POSITIVE_INFINITY)).toThrow(/not a finite number/);
    expect(() => dec(1e300)).toThrow(/too large/);
  });

  it('refuses values that are not decimals with a DecimalError, which is a BrokerError', () => {
    for (const [value, why] of [[undefined, 'undefined'], [null, 'null'], [{}, 'a value of type object'], [[1], 'an array'], [true, 'a value of type boolean']] as const) {
      const attempt = () => dec(value as unknown as string);
      expect(attempt).toThrow(DecimalError);
      expect(attempt).toThrow(why);
    }
    try {
      dec(undefined as unknown as string);
    } catch (error) {
      expect(error).toBeInstanceOf(BrokerError);
      expect(error).toMatchObject({ code: 'INVALID_DECIMAL', retryable: false });
    }
    expect.assertions(12);
  });

  it('accepts everything within the bounds, in every notation', () => {
    const max = '9'.repeat(38);
    expect(dec(max).toString()).toBe(max);
    expect(dec(`${'1'.repeat(20)}.${'1'.repeat(18)}`).toString()).toBe(`${'1'.repeat(20)}.${'1'.repeat(18)}`);
    expect(dec('1e64').toString()).toBe(`1${'0'.repeat(64)}`);
    expect(() => dec('1e65')).toThrow(/too large/);
    expect(dec(`0.${'0'.repeat(17)}1`).toString()).toBe('0.000000000000000001');
    expect(dec(`00000${'0'.repeat(1000)}1.5000${'0'.repeat(1000)}`).toString()).toBe('1.5');
    expect(dec('0e999999999').isZero()).toBe(true);
    expect(dec(' -12.5e1 ').toString()).toBe('-125');
    expect(dec(10n ** 40n).toString()).toBe(`1${'0'.repeat(40)}`);
    expect(() => dec(10n ** 70n)).toThrow(/too large/);
  });

  it('takes configured limits, refusing limits the fast path could not honour', () => {
    setDecimalLimits({ maxSignificantDigits: 20 });
    expect(decimalLimits()).toEqual({ maxSignificantDigits: 20, maxExponent: 64 });
    expect(() => dec('1'.repeat(21))).toThrow(/more than the 20 allowed/);
    expect(dec('1'.repeat(20)).toString()).toBe('1'.repeat(20));
    expect(() => setDecimalLimits({ maxExponent: 3 })).toThrow(DecimalError);
    expect(() => setDecimalLimits({ maxSignificantDigits: 10_000 })).toThrow(/maxSignificantDigits must be an integer in 16..1000/);
    expect(decimalLimits().maxSignificantDigits).toBe(20);
    expect(Decimal.tryFrom('1'.repeat(21))).toBeUndefined();
  });
});

describe('Decimal.isBounded', () => {
  it('tells whether a computed value is still within the parsing bounds', () => {
    expect(dec('12.5').isBounded()).toBe(true);
    expect(dec('9'.repeat(38)).isBounded()).toBe(true);
    expect(dec('9'.repeat(38)).times(10).isBounded()).toBe(true);
    expect(dec('9'.repeat(38)).plus(dec('0.1')).isBounded()).toBe(false);
    expect(dec('1e64').times(10).isBounded()).toBe(false);
    expect(dec('-1e64').isBounded()).toBe(true);
  });
});
