import { dec, type Instrument } from '@silvertine/core';
import { parseIbTime, toFill } from './execution.mapper';
import { fromIbNumber } from './numbers';

const ES: Instrument = { symbol: 'ESZ6', assetClass: 'FUT', quoteAsset: 'USD', tickSize: dec('0.25'), stepSize: dec(1), multiplier: dec(50) };

describe('execution mapping', () => {
  it('joins an execution and its commission report into a Fill keyed by execId', () => {
    const fill = toFill(
      { execId: '0000e0d5.67890abc.01.01', orderId: 4, side: 'SLD', shares: 2, price: 5000.25, time: '20260101 12:00:00 UTC', lastLiquidity: 1 as never },
      { execId: '0000e0d5.67890abc.01.01', commission: 4.5, currency: 'USD', realizedPNL: 1.7976931348623157e308 },
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
    expect(fromIbNumber(0.1 + 0.2, dec('0.01')).toString()).toBe('0.3');
    expect(fromIbNumber(150.25).toString()).toBe('150.25');
    expect(fromIbNumber(1e-7).toString()).toBe('0.0000001');
  });
});
