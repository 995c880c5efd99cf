import { dec, type Instrument } from '@silvertine/core';
import { fixture } from '../../test/fixtures';
import { PayloadRejection } from '../decoding/payload-rejection';
import { decodeOrder } from '../decoding/rest-order.decoder';
import { fromQueryOrder } from './order-mapping';

const btc: Instrument = {
  symbol: 'BTCUSDT', venueSymbol: 'BTCUSDT', assetClass: 'CRYPTO', baseAsset: 'BTC', quoteAsset: 'USDT',
  tickSize: dec('0.01'), stepSize: dec('0.00001'), multiplier: dec(1),
};

/** The documented order-query row, made a trailing STOP_LOSS as rest-api.md shows trailing orders (trailingDelta, trailingTime). */
function trailingRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const raw = fixture<Record<string, unknown>>('order-query-response');
  return { ...raw, symbol: 'BTCUSDT', type: 'STOP_LOSS', side: 'SELL', price: '0.00000000', stopPrice: '0.00000000', trailingDelta: 100, trailingTime: -1, ...overrides };
}

describe('trailing orders found at the venue', () => {
  it('reads a STOP_LOSS with trailingDelta and no activation price as a TRAILING_STOP by percent (bips / 100)', () => {
    const order = fromQueryOrder(decodeOrder(trailingRow()), btc);
    expect(order.request.type).toBe('TRAILING_STOP');
    expect(order.request.trailingPercent?.eq('1')).toBe(true);
    expect(order.request.stopPrice).toBeUndefined();
    expect(fromQueryOrder(decodeOrder(trailingRow({ trailingDelta: 25 })), btc).request.trailingPercent?.eq('0.25')).toBe(true);
  });

  it('keeps a trailing stop with an activation price, and any stop without trailingDelta, as a STOP at its stopPrice', () => {
    const activated = fromQueryOrder(decodeOrder(trailingRow({ stopPrice: '49000.00000000' })), btc);
    expect(activated.request.type).toBe('STOP');
    expect(activated.request.trailingPercent).toBeUndefined();
    expect(activated.request.stopPrice?.eq('49000')).toBe(true);
    const plain = trailingRow({ stopPrice: '49000.00000000' });
    delete plain.trailingDelta;
    expect(fromQueryOrder(decodeOrder(plain), btc).request.type).toBe('STOP');
  });

  it('refuses a trailingDelta that is not an integer, naming the field', () => {
    expect(() => decodeOrder(trailingRow({ trailingDelta: '1%' }))).toThrow(PayloadRejection);
    expect(() => decodeOrder(trailingRow({ trailingDelta: '1%' }))).toThrow('trailingDelta must be an integer');
  });
});
