import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { Decimal } from '@silvertine/core';
import { PaperTradingConfig, validatePaperTradingConfig } from './paper-trading.config';
import { decimalizeConfig } from './config-decimals';

describe('paper config from a configuration file', () => {
  it('turns decimal strings into Decimal everywhere they hold money, prices or rates', () => {
    const config = plainToInstance(PaperTradingConfig, {
      instruments: [{ symbol: 'BTCUSDT', assetClass: 'CRYPTO', quoteAsset: 'USDT', tickSize: '0.01', stepSize: '0.00001', minNotional: '5', multiplier: '1' }],
      initialBalances: { USDT: '100000.50' },
      slippage: { model: 'PERCENTAGE', bps: '1.5' },
      commission: { model: 'PERCENTAGE', makerBps: '10', takerBps: 7.5 },
      maxVolumeShare: '0.5',
      seed: 3,
    });
    expect(config.instruments[0].tickSize).toBeInstanceOf(Decimal);
    expect(config.instruments[0].tickSize.toString()).toBe('0.01');
    expect(config.initialBalances.USDT.toString()).toBe('100000.5');
    expect((config.slippage as { bps: Decimal }).bps.toString()).toBe('1.5');
    expect((config.commission as { takerBps: Decimal }).takerBps.toString()).toBe('7.5');
    expect(config.maxVolumeShare.toString()).toBe('0.5');
    expect(() => validatePaperTradingConfig(config)).not.toThrow();
  });

  it('leaves what is not a number for validation to report', () => {
    expect(decimalizeConfig({ leverage: 'lots' })).toEqual({ leverage: 'lots' });
    expect(decimalizeConfig({ symbol: '12' })).toEqual({ symbol: '12' });
  });
});
