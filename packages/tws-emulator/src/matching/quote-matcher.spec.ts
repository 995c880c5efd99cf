import { dec, type Instrument, type OrderRequest, type Quote } from '@silvertine/core';
import { QuoteMatcher } from './quote-matcher';

const inst: Instrument = { symbol: 'X', assetClass: 'STK', quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1) };
const order = (o: Partial<OrderRequest> & Pick<OrderRequest, 'clientOrderId' | 'side' | 'type'>): OrderRequest => ({
  instrument: inst, quantity: dec(100), timeInForce: 'GTC', ...o,
});
const quote = (bid: string, ask: string, size = '0'): Quote => ({ kind: 'quote', symbol: 'X', bid: dec(bid), ask: dec(ask), bidSize: dec(size), askSize: dec(size), timestamp: 0 });
const fills = (events: ReturnType<QuoteMatcher['submit']>) =>
  events.filter((e) => e.kind === 'FILL').map((e) => (e.kind === 'FILL' ? `${e.quantity}@${e.price}/${e.liquidity}` : ''));

describe('QuoteMatcher', () => {
  it('fills a market order at the touch, and waits for a quote when there is none', () => {
    const m = new QuoteMatcher();
    expect(m.submit(order({ clientOrderId: 'a', side: 'BUY', type: 'MARKET' }), 0).map((e) => e.kind)).toEqual(['ACCEPTED']);
    expect(fills(m.onMarketData(quote('99.99', '100.01'), 1))).toEqual(['100@100.01/TAKER']);
    expect(fills(m.submit(order({ clientOrderId: 'b', side: 'SELL', type: 'MARKET' }), 2))).toEqual(['100@99.99/TAKER']);
  });

  it('partially fills against the shown size and completes on the next quote', () => {
    const m = new QuoteMatcher();
    m.onMarketData(quote('10', '10.02', '30'), 0);
    expect(fills(m.submit(order({ clientOrderId: 'a', side: 'BUY', type: 'MARKET' }), 1))).toEqual(['30@10.02/TAKER']);
    expect(fills(m.onMarketData(quote('10', '10.03', '100'), 2))).toEqual(['70@10.03/TAKER']);
  });

  it('rests a limit order and fills it at its limit as a maker when the market comes', () => {
    const m = new QuoteMatcher();
    m.onMarketData(quote('100', '100.02'), 0);
    expect(fills(m.submit(order({ clientOrderId: 'a', side: 'BUY', type: 'LIMIT', limitPrice: dec('99.5') }), 1))).toEqual([]);
    expect(fills(m.onMarketData(quote('99.2', '99.4'), 2))).toEqual(['100@99.5/MAKER']);
  });

  it('triggers a stop and a stop-limit only when the touch crosses the stop', () => {
    const m = new QuoteMatcher();
    m.onMarketData(quote('100', '100.02'), 0);
    m.submit(order({ clientOrderId: 's', side: 'SELL', type: 'STOP', stopPrice: dec('99') }), 1);
    m.submit(order({ clientOrderId: 'sl', side: 'SELL', type: 'STOP_LIMIT', stopPrice: dec('99'), limitPrice: dec('98.9') }), 1);
    expect(m.onMarketData(quote('99.5', '99.6'), 2)).toEqual([]);
    const events = m.onMarketData(quote('98.8', '98.9'), 3);
    expect(events.map((e) => `${e.kind}:${e.clientOrderId}`)).toEqual(['TRIGGERED:s', 'FILL:s', 'TRIGGERED:sl']);
    expect(fills(m.onMarketData(quote('98.95', '99'), 4))).toEqual(['100@98.95/TAKER']);
  });

  it('trails a sell stop below the highest bid (percent) and fires on the pullback', () => {
    const m = new QuoteMatcher();
    m.onMarketData(quote('100', '100.02'), 0);
    m.submit(order({ clientOrderId: 't', side: 'SELL', type: 'TRAILING_STOP', trailingPercent: dec('1') }), 1);
    expect(m.onMarketData(quote('110', '110.02'), 2)).toEqual([]); // stop now 108.9
    expect(m.onMarketData(quote('109', '109.02'), 3)).toEqual([]);
    expect(fills(m.onMarketData(quote('108.9', '108.92'), 4))).toEqual(['100@108.9/TAKER']);
  });

  it('triggers take-profits when the touch moves in their favour: a sell MIT at market, a buy LIT at its limit', () => {
    const m = new QuoteMatcher();
    m.onMarketData(quote('100', '100.02'), 0);
    m.submit(order({ clientOrderId: 'tp', side: 'SELL', type: 'TAKE_PROFIT', stopPrice: dec('101') }), 1);
    m.submit(order({ clientOrderId: 'tpl', side: 'BUY', type: 'TAKE_PROFIT_LIMIT', stopPrice: dec('99'), limitPrice: dec('98.9') }), 1);
    expect(m.onMarketData(quote('95', '95.02'), 2).map((e) => `${e.kind}:${e.clientOrderId}`)).toEqual(['TRIGGERED:tpl', 'FILL:tpl']); // a sell stop at 101 would fire here, the MIT does not
    expect(m.onMarketData(quote('101.1', '101.12'), 3).map((e) => (e.kind === 'FILL' ? `${e.clientOrderId}:${e.quantity}@${e.price}` : `${e.kind}:${e.clientOrderId}`))).toEqual(['TRIGGERED:tp', 'tp:100@101.1']);
  });

  it('a buy LIT that triggers above its limit waits for the limit', () => {
    const m = new QuoteMatcher();
    m.onMarketData(quote('100', '100.02'), 0);
    m.submit(order({ clientOrderId: 'tpl', side: 'BUY', type: 'TAKE_PROFIT_LIMIT', stopPrice: dec('99'), limitPrice: dec('98.5') }), 1);
    expect(m.onMarketData(quote('98.9', '98.95'), 2).map((e) => e.kind)).toEqual(['TRIGGERED']); // ask 98.95 ≤ 99, above the 98.5 limit
    expect(fills(m.onMarketData(quote('98.3', '98.4'), 3))).toEqual(['100@98.4/TAKER']);
  });

  it('a sell trailing stop limit triggers at its trailed stop and works its limit at stop − offset', () => {
    const m = new QuoteMatcher();
    m.onMarketData(quote('100', '100.02'), 0);
    m.submit(order({ clientOrderId: 'tsl', side: 'SELL', type: 'TRAILING_STOP_LIMIT', trailingAmount: dec(2), trailingLimitOffset: dec('0.5') }), 1);
    expect(m.onMarketData(quote('110', '110.02'), 2)).toEqual([]); // stop 108
    expect(m.onMarketData(quote('107', '107.02'), 3).map((e) => e.kind)).toEqual(['TRIGGERED']); // limit 107.5 above the bid 107
    expect(fills(m.onMarketData(quote('107.6', '107.62'), 4))).toEqual(['100@107.6/TAKER']);
    expect(m.submit(order({ clientOrderId: 'bad', side: 'SELL', type: 'TRAILING_STOP_LIMIT', trailingAmount: dec(2) }), 5)[0]).toMatchObject({ kind: 'REJECTED', reason: 'MISSING_PRICE' });
  });

  it('cancels IOC remainders and refuses FOK that cannot fill in full', () => {
    const m = new QuoteMatcher();
    m.onMarketData(quote('10', '10.02', '30'), 0);
    expect(m.submit(order({ clientOrderId: 'i', side: 'BUY', type: 'MARKET', timeInForce: 'IOC' }), 1).map((e) => e.kind)).toEqual(['ACCEPTED', 'FILL', 'CANCELED']);
    expect(m.submit(order({ clientOrderId: 'f', side: 'BUY', type: 'MARKET', timeInForce: 'FOK' }), 1).map((e) => e.kind)).toEqual(['ACCEPTED', 'CANCELED']);
  });

  it('cancels an open order once, rejects bad input and expires GTD orders', () => {
    const m = new QuoteMatcher();
    m.submit(order({ clientOrderId: 'a', side: 'BUY', type: 'LIMIT', limitPrice: dec(1) }), 0);
    expect(m.cancel('a').map((e) => e.kind)).toEqual(['CANCELED']);
    expect(m.cancel('a').map((e) => e.kind)).toEqual(['CANCEL_REJECTED']);
    expect(m.submit(order({ clientOrderId: 'b', side: 'BUY', type: 'LIMIT' }), 0)[0]).toMatchObject({ kind: 'REJECTED', reason: 'MISSING_PRICE' });
    m.submit(order({ clientOrderId: 'g', side: 'BUY', type: 'LIMIT', limitPrice: dec(1), timeInForce: 'GTD', expireAt: 1000 }), 0);
    expect(m.advanceTime(999)).toEqual([]);
    expect(m.advanceTime(1000)).toEqual([{ kind: 'EXPIRED', clientOrderId: 'g' }]);
  });
});
