import { dec, type Instrument } from '@silvertine/core';
import { fromContractDetails, instrumentFromContract, toIbContract } from './contract.mapper';

const i = (over: Partial<Instrument>): Instrument => ({ symbol: 'X', assetClass: 'STK', quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1), ...over });

describe('toIbContract', () => {
  it('maps each asset class the way IB names it', () => {
    expect(toIbContract(i({ symbol: 'AAPL' }))).toEqual({ secType: 'STK', symbol: 'AAPL', exchange: 'SMART', currency: 'USD' });
    expect(toIbContract(i({ symbol: 'EUR.USD', assetClass: 'CASH' }))).toEqual({ secType: 'CASH', symbol: 'EUR', exchange: 'IDEALPRO', currency: 'USD' });
    expect(toIbContract(i({ symbol: 'BTCUSD', assetClass: 'CRYPTO' }))).toEqual({ secType: 'CRYPTO', symbol: 'BTC', exchange: 'PAXOS', currency: 'USD' });
    expect(toIbContract(i({ symbol: 'ESZ6', assetClass: 'FUT', baseAsset: 'ES', expiry: '20261218', multiplier: dec(50), exchange: 'CME' }))).toEqual({
      secType: 'FUT', symbol: 'ES', lastTradeDateOrContractMonth: '20261218', multiplier: 50, exchange: 'CME', currency: 'USD',
    });
    expect(toIbContract(i({ assetClass: 'OPT', baseAsset: 'AAPL', expiry: '20261218', strike: dec('152.5'), right: 'P', multiplier: dec(100) }))).toEqual({
      secType: 'OPT', symbol: 'AAPL', lastTradeDateOrContractMonth: '20261218', strike: 152.5, right: 'P', multiplier: 100, exchange: 'SMART', currency: 'USD',
    });
  });

  it('applies pinned hints (conId, primary exchange)', () => {
    expect(toIbContract(i({ symbol: 'AAPL' }), { conId: 265598, primaryExchange: 'NASDAQ' })).toMatchObject({ conId: 265598, primaryExch: 'NASDAQ', exchange: 'SMART' });
  });
});

describe('contract details and reported contracts', () => {
  it('reads minTick and multiplier as Decimals and keeps the routing exchange', () => {
    const r = fromContractDetails({ contract: { conId: 1, symbol: 'ES', multiplier: 50, exchange: 'CME' }, minTick: 0.25 }, 'CME');
    expect([r.conId, r.minTick!.toString(), r.multiplier.toString(), r.contract.exchange]).toEqual([1, '0.25', '50', 'CME']);
  });

  it('names instruments of unknown contracts by IB local symbol', () => {
    expect(instrumentFromContract({ secType: 'CASH' as never, symbol: 'EUR', currency: 'USD', localSymbol: 'EUR.USD' })!.symbol).toBe('EUR.USD');
    expect(instrumentFromContract({ secType: 'STK' as never, symbol: 'AAPL', currency: 'USD', localSymbol: 'AAPL' })!.symbol).toBe('AAPL');
    expect(instrumentFromContract({ secType: 'BAG' as never, symbol: 'X' })).toBeUndefined();
  });
});
