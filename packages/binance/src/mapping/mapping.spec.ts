import { dec, NotSupportedError, type Instrument, type OrderRequest } from '@silvertine/core';
import { fixture } from '../../test/fixtures';
import { applyBalanceDelta, baseCommission, fromAccountPosition, fromBalanceUpdate, toBalances, toSpotPositions } from './account-mapping';
import type { RawAccount, RawBalanceUpdate, RawExchangeInfo, RawExecutionReport, RawFilter, RawMyTrade, RawOrder, RawOutboundAccountPosition, RawSymbolInfo } from './binance-types';
import { fromExecutionReport } from './execution-report-mapping';
import { mapExchangeInfo, toInstrument, toSymbolRules } from './instrument-mapping';
import { binanceOrderType, fromMyTrade, fromNewOrderResponse, fromQueryOrder, toOrderParams, toOrderStatus } from './order-mapping';

const btc: Instrument = {
  symbol: 'BTCUSDT', venueSymbol: 'BTCUSDT', assetClass: 'CRYPTO', baseAsset: 'BTC', quoteAsset: 'USDT',
  tickSize: dec('0.01'), stepSize: dec('0.00001'), multiplier: dec(1),
};
const request = (over: Partial<OrderRequest>): OrderRequest => ({
  clientOrderId: 'abc123', instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01000'), timeInForce: 'GTC', ...over,
});

describe('exchangeInfo → Instrument (documentation payload)', () => {
  const info = fixture<{ result: RawExchangeInfo }>('exchangeInfo.wsapi').result;

  it('takes tick, step and min quantity from PRICE_FILTER and LOT_SIZE', () => {
    const i = toInstrument(info.symbols[0]);
    expect(i).toMatchObject({ symbol: 'BNBBTC', baseAsset: 'BNB', quoteAsset: 'BTC', assetClass: 'CRYPTO' });
    expect(i.tickSize.toString()).toBe('0.000001');
    expect(i.stepSize.toString()).toBe('0.001');
    expect(i.minQuantity!.toString()).toBe('0.001');
    expect(i.minNotional).toBeUndefined();
  });

  it('seeds rate limits from rateLimits', () => {
    expect(mapExchangeInfo(info).rateLimits).toEqual({ requestWeightPerMinute: 6000, ordersPer10s: 50, ordersPerDay: 160000 });
  });

  it('reads min notional from NOTIONAL and bounds from the filters', () => {
    const filters = fixture<Record<string, RawFilter>>('filters');
    const symbol: RawSymbolInfo = { ...info.symbols[0], filters: [filters.PRICE_FILTER, filters.LOT_SIZE, filters.NOTIONAL, filters.MAX_NUM_ORDERS] };
    expect(toInstrument(symbol).minNotional!.toString()).toBe('10');
    const rules = toSymbolRules(symbol);
    expect(rules.maxNotional!.toString()).toBe('10000');
    expect(rules.maxQuantity!.toString()).toBe('100000');
    expect(rules.minNotionalAppliesToMarket).toBe(false);
    expect(rules.maxNumOrders).toBe(25);
  });

  it('treats a disabled filter ("0") as absent instead of a zero step', () => {
    const symbol: RawSymbolInfo = { ...info.symbols[0], filters: [{ filterType: 'PRICE_FILTER', minPrice: '0', maxPrice: '0', tickSize: '0' }] };
    expect(toInstrument(symbol).tickSize.isPositive()).toBe(true);
    expect(toSymbolRules(symbol).maxPrice).toBeUndefined();
  });
});

