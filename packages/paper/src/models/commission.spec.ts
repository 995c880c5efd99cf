import { dec, Decimal } from '@silvertine/core';
import { spotInstrument } from '../testing';
import {
  BINANCE_SPOT_COMMISSION,
  commissionAssetOf,
  commissionCharge,
  computeCommission,
  IB_FIXED_COMMISSION,
  monthStartUtc,
  selectTier,
  type CommissionContext,
  type CommissionModelConfig,
} from './commission';

function ctx(fields: Partial<CommissionContext> & { quantity: Decimal; price: Decimal }): CommissionContext {
  return {
    liquidity: 'TAKER',
    multiplier: Decimal.ONE,
    orderFilledBefore: Decimal.ZERO,
    orderNotionalBefore: Decimal.ZERO,
    orderCommissionBefore: Decimal.ZERO,
    monthlyNotional: Decimal.ZERO,
    monthlyQuantity: Decimal.ZERO,
    ...fields,
  };
}

describe('commission models', () => {
  it('Binance spot default: 0.1 % of 0.5 BTC at 60000 is 30 USDT', () => {
    expect(computeCommission(BINANCE_SPOT_COMMISSION, ctx({ quantity: dec('0.5'), price: dec(60000) })).toString()).toBe('30');
  });

  it('uses the maker rate for makers and the taker rate for takers', () => {
    const config: CommissionModelConfig = { model: 'PERCENTAGE', makerBps: dec(2), takerBps: dec(4) };
    // notional 2 × 1000 = 2000; 2 bps = 0.4, 4 bps = 0.8
    expect(computeCommission(config, ctx({ quantity: dec(2), price: dec(1000), liquidity: 'MAKER' })).toString()).toBe('0.4');
    expect(computeCommission(config, ctx({ quantity: dec(2), price: dec(1000), liquidity: 'TAKER' })).toString()).toBe('0.8');
  });

  it('includes the contract multiplier in notional', () => {
    const config: CommissionModelConfig = { model: 'PERCENTAGE', takerBps: dec(10) };
    // 1 ES contract at 5000 × 50 = 250,000; 0.1 % = 250
    expect(computeCommission(config, ctx({ quantity: dec(1), price: dec(5000), multiplier: dec(50) })).toString()).toBe('250');
  });

  describe('IB fixed per share', () => {
    it('100 shares at $10: 0.50 raised to the $1 minimum', () => {
      expect(computeCommission(IB_FIXED_COMMISSION, ctx({ quantity: dec(100), price: dec(10) })).toString()).toBe('1');
    });
    it('1000 shares at $50: 1000 × 0.005 = $5', () => {
      expect(computeCommission(IB_FIXED_COMMISSION, ctx({ quantity: dec(1000), price: dec(50) })).toString()).toBe('5');
    });
    it('10 shares at $5: the minimum $1 is capped at 1 % of $50 = $0.50', () => {
      expect(computeCommission(IB_FIXED_COMMISSION, ctx({ quantity: dec(10), price: dec(5) })).toString()).toBe('0.5');
    });
    it('applies the minimum once per order across partial fills', () => {
      const first = computeCommission(IB_FIXED_COMMISSION, ctx({ quantity: dec(100), price: dec(10) }));
      expect(first.toString()).toBe('1');
      // cumulative 400 shares → 2.00 total, so the second fill pays 1.00
      const second = computeCommission(
        IB_FIXED_COMMISSION,
        ctx({ quantity: dec(300), price: dec(10), orderFilledBefore: dec(100), orderNotionalBefore: dec(1000), orderCommissionBefore: first }),
      );
      expect(second.toString()).toBe('1');
    });
    it('rounds to cents half-up: 333 shares → 1.665 → 1.67', () => {
      expect(computeCommission(IB_FIXED_COMMISSION, ctx({ quantity: dec(333), price: dec(100) })).toString()).toBe('1.67');
    });
  });

  it('PER_ORDER charges its amount on the first fill only', () => {
    const config: CommissionModelConfig = { model: 'PER_ORDER', amount: dec(2) };
    expect(computeCommission(config, ctx({ quantity: dec(1), price: dec(1) })).toString()).toBe('2');
    expect(computeCommission(config, ctx({ quantity: dec(1), price: dec(1), orderFilledBefore: dec(1) })).toString()).toBe('0');
  });

  describe('TIERED', () => {
    const tiered: CommissionModelConfig = {
      model: 'TIERED',
      basis: 'NOTIONAL',
      tiers: [
        { fromVolume: dec(0), makerBps: dec(10), takerBps: dec(10) },
        { fromVolume: dec(1_000_000), makerBps: dec(9), takerBps: dec(7) },
      ],
    };
    it('picks the tier reached by this month’s volume', () => {
      // 1 × 10,000 notional: 10 bps = 10; 7 bps = 7
      expect(computeCommission(tiered, ctx({ quantity: dec(1), price: dec(10_000), monthlyNotional: dec(999_999) })).toString()).toBe('10');
      expect(computeCommission(tiered, ctx({ quantity: dec(1), price: dec(10_000), monthlyNotional: dec(1_000_000) })).toString()).toBe('7');
    });
    it('supports per-unit tiers by quantity', () => {
      const perShare: CommissionModelConfig = {
        model: 'TIERED',
        basis: 'QUANTITY',
        tiers: [
          { fromVolume: dec(0), perUnit: dec('0.0035') },
          { fromVolume: dec(300_000), perUnit: dec('0.002') },
        ],
      };
      // 1000 shares: 3.5 under the first tier, 2 under the second
      expect(computeCommission(perShare, ctx({ quantity: dec(1000), price: dec(10) })).toString()).toBe('3.5');
      expect(computeCommission(perShare, ctx({ quantity: dec(1000), price: dec(10), monthlyQuantity: dec(300_000) })).toString()).toBe('2');
    });
    it('needs at least one tier', () => {
      expect(() => selectTier([], dec(1))).toThrow(RangeError);
    });
  });

  it('NONE is free', () => {
    expect(computeCommission({ model: 'NONE' }, ctx({ quantity: dec(1), price: dec(1) })).isZero()).toBe(true);
  });

  it('charges in the quote asset unless told otherwise', () => {
    const instrument = spotInstrument('BTCUSDT');
    expect(commissionAssetOf(BINANCE_SPOT_COMMISSION, instrument)).toBe('USDT');
    expect(commissionAssetOf({ model: 'PERCENTAGE', asset: 'BNB' }, instrument)).toBe('BNB');
  });

  it('finds the UTC month start', () => {
    expect(monthStartUtc(Date.UTC(2024, 1, 29, 23, 59))).toBe(Date.UTC(2024, 1, 1));
  });
});

