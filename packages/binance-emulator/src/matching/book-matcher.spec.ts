import { dec } from '@silvertine/core';
import { MarketState } from '../market/market-state';
import { resolveSymbolSpec } from '../rules/symbol-spec';
import { BookMatcher } from './book-matcher';
import type { WorkingOrder } from './order-matcher.port';

function setup() {
  const spec = resolveSymbolSpec({ symbol: 'BTCUSDT' });
  const market = new MarketState(new Map([[spec.symbol, spec]]), dec('1'));
  market.setPrice('BTCUSDT', dec('100'), 0); // bid 99.99 x1, ask 100.01 x1, 20 levels
  return { market, matcher: new BookMatcher((s) => market.depth(s)) };
}
const order = (o: Partial<WorkingOrder>): WorkingOrder => ({
  clientOrderId: 'a', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: dec('2.5'), timeInForce: 'GTC', postOnly: false, ...o,
});
const summary = (events: { kind: string; price?: { toString(): string }; quantity?: { toString(): string } }[]) =>
  events.map((e) => (e.kind === 'FILL' ? `FILL ${e.quantity}@${e.price}` : e.kind));

describe('BookMatcher', () => {
  it('walks the book for a market order', () => {
    const { matcher } = setup();
    expect(summary(matcher.submit(order({}), 0))).toEqual(['ACCEPTED', 'FILL 1@100.01', 'FILL 1@100.02', 'FILL 0.5@100.03']);
  });

  it('rests a GTC limit and fills it as maker when a print crosses it', () => {
    const { matcher, market } = setup();
    expect(summary(matcher.submit(order({ type: 'LIMIT', limitPrice: dec('99'), quantity: dec('3') }), 0))).toEqual(['ACCEPTED']);
    expect(matcher.onMarketData(MarketState.toCoreTrade(market.recordTrade('BTCUSDT', dec('99.5'), dec('1'), 1, false)), 1)).toEqual([]);
    const trade = MarketState.toCoreTrade(market.recordTrade('BTCUSDT', dec('98.9'), dec('2'), 2, false));
    expect(summary(matcher.onMarketData(trade, 2))).toEqual(['FILL 2@99']);
    const quote = market.setPrice('BTCUSDT', dec('98'), 3);
    expect(summary(matcher.onMarketData(quote, 3))).toEqual(['FILL 1@99']);
    expect(matcher.cancel('a', 4)[0].kind).toBe('CANCEL_REJECTED');
  });

  it('expires IOC remainders and FOK orders that cannot fill completely', () => {
    const { matcher } = setup();
    expect(summary(matcher.submit(order({ type: 'LIMIT', limitPrice: dec('100.01'), timeInForce: 'IOC' }), 0))).toEqual(['ACCEPTED', 'FILL 1@100.01', 'EXPIRED']);
    expect(summary(matcher.submit(order({ clientOrderId: 'b', type: 'LIMIT', limitPrice: dec('100.01'), timeInForce: 'FOK' }), 0))).toEqual(['ACCEPTED', 'EXPIRED']);
  });

  it('rejects a post-only order that would take and cancels a resting one', () => {
    const { matcher } = setup();
    expect(matcher.submit(order({ type: 'LIMIT', limitPrice: dec('101'), postOnly: true }), 0)[0]).toMatchObject({ kind: 'REJECTED', reason: 'Order would immediately match and take.' });
    matcher.submit(order({ clientOrderId: 'c', type: 'LIMIT', side: 'SELL', limitPrice: dec('101') }), 0);
    expect(matcher.cancel('c', 1)).toEqual([{ kind: 'CANCELED', clientOrderId: 'c' }]);
  });
});