describe('order requests → Binance parameters', () => {
  it('maps each order type, sending timeInForce and prices only where Binance accepts them', () => {
    expect(toOrderParams(request({ limitPrice: dec('45000.50') }))).toEqual({
      symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '45000.5', timeInForce: 'GTC', newClientOrderId: 'abc123', newOrderRespType: 'FULL',
    });
    expect(toOrderParams(request({ type: 'MARKET' }))).not.toHaveProperty('timeInForce');
    expect(toOrderParams(request({ type: 'STOP', stopPrice: dec('55000') }))).toMatchObject({ type: 'STOP_LOSS', stopPrice: '55000' });
    expect(toOrderParams(request({ type: 'STOP', stopPrice: dec('55000') }))).not.toHaveProperty('price');
    expect(toOrderParams(request({ type: 'STOP_LIMIT', stopPrice: dec('55000'), limitPrice: dec('55100'), timeInForce: 'IOC' }))).toMatchObject({
      type: 'STOP_LOSS_LIMIT', stopPrice: '55000', price: '55100', timeInForce: 'IOC',
    });
    // A sell take-profit: a trigger only, sent as a market order once the price rises to it.
    expect(toOrderParams(request({ side: 'SELL', type: 'TAKE_PROFIT', stopPrice: dec('55000.10') }))).toEqual({
      symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT', quantity: '0.01', stopPrice: '55000.1', newClientOrderId: 'abc123', newOrderRespType: 'FULL',
    });
    expect(toOrderParams(request({ type: 'TAKE_PROFIT_LIMIT', stopPrice: dec('45000'), limitPrice: dec('44990.00'), timeInForce: 'FOK' }))).toEqual({
      symbol: 'BTCUSDT', side: 'BUY', type: 'TAKE_PROFIT_LIMIT', quantity: '0.01', stopPrice: '45000', price: '44990', timeInForce: 'FOK', newClientOrderId: 'abc123', newOrderRespType: 'FULL',
    });
    const maker = toOrderParams(request({ postOnly: true, limitPrice: dec('1') }));
    expect(maker.type).toBe('LIMIT_MAKER');
    expect(maker).not.toHaveProperty('timeInForce');
  });

  it('refuses TRAILING_STOP_LIMIT with NotSupportedError instead of sending something else (trailing stops: trailing-order.spec.ts)', () => {
    expect(() => toOrderParams(request({ side: 'SELL', type: 'TRAILING_STOP_LIMIT', trailingPercent: dec('1'), trailingLimitOffset: dec('1') }))).toThrow(NotSupportedError);
    expect(() => binanceOrderType(request({ side: 'SELL', type: 'TRAILING_STOP_LIMIT', trailingPercent: dec('1'), trailingLimitOffset: dec('1') }))).toThrow(/TRAILING_STOP_LIMIT is not mapped/);
  });

  it('maps every Binance status', () => {
    expect(['NEW', 'PENDING_NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'PENDING_CANCEL', 'REJECTED', 'EXPIRED', 'EXPIRED_IN_MATCH', 'WHAT'].map(toOrderStatus)).toEqual([
      'ACCEPTED', 'SUBMITTED', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'PENDING_CANCEL', 'REJECTED', 'EXPIRED', 'EXPIRED', 'UNKNOWN',
    ]);
  });
});

describe('order responses (documentation payloads)', () => {
  it('turns a FULL response into one fill per trade, exact decimals', () => {
    const raw = fixture<RawOrder>('order-full-response');
    const placed = fromNewOrderResponse(raw, request({ type: 'MARKET', side: 'SELL', quantity: dec(10) }));
    expect(placed.venueOrderId).toBe('28');
    expect(placed.status).toBe('FILLED');
    expect(placed.fills.map((f) => f.tradeId)).toEqual(['56', '57', '58', '59', '60']);
    expect(placed.fills[1]).toMatchObject({ side: 'SELL', commissionAsset: 'USDT', liquidity: 'TAKER', timestamp: 1507725176595 });
    expect(placed.fills[1].price.toString()).toBe('3999');
    expect(placed.fills[1].commission.toString()).toBe('19.995');
    expect(dec(0).plus(placed.fills.reduce((s, f) => s.plus(f.quantity), dec(0))).toString()).toBe('10');
  });

  it('reads ACK and RESULT responses without fills', () => {
    expect(fromNewOrderResponse(fixture<RawOrder>('order-ack-response'), request({})).fills).toEqual([]);
    expect(fromNewOrderResponse(fixture<RawOrder>('order-result-response'), request({})).status).toBe('FILLED');
  });
});