describe('commissionCharge', () => {
  const ETH = spotInstrument('ETHUSDT');
  const fill = (quantity: string, price: string) => ctx({ quantity: dec(quantity), price: dec(price) });

  it("reproduces Binance's FAQ examples: buying 10 ETH pays 0.01 ETH, selling pays 34.5255 USDT", () => {
    expect(commissionCharge(BINANCE_SPOT_COMMISSION, fill('10', '3452.55'), 'BUY', ETH)).toEqual({ amount: dec('0.01'), asset: 'ETH' });
    expect(commissionCharge(BINANCE_SPOT_COMMISSION, fill('10', '3452.55'), 'SELL', ETH)).toEqual({ amount: dec('34.5255'), asset: 'USDT' });
  });

  it('pays in the quote asset for instruments without a base asset, and in a configured asset when one is set', () => {
    const AAPL = { ...ETH, symbol: 'AAPL', baseAsset: undefined, quoteAsset: 'USD' };
    expect(commissionCharge(BINANCE_SPOT_COMMISSION, fill('10', '100'), 'BUY', AAPL).asset).toBe('USD');
    expect(commissionCharge({ model: 'PERCENTAGE', feeAsset: 'RECEIVED', asset: 'USDT' }, fill('10', '3452.55'), 'BUY', ETH)).toEqual({ amount: dec('34.5255'), asset: 'USDT' });
    // the IB preset is untouched: USD on a buy as on a sell
    expect(commissionCharge(IB_FIXED_COMMISSION, fill('100', '150'), 'BUY', AAPL)).toEqual({ amount: dec('1'), asset: 'USD' });
  });
});
