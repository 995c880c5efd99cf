import { dec } from '@silvertine/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BinanceApiError } from '../errors/binance-error';
import { DEFAULT_RATE_LIMITS } from '../rate-limit/rate-limit.config';
import { exchangeInfoJson, symbolFiltersJson } from './exchange-info';
import { parseNewOrder } from './new-order.params';
import { checkOrderFilters, type FilterInput } from './order-filters';
import { RequestParams } from './request-params';
import { resolveSymbolSpec, splitSymbol } from './symbol-spec';

const fixture = JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/exchangeInfo.wsapi.json'), 'utf8')) as {
  result: { symbols: Record<string, unknown>[]; rateLimits: Record<string, unknown>[] };
};
const btc = resolveSymbolSpec({ symbol: 'BTCUSDT' });
const symbols = new Map([[btc.symbol, btc]]);

function error(fn: () => unknown): BinanceApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BinanceApiError) return e;
    throw e;
  }
  throw new Error('did not throw');
}
const p = (o: Record<string, string>) => RequestParams.fromObject(o);

describe('exchangeInfo', () => {
  it('has the documented keys for each symbol and rate limit', () => {
    const info = exchangeInfoJson([btc], DEFAULT_RATE_LIMITS, 1, 'TRADING');
    const symbol = (info.symbols as Record<string, unknown>[])[0];
    expect(Object.keys(symbol).sort()).toEqual(Object.keys(fixture.result.symbols[0]).sort());
    expect(Object.keys((info.rateLimits as object[])[0]).sort()).toEqual(Object.keys(fixture.result.rateLimits[0]).sort());
    expect(symbol).toMatchObject({ baseAsset: 'BTC', quoteAsset: 'USDT', status: 'TRADING' });
  });

  it('lists the filters the issue names, with string numbers', () => {
    const filters = symbolFiltersJson(btc);
    expect(filters.map((f) => f.filterType)).toEqual(['PRICE_FILTER', 'LOT_SIZE', 'MIN_NOTIONAL', 'NOTIONAL', 'MAX_NUM_ORDERS', 'TRAILING_DELTA', 'PERCENT_PRICE_BY_SIDE']);
    expect(filters[0]).toEqual({ filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' });
  });

  it('splits symbols by their quote asset', () => {
    expect(splitSymbol('ETHBTC')).toEqual({ baseAsset: 'ETH', quoteAsset: 'BTC' });
    expect(splitSymbol('BTCFDUSD')).toEqual({ baseAsset: 'BTC', quoteAsset: 'FDUSD' });
  });
});

describe('parseNewOrder', () => {
  const base = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '50000' };

  it('reads a LIMIT order and defaults its response type to FULL', () => {
    const order = parseNewOrder(p(base), symbols);
    expect(order.price!.eq('50000')).toBe(true);
    expect(order.newOrderRespType).toBe('FULL');
    expect(parseNewOrder(p({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: '1', stopPrice: '1' }), symbols).newOrderRespType).toBe('ACK');
  });

  it.each([
    [{ ...base, symbol: 'NOPE' }, -1121],
    [{ ...base, side: 'UP' }, -1117],
    [{ ...base, type: 'ICEBERG' }, -1116],
    [{ ...base, timeInForce: 'DAY' }, -1115],
    [{ ...base, timeInForce: '' }, -1102],
    [{ ...base, quantity: '1,5' }, -1100],
    [{ ...base, price: '' }, -1102],
    [{ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET' }, -1102],
    [{ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1', timeInForce: 'GTC' }, -1106],
    [{ symbol: 'BTCUSDT', side: 'BUY', type: 'STOP_LOSS_LIMIT', quantity: '1', price: '1', timeInForce: 'GTC' }, -1102],
    [{ ...base, newClientOrderId: 'has space' }, -1100],
  ])('rejects %j with %i', (params, code) => {
    expect(error(() => parseNewOrder(p(params as Record<string, string>), symbols)).code).toBe(code);
  });

  it('names the missing parameter', () => {
    expect(error(() => parseNewOrder(p({ ...base, quantity: '' }), symbols)).msg).toBe(
      "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.",
    );
  });
});

describe('checkOrderFilters', () => {
  const ok: FilterInput = { side: 'BUY', isMarket: false, price: dec('50000'), quantity: dec('0.1'), averagePrice: dec('50000'), openOrders: 0 };

  it('passes a valid order', () => {
    expect(() => checkOrderFilters(btc, ok)).not.toThrow();
  });

  it.each([
    ['PRICE_FILTER', { price: dec('50000.001') }],
    ['PRICE_FILTER', { price: dec('0.001') }],
    ['LOT_SIZE', { quantity: dec('0.000001') }],
    ['LOT_SIZE', { quantity: dec('0.100001') }],
    ['LOT_SIZE', { quantity: dec('10000') }],
    ['MIN_NOTIONAL', { quantity: dec('0.00001') }],
    ['NOTIONAL', { price: dec('200000'), quantity: dec('8000'), averagePrice: dec('200000') }],
    ['MAX_NUM_ORDERS', { openOrders: 200 }],
    ['PERCENT_PRICE_BY_SIDE', { price: dec('300000') }],
    ['PERCENT_PRICE_BY_SIDE', { price: dec('9000') }],
  ])('fails %s', (filter, change) => {
    const e = error(() => checkOrderFilters(btc, { ...ok, ...change }));
    expect(e.body()).toEqual({ code: -1013, msg: `Filter failure: ${filter}` });
    expect(e.status).toBe(400);
  });
});

describe('RequestParams', () => {
  it('rejects a parameter sent twice with -1101', () => {
    expect(error(() => new RequestParams([['a', '1'], ['a', '2']])).code).toBe(-1101);
  });
});