describe('executionReport → status and fill (documentation payload)', () => {
  const raw = fixture<{ event: RawExecutionReport }>('executionReport').event;

  it('maps a NEW report to ACCEPTED with no fill', () => {
    const u = fromExecutionReport(raw, 'BTC');
    expect(u).toMatchObject({ clientOrderId: 'mUvoqJxFIILMdfAW5iGSOW', venueOrderId: '4293153', status: 'ACCEPTED', executionType: 'NEW' });
    expect(u.fill).toBeUndefined();
  });

  it('maps a TRADE report to one fill with its trade id, maker flag and commission', () => {
    const trade: RawExecutionReport = { ...raw, x: 'TRADE', X: 'PARTIALLY_FILLED', l: '0.40000000', L: '0.10264400', n: '0.00040000', N: 'ETH', t: 77, m: true, T: 1499405658700 };
    const u = fromExecutionReport(trade, 'BTC');
    expect(u.status).toBe('PARTIALLY_FILLED');
    expect(u.fill).toMatchObject({ tradeId: '77', liquidity: 'MAKER', commissionAsset: 'ETH', side: 'BUY', timestamp: 1499405658700 });
    expect(u.fill!.quantity.toString()).toBe('0.4');
    expect(u.fill!.price.toString()).toBe('0.102644');
  });

  it('reports a cancel under the original client id (C), not the cancel request id (c)', () => {
    const u = fromExecutionReport({ ...raw, x: 'CANCELED', X: 'CANCELED', c: 'cancelReq1', C: 'myOrder1' }, 'BTC');
    expect(u).toMatchObject({ clientOrderId: 'myOrder1', status: 'CANCELED' });
  });

  it('uses the quote asset when no commission asset was sent', () => {
    expect(fromExecutionReport({ ...raw, x: 'TRADE', X: 'FILLED', l: '1', L: '1', t: 5, N: null }, 'BTC').fill!.commissionAsset).toBe('BTC');
  });
});

describe('account and balance events (documentation payloads)', () => {
  it('maps account balances with total = free + locked', () => {
    const balances = toBalances(fixture<RawAccount>('account'));
    expect(balances.map((b) => b.asset)).toEqual(['BTC', 'LTC']);
    expect(balances[0].total.toString()).toBe('4723846.89208129');
  });

  it('maps outboundAccountPosition and balanceUpdate', () => {
    const [eth] = fromAccountPosition(fixture<{ event: RawOutboundAccountPosition }>('outboundAccountPosition').event);
    expect(eth.asset).toBe('ETH');
    expect(eth.free.toString()).toBe('10000');
    const update = fromBalanceUpdate(fixture<{ event: RawBalanceUpdate }>('balanceUpdate').event);
    expect(update.delta.toString()).toBe('100');
    expect(applyBalanceDelta(eth, 'ETH', dec('-0.5')).total.toString()).toBe('9999.5');
  });
});

