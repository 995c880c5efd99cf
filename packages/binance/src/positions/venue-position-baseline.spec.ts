import { dec, type BrokerBalance, type Fill, type Instrument } from '@silvertine/core';
import { VenuePositionBaseline } from './venue-position-baseline';

const btc: Instrument = {
  symbol: 'BTCUSDT', venueSymbol: 'BTCUSDT', assetClass: 'CRYPTO', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: dec('0.01'), stepSize: dec('0.00001'), multiplier: dec(1),
};
const balance = (asset: string, total: string): BrokerBalance => ({ asset, free: dec(total), locked: dec(0), total: dec(total) });
const fill = (tradeId: number, side: 'BUY' | 'SELL', quantity: string, commission: string, commissionAsset: string): Fill => ({
  tradeId: String(tradeId), clientOrderId: 'o', venueOrderId: '1', symbol: 'BTCUSDT', side, quantity: dec(quantity), price: dec('50000'),
  commission: dec(commission), commissionAsset, liquidity: 'TAKER', timestamp: 0,
});

describe('VenuePositionBaseline', () => {
  it('turns a balance into the ledger terms: less the opening, plus base commissions of later fills', () => {
    const b = new VenuePositionBaseline();
    b.open([balance('BTC', '2'), balance('USDT', '1000')], new Map([['BTCUSDT', 10]]));
    b.onFill(btc, fill(11, 'BUY', '0.01', '0.00001', 'BTC'));
    b.onFill(btc, fill(12, 'SELL', '0.005', '0.25', 'USDT'));
    // venue: 2 + 0.01 - 0.00001 - 0.005 = 2.00499; ledger: 0.01 - 0.005 = 0.005
    expect(dec('2.00499').plus(b.offset('BTC')).toString()).toBe('0.005');
  });

  it('counts a fill already in the opening balance on the venue side too (applied after a restart)', () => {
    const b = new VenuePositionBaseline();
    b.open([balance('BTC', '2.00999')], new Map([['BTCUSDT', 10]]));
    b.onFill(btc, fill(10, 'BUY', '0.01', '0.00001', 'BTC'));
    // the venue balance has not moved; the ledger holds the fill: 0.01
    expect(dec('2.00999').plus(b.offset('BTC')).toString()).toBe('0.01');
  });

  it('keeps the first opening across reconnects', () => {
    const b = new VenuePositionBaseline();
    b.open([balance('BTC', '2')], new Map([['BTCUSDT', 1]]));
    b.open([balance('BTC', '7')], new Map([['BTCUSDT', 99]]));
    expect(b.offset('BTC').toString()).toBe('-2');
    expect(b.offset('ETH').toString()).toBe('0');
  });
});
