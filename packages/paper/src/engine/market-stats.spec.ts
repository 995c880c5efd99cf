import fc from 'fast-check';
import { Decimal } from '@silvertine/core';
import { midOf } from '../models/decimal-math';
import { MarketStats } from './market-stats';

describe('MarketStats', () => {
  it('observeMid records exactly the float observePrice(midOf(bid, ask)) records, to the last bit', () => {
    // Prices from whole numbers to 18 decimal places (where the Decimal mid rounds at the 18th).
    const price = fc.tuple(fc.integer({ min: 1, max: 9_999_999 }), fc.integer({ min: 0, max: 18 })).map(([m, s]) => Decimal.from(m).div(Decimal.from(10n ** BigInt(s))));
    const quotes = fc.array(fc.tuple(price, price), { minLength: 3, maxLength: 40 });
    fc.assert(
      fc.property(quotes, (pairs) => {
        const viaMid = new MarketStats();
        const direct = new MarketStats();
        pairs.forEach(([a, b], i) => {
          const [bid, ask] = a.lte(b) ? [a, b] : [b, a];
          viaMid.observePrice(midOf(bid, ask), 1000 * i);
          direct.observeMid(bid, ask, 1000 * i);
        });
        expect(direct.sigma()).toBe(viaMid.sigma());
      }),
      { numRuns: 300 },
    );
  });
});
