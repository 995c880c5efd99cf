import { decodeRestBookTicker, decodeRestTickerPrice } from '../decoding/rest-market.decoder';
import { PayloadRejection } from '../decoding/payload-rejection';
import { BINANCE_TICKER_SOURCE, ofAskedSymbol, toTicker } from './ticker-mapping';

// Field sets of Binance's rest-api market-data endpoints ("Symbol order book ticker", "Symbol price
// ticker") for one symbol, written inline.
const book = { symbol: 'BTCUSDT', bidPrice: '49999.50000000', bidQty: '1.25000000', askPrice: '50000.50000000', askQty: '2.00000000' };
const price = { symbol: 'BTCUSDT', price: '50000.10000000' };

describe('REST ticker → Ticker', () => {
  it('maps bookTicker and price to exact decimals, at the time asked', () => {
    const t = toTicker(decodeRestBookTicker(book), decodeRestTickerPrice(price), 42);
    expect({ ...t, bid: String(t.bid), bidSize: String(t.bidSize), ask: String(t.ask), askSize: String(t.askSize), last: String(t.last) }).toEqual({
      symbol: 'BTCUSDT', bid: '49999.5', bidSize: '1.25', ask: '50000.5', askSize: '2', last: '50000.1', at: 42, source: BINANCE_TICKER_SOURCE,
    });
  });

  it('leaves out an empty side and a last price of zero (a symbol that never traded)', () => {
    const t = toTicker({ ...book, bidPrice: '0.00000000', bidQty: '0.00000000' }, { price: '0.00000000' }, 1);
    expect(Object.keys(t).sort()).toEqual(['ask', 'askSize', 'at', 'source', 'symbol']);
  });

  it.each([
    ['a list', [book], 'bookTicker must be an object'],
    ['a negative bid', { ...book, bidPrice: '-1' }, 'bidPrice must be an unsigned decimal string'],
    ['an exponent', { ...book, askQty: '1e400' }, 'askQty must be an unsigned decimal string'],
    ['a number', { ...book, askPrice: 50000 }, 'askPrice must be an unsigned decimal string'],
    ['no symbol', { ...book, symbol: undefined }, 'symbol must be a string'],
  ])('refuses a bookTicker with %s, naming the field', (_, body, message) => {
    expect(() => decodeRestBookTicker(body)).toThrow(PayloadRejection);
    expect(() => decodeRestBookTicker(body)).toThrow(message);
  });

  it('refuses a price that is not a decimal string, naming the field', () => {
    expect(() => decodeRestTickerPrice({ symbol: 'BTCUSDT', price: 'NaN' })).toThrow('price must be an unsigned decimal string');
  });

  it('refuses an answer about another symbol than the one asked', () => {
    expect(() => ofAskedSymbol(decodeRestBookTicker({ ...book, symbol: 'ETHUSDT' }), 'BTCUSDT')).toThrow('symbol must be the symbol asked, BTCUSDT (got "ETHUSDT")');
    expect(ofAskedSymbol(price, 'BTCUSDT')).toBe(price);
  });
});
