import { dec } from '@silvertine/core';
import { AccountBook } from '../account/account-book';
import { BinanceApiError } from '../errors/binance-error';
import { MarketState } from '../market/market-state';
import { BookMatcher } from '../matching/book-matcher';
import type { NewOrderParams } from '../rules/new-order.params';
import { resolveSymbolSpec } from '../rules/symbol-spec';
import { EmulatedExchange } from './emulated-exchange';
import type { Json } from './order-json';

function setup() {
  const spec = resolveSymbolSpec({ symbol: 'BTCUSDT' });
  const specs = new Map([[spec.symbol, spec]]);
  const market = new MarketState(specs, dec('1'));
  market.setPrice('BTCUSDT', dec('50000'), 0);
  const book = new AccountBook({ USDT: dec('100000'), BTC: dec('2') });
  const events: Json[] = [];
  const exchange = new EmulatedExchange(specs, market, book, new BookMatcher((s) => market.depth(s)), { maker: dec('0.001'), taker: dec('0.001') }, {
    userEvent: (e) => events.push(e),
    tapeTrade: () => undefined,
  });
  return { exchange, book, events, market };
}
const limitBuy: NewOrderParams = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: dec('1'), price: dec('49000'), newOrderRespType: 'FULL', newClientOrderId: 'o1' };

describe('EmulatedExchange', () => {
  it('locks quote for a resting buy and releases it on cancel', () => {
    const { exchange, book, events } = setup();
    const { order } = exchange.place(limitBuy, 1);
    expect(order.status).toBe('NEW');
    expect(book.get('USDT')).toMatchObject({ free: dec('51000'), locked: dec('49000') });
    expect(events.map((e) => `${e.e}:${e.x ?? ''}`)).toEqual(['executionReport:NEW', 'outboundAccountPosition:']);
    exchange.cancel('BTCUSDT', { origClientOrderId: 'o1' }, 2);
    expect(book.get('USDT')).toMatchObject({ free: dec('100000'), locked: dec('0') });
    expect(events[2]).toMatchObject({ x: 'CANCELED', X: 'CANCELED', C: 'o1' });
  });

  it('refuses a duplicate open client id and an unaffordable order with -2010', () => {
    const { exchange } = setup();
    exchange.place(limitBuy, 1);
    const dup = (() => { try { exchange.place(limitBuy, 2); } catch (e) { return e as BinanceApiError; } return undefined; })();
    expect(dup?.body()).toEqual({ code: -2010, msg: 'Duplicate order sent.' });
    const poor = (() => { try { exchange.place({ ...limitBuy, newClientOrderId: 'o2', quantity: dec('2') }, 2); } catch (e) { return e as BinanceApiError; } return undefined; })();
    expect(poor?.body()).toEqual({ code: -2010, msg: 'Account has insufficient balance for requested action.' });
  });

  it('settles a market sell with commission in quote', () => {
    const { exchange, book } = setup();
    const { order, fills } = exchange.place({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: dec('1.5'), newOrderRespType: 'FULL' }, 1);
    expect(order.status).toBe('FILLED');
    expect(fills.map((f) => `${f.qty}@${f.price}`)).toEqual(['1@49999.99', '0.5@49999.98']);
    const proceeds = dec('49999.99').plus(dec('0.5').times('49999.98'));
    expect(book.get('BTC').free.eq('0.5')).toBe(true);
    expect(book.get('USDT').free.eq(dec('100000').plus(proceeds).minus('49.999990').minus('24.999990'))).toBe(true);
  });

  it('fills a resting buy as maker when the price drops through it, and triggers stops', () => {
    const { exchange, market, book } = setup();
    exchange.place(limitBuy, 1);
    exchange.place({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: dec('0.5'), stopPrice: dec('48500'), newOrderRespType: 'ACK', newClientOrderId: 's1' }, 1);
    exchange.onMarketData(market.setPrice('BTCUSDT', dec('48000'), 2), 2);
    const [buy, stop] = exchange.allOrders('BTCUSDT');
    expect(buy.status).toBe('FILLED');
    expect(buy.trades[0]).toMatchObject({ isMaker: true, commissionAsset: 'BTC' });
    expect(stop.status).toBe('FILLED');
    expect(book.get('BTC').free.eq(dec('2').plus('0.999').minus('0.5'))).toBe(true);
  });
});
