import { dec, InvalidOrderError, NotSupportedError, type Instrument, type OrderRequest } from '@silvertine/core';
import { fixture } from '../../test/fixtures';
import { PayloadRejection } from '../decoding/payload-rejection';
import { decodeExchangeInfo } from '../decoding/rest-market.decoder';
import { decodeOrder } from '../decoding/rest-order.decoder';
import { checkAgainstVenue } from './filter-check';
import { mapExchangeInfo } from './instrument-mapping';
import { fromQueryOrder, toOrderParams } from './order-mapping';

const btc: Instrument = {
  symbol: 'BTCUSDT', venueSymbol: 'BTCUSDT', assetClass: 'CRYPTO', baseAsset: 'BTC', quoteAsset: 'USDT',
  tickSize: dec('0.01'), stepSize: dec('0.00001'), multiplier: dec(1),
};

/** The documented order-query row, made a trailing STOP_LOSS as rest-api.md shows trailing orders (trailingDelta, trailingTime). */
function trailingRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const raw = fixture<Record<string, unknown>>('order-query-response');
  return { ...raw, symbol: 'BTCUSDT', type: 'STOP_LOSS', side: 'SELL', price: '0.00000000', stopPrice: '0.00000000', trailingDelta: 100, trailingTime: -1, ...overrides };
}

const trailing = (over: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: 'trail-1', instrument: btc, side: 'SELL', type: 'TRAILING_STOP', quantity: dec('0.01'), timeInForce: 'GTC', trailingPercent: dec('1.5'), ...over,
});

describe('trailing stops sent to Binance', () => {
  it('sends a TRAILING_STOP as a STOP_LOSS with trailingDelta in basis points and no stopPrice', () => {
    expect(toOrderParams(trailing())).toEqual({
      symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.01', trailingDelta: '150', newClientOrderId: 'trail-1', newOrderRespType: 'FULL',
    });
    expect(toOrderParams(trailing({ side: 'BUY', trailingPercent: dec('0.1') })).trailingDelta).toBe('10');
  });

  it('refuses a trailingAmount, naming the field and the rule (Binance trails by percentage only)', () => {
    let caught: unknown;
    try {
      toOrderParams(trailing({ trailingPercent: undefined, trailingAmount: dec('500') }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotSupportedError);
    expect((caught as NotSupportedError).feature).toBe('trailingAmount');
    expect((caught as Error).message).toContain('percentage only');
  });

  it('refuses a percentage that is not a whole number of basis points instead of rounding it', () => {
    expect(() => toOrderParams(trailing({ trailingPercent: dec('1.255') }))).toThrow(expect.objectContaining({ field: 'trailingPercent', rule: 'wholeBips' }));
    expect(() => toOrderParams(trailing({ trailingPercent: dec('1.255') }))).toThrow(InvalidOrderError);
  });

  it("checks the distance against the venue's TRAILING_DELTA filter, below the market for a sell and above it for a buy", () => {
    const info = fixture<{ result: { symbols: Array<{ filters: Array<Record<string, unknown>> }> } }>('exchangeInfo.wsapi').result;
    const symbol = { ...info.symbols[0], symbol: 'BTCUSDT', status: 'TRADING', orderTypes: ['STOP_LOSS'] };
    symbol.filters = [
      ...symbol.filters.filter((f) => f.filterType !== 'TRAILING_DELTA'),
      { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 20, maxTrailingBelowDelta: 1000 },
    ];
    const mapped = mapExchangeInfo(decodeExchangeInfo({ ...info, symbols: [symbol] }));
    const rules = mapped.rules.get('BTCUSDT');
    expect(rules?.trailingDelta).toEqual({ above: { min: 10, max: 2000 }, below: { min: 20, max: 1000 } });
    const venue = { ...btc, ...mapped.instruments.get('BTCUSDT'), stepSize: dec('0.00001'), minQuantity: undefined, minNotional: undefined };
    const check = (over: Partial<OrderRequest>) => () => checkAgainstVenue(trailing(over), venue, rules);
    expect(check({ trailingPercent: dec('10') })).not.toThrow();
    expect(check({ trailingPercent: dec('10.01') })).toThrow(expect.objectContaining({ field: 'trailingPercent', rule: 'trailingDelta' }));
    expect(check({ trailingPercent: dec('0.1') })).toThrow(/outside the venue's TRAILING_DELTA range 20..1000/);
    expect(check({ side: 'BUY', trailingPercent: dec('0.1') })).not.toThrow();
    expect(check({ side: 'BUY', trailingPercent: dec('20.01') })).toThrow(expect.objectContaining({ rule: 'trailingDelta' }));
  });

  it('refuses a TRAILING_DELTA bound that is not an integer', () => {
    const info = fixture<{ result: { symbols: Array<{ filters: Array<Record<string, unknown>> }> } }>('exchangeInfo.wsapi').result;
    const symbol = { ...info.symbols[0], filters: [{ filterType: 'TRAILING_DELTA', minTrailingAboveDelta: '10' }] };
    expect(() => decodeExchangeInfo({ ...info, symbols: [symbol] })).toThrow(PayloadRejection);
  });
});

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
