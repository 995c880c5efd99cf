import { dec } from '@silvertine/core';
import { AccountBook } from '../account/account-book';
import { BinanceApiError } from '../errors/binance-error';
import { MarketState } from '../market/market-state';
import { BookMatcher } from '../matching/book-matcher';
import type { OrderMatcher } from '../matching/order-matcher.port';
import { PaperEngineMatcher } from '../matching/paper-engine.matcher';
import type { NewOrderParams } from '../rules/new-order.params';
import { resolveSymbolSpec } from '../rules/symbol-spec';
import { EmulatedExchange } from './emulated-exchange';
import type { Json } from './order-json';

/** BTCUSDT at 50000 (bid 49999.99, ask 50000.01, one BTC per level), 100000 USDT and 2 BTC, 0.1 % fees. */
function setup(matcher: 'book' | 'paper' = 'book') {
  const spec = resolveSymbolSpec({ symbol: 'BTCUSDT' });
  const specs = new Map([[spec.symbol, spec]]);
  const market = new MarketState(specs, dec('1'));
  const quote = market.setPrice('BTCUSDT', dec('50000'), 0);
  const book = new AccountBook({ USDT: dec('100000'), BTC: dec('2') });
  const events: Json[] = [];
  const m: OrderMatcher = matcher === 'book' ? new BookMatcher((s) => market.depth(s)) : new PaperEngineMatcher(specs.values());
  const exchange = new EmulatedExchange(specs, market, book, m, { maker: dec('0.001'), taker: dec('0.001') }, {
    userEvent: (e) => events.push(e),
    tapeTrade: () => undefined,
  });
  exchange.onMarketData(quote, 0);
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

  describe('take-profits (paper engine matcher, the default)', () => {
    const move = (x: ReturnType<typeof setup>, price: string, at: number) => x.exchange.onMarketData(x.market.setPrice('BTCUSDT', dec(price), at), at);

    it('triggers a sell TAKE_PROFIT only when the price rises to it, and sells at the bid after the rise', () => {
      const x = setup('paper');
      x.exchange.place({ symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT', quantity: dec('0.5'), stopPrice: dec('51000'), newOrderRespType: 'ACK', newClientOrderId: 'tp' }, 1);
      move(x, '50500', 2);
      move(x, '49000', 3); // a fall: a stop-loss would trigger here, a take-profit must not
      const [tp] = x.exchange.allOrders('BTCUSDT');
      expect(tp.status).toBe('NEW');
      expect(x.book.get('BTC').locked.eq('0.5')).toBe(true);
      move(x, '51000', 4);
      expect(tp.status).toBe('FILLED');
      expect(tp.trades.map((t) => `${t.qty}@${t.price}`)).toEqual(['0.5@50999.99']);
      // 0.5 × 50999.99 = 25499.995 USDT, less 0.1 % (25.499995) taken in USDT
      expect(x.book.get('USDT').free.eq(dec('100000').plus('25499.995').minus('25.499995'))).toBe(true);
      expect(x.book.get('BTC')).toMatchObject({ free: dec('1.5'), locked: dec('0') });
    });

    it('works a triggered buy TAKE_PROFIT_LIMIT at its limit: rests when the market is above it, fills at the limit', () => {
      const x = setup('paper');
      x.exchange.place({ symbol: 'BTCUSDT', side: 'BUY', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'GTC', quantity: dec('0.1'), stopPrice: dec('49000'), price: dec('48990'), newOrderRespType: 'ACK', newClientOrderId: 'tpl' }, 1);
      expect(x.book.get('USDT').locked.eq('4899')).toBe(true); // 0.1 × 48990
      move(x, '51000', 2);
      const [tpl] = x.exchange.allOrders('BTCUSDT');
      expect(tpl.isWorking).toBe(false);
      move(x, '49000', 3); // triggered; the ask is 49000.01, above the 48990 limit
      expect(tpl).toMatchObject({ isWorking: true, status: 'NEW', workingTime: 3 });
      move(x, '48980', 4); // ask 48980.01 crosses the limit
      expect(tpl.status).toBe('FILLED');
      expect(tpl.trades.map((t) => `${t.qty}@${t.price}:${t.isMaker}`)).toEqual(['0.1@48990:true']);
      expect(x.book.get('BTC').free.eq('2.0999')).toBe(true); // 0.1 less 0.1 % in BTC
      expect(x.book.get('USDT')).toMatchObject({ free: dec('95101'), locked: dec('0') });
    });

    it('refuses a take-profit whose trigger the market has already passed', () => {
      const x = setup('paper');
      const attempt = () => x.exchange.place({ symbol: 'BTCUSDT', side: 'SELL', type: 'TAKE_PROFIT', quantity: dec('0.5'), stopPrice: dec('49000'), newOrderRespType: 'ACK' }, 1);
      expect(attempt).toThrow(BinanceApiError);
      expect(attempt).toThrow('Order would trigger immediately.');
    });
  });
});
