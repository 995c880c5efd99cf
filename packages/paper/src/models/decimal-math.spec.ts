import { dec, Decimal } from '@silvertine/core';
import { midOf } from './decimal-math';

describe('midOf', () => {
  it('equals (bid + ask) / 2 exactly, including odd sums at the 18th place and big mantissas', () => {
    const cases: Array<[string, string]> = [
      ['100.01', '100.02'],
      ['0.000000000000000001', '0.000000000000000002'],
      ['0.000000000000000003', '0'],
      ['-0.000000000000000001', '0.000000000000000004'],
      ['123456789012345678.5', '123456789012345678.25'],
      ['9007199254740991', '9007199254740990'],
      ['0.123456789012345677', '0.123456789012345678'],
      ['65000.1', '65000.3'],
    ];
    let seed = 21;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let i = 0; i < 500; i++) {
      const places = next() % 19;
      const a = Decimal.from(next()).times(Decimal.from(next())).div(Decimal.from(10).times(Decimal.from(10 ** Math.min(places, 15))));
      const b = a.plus(Decimal.from(next() % 1000).div(Decimal.from(10 ** (next() % 16))));
      cases.push([a.toString(), b.toString()]);
    }
    for (const [bid, ask] of cases) {
      const expected = dec(bid).plus(dec(ask)).div(Decimal.from(2));
      const actual = midOf(dec(bid), dec(ask));
      expect(actual.toString()).toBe(expected.toString());
      expect(actual.eq(expected)).toBe(true);
    }
  });
});
