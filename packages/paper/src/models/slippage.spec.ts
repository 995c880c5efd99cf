import { dec, Decimal } from '@silvertine/core';
import fc from 'fast-check';
import { applySlippage, marketImpactFraction, slippageAmount, slippedPrice, SlippageModel, type SlippageModelConfig } from './slippage';

const tick = dec('0.01');
const ctx = (side: 'BUY' | 'SELL', ref: string, qty = '1', extra = {}) => ({
  side,
  referencePrice: dec(ref),
  orderQuantity: dec(qty),
  tickSize: tick,
  ...extra,
});

describe('slippage models', () => {
  it('exposes the model names as values', () => {
    expect([SlippageModel.FIXED, SlippageModel.PERCENTAGE, SlippageModel.MARKET_IMPACT]).toEqual(['FIXED', 'PERCENTAGE', 'MARKET_IMPACT']);
  });

  describe('FIXED', () => {
    it('moves a buy up and a sell down by the amount', () => {
      const config: SlippageModelConfig = { model: 'FIXED', amount: dec('0.05') };
      expect(slippedPrice(config, ctx('BUY', '100')).toString()).toBe('100.05');
      expect(slippedPrice(config, ctx('SELL', '100')).toString()).toBe('99.95');
    });

    it('counts whole ticks: 3 ticks of 0.5 from 100 is 101.5', () => {
      const config: SlippageModelConfig = { model: 'FIXED', ticks: 3 };
      expect(slippedPrice(config, { ...ctx('BUY', '100'), tickSize: dec('0.5') }).toString()).toBe('101.5');
    });

    it('rounds a fractional amount up to the next tick (0.013 → 0.02)', () => {
      expect(slippageAmount({ model: 'FIXED', amount: dec('0.013') }, ctx('BUY', '100')).toString()).toBe('0.02');
    });

    it('rejects negative tick counts', () => {
      expect(() => slippageAmount({ model: 'FIXED', ticks: -1 }, ctx('BUY', '100'))).toThrow(RangeError);
    });
  });

  describe('PERCENTAGE', () => {
    it('5 bps of 60000 is 30', () => {
      const config: SlippageModelConfig = { model: 'PERCENTAGE', bps: dec(5) };
      expect(slippedPrice(config, ctx('BUY', '60000')).toString()).toBe('60030');
      expect(slippedPrice(config, ctx('SELL', '60000')).toString()).toBe('59970');
    });

    it('1 bp of 123.45 is 0.012345, rounded up to 0.02', () => {
      expect(slippedPrice({ model: 'PERCENTAGE', bps: dec(1) }, ctx('BUY', '123.45')).toString()).toBe('123.47');
    });
  });

  describe('MARKET_IMPACT', () => {
    const base = { model: 'MARKET_IMPACT' as const, sigma: 0.02, adv: dec(1_000_000) };

    it('temporary impact η·σ·(Q/ADV)^β with LEAN defaults', () => {
      // Q/ADV = 10,000 / 1,000,000 = 0.01; 0.01^0.6 = 10^-1.2 ≈ 0.0630957
      const expected = 0.142 * 0.02 * Math.pow(10, -1.2);
      expect(marketImpactFraction(base, dec(10_000))).toBeCloseTo(expected, 12);
      // 100 × 0.000179192 = 0.0179 → rounded up to 0.02
      expect(slippedPrice(base, ctx('BUY', '100', '10000')).toString()).toBe('100.02');
    });

    it('adds half the permanent impact γ·σ·(Q/ADV)^α when asked', () => {
      const expected = 0.142 * 0.02 * Math.pow(0.01, 0.6) + 0.5 * 0.314 * 0.02 * Math.pow(0.01, 0.891);
      expect(marketImpactFraction({ ...base, permanent: true }, dec(10_000))).toBeCloseTo(expected, 12);
      // 100 × 0.000231 = 0.0231 → 0.03
      expect(slippedPrice({ ...base, permanent: true }, ctx('SELL', '100', '10000')).toString()).toBe('99.97');
    });

    it('grows with order size', () => {
      const small = marketImpactFraction(base, dec(1_000))!;
      const large = marketImpactFraction(base, dec(100_000))!;
      expect(large).toBeGreaterThan(small);
    });

    it('uses the estimates when the config gives no σ/ADV, and nothing without any', () => {
      const bare: SlippageModelConfig = { model: 'MARKET_IMPACT' };
      expect(slippageAmount(bare, ctx('BUY', '100', '10000')).isZero()).toBe(true);
      const withEstimates = ctx('BUY', '100', '10000', { estimatedSigma: 0.02, estimatedAdv: dec(1_000_000) });
      expect(slippageAmount(bare, withEstimates).toString()).toBe('0.02');
    });

    it('caps impact at the whole price', () => {
      expect(marketImpactFraction({ ...base, eta: 1000 }, dec(1_000_000))).toBe(1);
    });
  });

  describe('applySlippage', () => {
    it('never goes beyond the limit price', () => {
      expect(applySlippage('BUY', dec(100), dec('0.5'), tick, dec('100.2')).toString()).toBe('100.2');
      expect(applySlippage('SELL', dec(100), dec('0.5'), tick, dec('99.8')).toString()).toBe('99.8');
    });

    it('keeps a sell at one tick at least', () => {
      expect(applySlippage('SELL', dec('0.02'), dec('0.05'), tick).toString()).toBe('0.01');
    });

    it('rounds an off-grid reference adversely', () => {
      expect(applySlippage('BUY', dec('100.005'), Decimal.ZERO, tick).toString()).toBe('100.01');
      expect(applySlippage('SELL', dec('100.005'), Decimal.ZERO, tick).toString()).toBe('100');
    });
  });

  it('property: always adverse, on the tick grid, never beyond the limit', () => {
    const configs = fc.oneof(
      fc.record({ model: fc.constant('FIXED' as const), ticks: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ model: fc.constant('PERCENTAGE' as const), bps: fc.integer({ min: 0, max: 500 }).map((n) => dec(n)) }),
      fc.record({ model: fc.constant('MARKET_IMPACT' as const), sigma: fc.double({ min: 0, max: 0.2, noNaN: true }), adv: fc.integer({ min: 1, max: 1e9 }).map((n) => dec(n)) }),
    );
    fc.assert(
      fc.property(
        configs,
        fc.constantFrom('BUY' as const, 'SELL' as const),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.option(fc.integer({ min: 0, max: 50 })),
        (config, side, refTicks, qty, limitOffset) => {
          const ref = tick.times(refTicks);
          const limit = limitOffset === null ? undefined : side === 'BUY' ? ref.plus(tick.times(limitOffset)) : ref.minus(tick.times(limitOffset));
          const price = slippedPrice(config, ctx(side, ref.toString(), String(qty)), limit);
          expect(price.isMultipleOf(tick)).toBe(true);
          if (side === 'BUY') {
            expect(price.gte(ref)).toBe(true);
            if (limit) expect(price.lte(limit)).toBe(true);
          } else {
            expect(price.lte(ref) || (limit !== undefined && price.eq(limit))).toBe(true);
            if (limit) expect(price.gte(limit)).toBe(true);
          }
        },
      ),
    );
  });
});
