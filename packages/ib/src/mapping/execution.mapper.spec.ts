import { dec, type Instrument } from '@silvertine/core';
import { decodeCommissionReport, decodeExecution } from '../decoding/execution.decoder';
import { parseIbTime, toFill } from './execution.mapper';

const ES: Instrument = { symbol: 'ESZ6', assetClass: 'FUT', quoteAsset: 'USD', tickSize: dec('0.25'), stepSize: dec(1), multiplier: dec(50) };
const ES_CONTRACT = { conId: 495512563, symbol: 'ES', secType: 'FUT', localSymbol: 'ESZ6', currency: 'USD', multiplier: 50 };
const execution = (over: Record<string, unknown> = {}) => ({ execId: '0000e0d5.67890abc.01.01', orderId: 4, side: 'SLD', shares: 2, price: 5000.25, cumQty: 2, time: '20260101 12:00:00 UTC', lastLiquidity: 1, ...over });

describe('execution mapping', () => {
  it('joins a decoded execution and its commission report into a Fill keyed by execId', () => {
    const fill = toFill(
      decodeExecution(ES_CONTRACT, execution()),
      decodeCommissionReport({ execId: '0000e0d5.67890abc.01.01', commission: 4.5, currency: 'USD', realizedPNL: 1.7976931348623157e308 }),
      { clientOrderId: 'c9', instrument: ES, receivedAt: 1 },
    );
    expect(fill).toMatchObject({ tradeId: '0000e0d5.67890abc.01.01', clientOrderId: 'c9', venueOrderId: '4', side: 'SELL', symbol: 'ESZ6', liquidity: 'MAKER', commissionAsset: 'USD' });
    expect([fill.quantity.toString(), fill.price.toString(), fill.commission.toString(), fill.timestamp]).toEqual(['2', '5000.25', '4.5', Date.UTC(2026, 0, 1, 12)]);
  });

  it('falls back to receive time for zone names it cannot resolve, reads epoch seconds', () => {
    expect(parseIbTime('20260101 12:00:00 US/Eastern', 42)).toBe(42);
    expect(parseIbTime('20260101-12:00:00', 0)).toBe(Date.UTC(2026, 0, 1, 12));
    expect(parseIbTime('1767268800', 0)).toBe(1767268800000);
  });

  it('reads IB doubles exactly and rounds float noise to the tick', () => {
    const fill = (price: number) => toFill(decodeExecution({ secType: 'STK' }, execution({ price })), undefined, { clientOrderId: 'c', instrument: { ...ES, tickSize: dec('0.01') }, receivedAt: 0 });
    expect(fill(0.1 + 0.2).price.toString()).toBe('0.3');
    expect(fill(150.25).price.toString()).toBe('150.25');
    expect(decodeExecution({}, execution({ price: 1e-7 })).price.toString()).toBe('0.0000001');
  });
});

describe('execution decoding refuses what TWS would never send', () => {
  it.each([
    ['a side other than BOT or SLD', { side: 'BUY' }, /side/],
    ['a price of "abc" (parseFloat: NaN)', { price: Number.NaN }, /price/],
    ['a price of 1e400 (Infinity)', { price: Number.POSITIVE_INFINITY }, /price/],
    ['a price of 1e300', { price: 1e300 }, /price/],
    ['an empty price (read as 0)', { price: 0 }, /price.*positive/],
    ['an empty size (undefined)', { shares: undefined }, /shares/],
    ['a negative size', { shares: -5 }, /shares/],
    ['no execId', { execId: '' }, /execId/],
    ['a fractional order id', { orderId: 4.5 }, /orderId/],
    ['a cumulative quantity of NaN', { cumQty: Number.NaN }, /cumQty/],
  ])('%s', (_what, over, field) => {
    expect(() => decodeExecution(ES_CONTRACT, execution(over))).toThrow(field);
  });

  it('keeps the side TWS said (SLD stays SELL whatever the order was); refuses a contract it cannot read', () => {
    expect(decodeExecution(ES_CONTRACT, execution({ side: 'BOT' })).side).toBe('BUY');
    expect(decodeExecution(ES_CONTRACT, execution()).side).toBe('SELL');
    expect(() => decodeExecution({ ...ES_CONTRACT, conId: 'x' }, execution())).toThrow(/conId/);
    expect(() => decodeExecution(null, execution())).toThrow(/contract/);
  });

  it('refuses a commission report with a NaN commission or no execId; reads IB unset as none', () => {
    expect(() => decodeCommissionReport({ execId: 'e1', commission: Number.NaN })).toThrow(/commission/);
    expect(() => decodeCommissionReport({ commission: 1 })).toThrow(/execId/);
    expect(decodeCommissionReport({ execId: 'e1', commission: 1.7976931348623157e308 }).commission).toBeUndefined();
  });
});