describe('venue state for reconciliation (documentation payloads)', () => {
  it('maps an openOrders row to a core Order with exact decimals and no zero prices', () => {
    const [raw] = fixture<RawOrder[]>('openOrders');
    const o = fromQueryOrder(raw, btc);
    expect(o).toMatchObject({ clientOrderId: 'myOrder1', venueOrderId: '1', status: 'ACCEPTED', createdAt: 1499827319559, updatedAt: 1499827319559 });
    expect(o.request).toMatchObject({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC' });
    expect(o.request.limitPrice!.toString()).toBe('0.1');
    expect(o.request.stopPrice).toBeUndefined();
    expect(o.remainingQuantity.toString()).toBe('1');
    expect(o.averageFillPrice).toBeUndefined();
  });

  it('derives the average fill price from cummulativeQuoteQty / executedQty and maps stop types', () => {
    const raw = fixture<RawOrder>('order-query-response');
    const o = fromQueryOrder({ ...raw, executedQty: '0.3', cummulativeQuoteQty: '0.03', status: 'PARTIALLY_FILLED', type: 'STOP_LOSS_LIMIT', stopPrice: '0.09' }, btc);
    expect(o.averageFillPrice!.toString()).toBe('0.1');
    expect(o.request.type).toBe('STOP_LIMIT');
    expect(o.request.stopPrice!.toString()).toBe('0.09');
    expect(fromQueryOrder({ ...raw, type: 'LIMIT_MAKER' }, btc).request.postOnly).toBe(true);
  });

  it('adopts venue take-profits as the core take-profit types, with their trigger and limit', () => {
    const raw = fixture<RawOrder>('order-query-response');
    const tp = fromQueryOrder({ ...raw, type: 'TAKE_PROFIT', side: 'SELL', price: '0.00000000', stopPrice: '0.12' }, btc);
    expect(tp.request).toMatchObject({ type: 'TAKE_PROFIT', side: 'SELL' });
    expect(tp.request.stopPrice!.toString()).toBe('0.12');
    expect(tp.request.limitPrice).toBeUndefined();
    const tpl = fromQueryOrder({ ...raw, type: 'TAKE_PROFIT_LIMIT', stopPrice: '0.09', price: '0.089' }, btc);
    expect(tpl.request.type).toBe('TAKE_PROFIT_LIMIT');
    expect([tpl.request.stopPrice!.toString(), tpl.request.limitPrice!.toString()]).toEqual(['0.09', '0.089']);
    // a stop-loss stays a stop: the two trigger in opposite directions
    expect(fromQueryOrder({ ...raw, type: 'STOP_LOSS', stopPrice: '0.09' }, btc).request.type).toBe('STOP');
  });

  it('maps a myTrades row to a fill of the order the caller named', () => {
    const [row] = fixture<RawMyTrade[]>('myTrades');
    const f = fromMyTrade(row, 'mine', 'BNBBTC');
    expect(f).toMatchObject({ tradeId: '28457', clientOrderId: 'mine', venueOrderId: '100234', side: 'BUY', liquidity: 'TAKER', commissionAsset: 'BNB', timestamp: 1499865549590 });
    expect(f.price.toString()).toBe('4.000001');
    expect(f.commission.toString()).toBe('10.1');
  });

  it('turns balances into spot positions, one per base asset, plus the given offset', () => {
    const eth: Instrument = { ...btc, symbol: 'ETHUSDT', venueSymbol: 'ETHUSDT', baseAsset: 'ETH' };
    const btcFdusd: Instrument = { ...btc, symbol: 'BTCFDUSD', venueSymbol: 'BTCFDUSD', quoteAsset: 'FDUSD' };
    const balances = [{ asset: 'BTC', free: dec('1.5'), locked: dec('0.5'), total: dec('2') }, { asset: 'USDT', free: dec(1), locked: dec(0), total: dec(1) }];
    const positions = toSpotPositions(balances, [btc, btcFdusd, eth], (a) => (a === 'BTC' ? dec('0.001') : dec(0)));
    expect(positions.map((p) => `${p.instrument.symbol}:${p.quantity}`)).toEqual(['BTCUSDT:2.001']);
  });

  it('counts only commissions paid in the base asset', () => {
    const [row] = fixture<RawMyTrade[]>('myTrades');
    expect(baseCommission(fromMyTrade(row, 'x', 'BNBBTC'), 'BNB').toString()).toBe('10.1');
    expect(baseCommission(fromMyTrade(row, 'x', 'BNBBTC'), 'BTC').isZero()).toBe(true);
  });
});
