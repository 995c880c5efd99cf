/**
 * Fidelity: ccxt's `binance` exchange, unmodified, with only its URLs pointed at the emulator. Every value
 * ccxt decodes is checked against what the emulator was told (market, balances, rules) or recorded (orders),
 * and the emulator's per-route request count proves ccxt called no endpoint beyond the expected ones.
 */
import { dec, type Decimal } from '@silvertine/core';
import { binance as CcxtBinance, InsufficientFunds, type Exchange } from 'ccxt';
import { startBinanceEmulator, type BinanceEmulator } from '../src';

const creds = { apiKey: 'ccxtKey', apiSecret: 'ccxtSecret' };

/** ccxt's numbers as Decimals (through their shortest decimal text), so money is compared exactly. */
const d = (n: number | string | undefined): Decimal => {
  if (n === undefined) throw new Error('value missing');
  return dec(String(n));
};

/** Every key of `urls` re-pointed at the emulator, keeping each API's path (`/api/v3`, `/sapi/v1`…). */
function pointAt(urls: Record<string, string>, base: string): void {
  for (const key of Object.keys(urls)) urls[key] = `${base}${new URL(urls[key]).pathname}`;
}

function ccxtOn(emu: BinanceEmulator, sandbox = false): Exchange {
  const exchange = new CcxtBinance({
    apiKey: creds.apiKey,
    secret: creds.apiSecret,
    // Spot only: no /sapi currencies, no margin pairs, no futures exchangeInfo (the emulator is a spot venue).
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
  });
  const urls = exchange.urls as unknown as { api: Record<string, string>; test: Record<string, string> };
  pointAt(urls.api, emu.url);
  pointAt(urls.test, emu.url);
  if (sandbox) exchange.setSandboxMode(true);
  return exchange;
}

describe('ccxt binance against the emulator (unmodified client, URLs only)', () => {
  let emu: BinanceEmulator;

  beforeEach(async () => {
    emu = await startBinanceEmulator({
      ...creds,
      symbols: ['BTCUSDT', { symbol: 'ETHUSDT', tickSize: '0.1', minPrice: '0.1', stepSize: '0.0001', minQty: '0.0001', minNotional: '10' }],
      balances: { USDT: '100000', BTC: '2', ETH: '1' },
      prices: { BTCUSDT: '50000', ETHUSDT: '3000' },
      levelQty: '3',
    });
  });
  afterEach(() => emu.close());

  it('loads markets, reads market data and balances, places, fetches, lists and cancels orders, fetches trades', async () => {
    const ex = ccxtOn(emu);

    const markets = await ex.loadMarkets();
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
    const eth = markets['ETH/USDT'];
    const btc = markets['BTC/USDT'];
    if (!eth || !btc) throw new Error('markets missing');
    expect(eth).toMatchObject({ id: 'ETHUSDT', base: 'ETH', quote: 'USDT', spot: true, active: true });
    expect(d(eth.precision.price).eq('0.1')).toBe(true);
    expect(d(eth.precision.amount).eq('0.0001')).toBe(true);
    expect(d(eth.limits.amount?.min).eq('0.0001')).toBe(true);
    expect(d(eth.limits.cost?.min).eq('10')).toBe(true);
    expect(d(btc.precision.price).eq('0.01')).toBe(true);

    emu.control.setPrice('BTCUSDT', '51000'); // last 51000, bid 50999.99 × 3, ask 51000.01 × 3
    const ticker = await ex.fetchTicker('BTC/USDT');
    expect(ticker.symbol).toBe('BTC/USDT');
    expect(d(ticker.last).eq('51000')).toBe(true);
    expect(d(ticker.bid).eq('50999.99')).toBe(true);
    expect(d(ticker.ask).eq('51000.01')).toBe(true);
    expect(d(ticker.bidVolume).eq('3')).toBe(true);

    const book = await ex.fetchOrderBook('BTC/USDT', 5);
    expect(book.bids).toHaveLength(5);
    expect(book.bids[0].map((x) => String(x))).toEqual(['50999.99', '3']);
    expect(book.asks[0].map((x) => String(x))).toEqual(['51000.01', '3']);
    expect(d(book.bids[1][0]).lt(d(book.bids[0][0]))).toBe(true);
    expect(d(book.asks[1][0]).gt(d(book.asks[0][0]))).toBe(true);

    const limit = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.1, 49000);
    expect(limit).toMatchObject({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', status: 'open', timeInForce: 'GTC', filled: 0 });
    expect(d(limit.price).eq('49000')).toBe(true);
    expect(d(limit.amount).eq('0.1')).toBe(true);
    const [receivedLimit] = emu.control.receivedOrders(limit.clientOrderId ?? '');
    const limitId = String(receivedLimit.orderId);
    expect(limit.id).toBe(limitId);
    expect(receivedLimit.params).toMatchObject({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '49000' });
    expect(emu.control.balance('USDT').locked.eq('4900')).toBe(true);

    const balance = await ex.fetchBalance();
    for (const asset of ['USDT', 'BTC', 'ETH']) {
      const held = emu.control.balance(asset);
      expect(d(balance[asset].free).eq(held.free)).toBe(true);
      expect(d(balance[asset].used).eq(held.locked)).toBe(true);
      expect(d(balance[asset].total).eq(held.free.plus(held.locked))).toBe(true);
    }
    expect(d(balance.USDT.used).eq('4900')).toBe(true);

    const market = await ex.createOrder('BTC/USDT', 'market', 'sell', 0.05);
    expect(market).toMatchObject({ type: 'market', side: 'sell', status: 'closed' });
    expect(d(market.filled).eq('0.05')).toBe(true);
    expect(d(market.average).eq('50999.99')).toBe(true); // the bid the emulator quoted
    expect(d(market.cost).eq('2549.9995')).toBe(true);
    expect(market.fee?.currency).toBe('USDT');
    expect(d(market.fee?.cost).eq('2.5499995')).toBe(true); // 0.001 taker on 2549.9995
    expect(market.trades).toHaveLength(1);
    expect(emu.control.receivedOrders(market.clientOrderId ?? '')[0].params).toMatchObject({ side: 'SELL', type: 'MARKET', quantity: '0.05' });
    expect(emu.control.balance('BTC').free.eq('1.95')).toBe(true);
    expect(emu.control.balance('USDT').free.eq(dec('95100').plus('2549.9995').minus('2.5499995'))).toBe(true);

    const fetched = await ex.fetchOrder(limitId, 'BTC/USDT');
    expect(fetched).toMatchObject({ id: limit.id, clientOrderId: limit.clientOrderId, status: 'open', side: 'buy', type: 'limit', filled: 0 });
    expect(d(fetched.price).eq('49000')).toBe(true);
    expect(d(fetched.remaining).eq('0.1')).toBe(true);

    const open = await ex.fetchOpenOrders('BTC/USDT');
    expect(open.map((o) => o.id)).toEqual([limit.id]);

    const canceled = await ex.cancelOrder(limitId, 'BTC/USDT');
    expect(canceled).toMatchObject({ id: limit.id, status: 'canceled' });
    expect(emu.control.balance('USDT').locked.isZero()).toBe(true);
    expect(await ex.fetchOpenOrders('BTC/USDT')).toEqual([]);

    const trades = await ex.fetchMyTrades('BTC/USDT');
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ symbol: 'BTC/USDT', order: market.id, side: 'sell', takerOrMaker: 'taker' });
    expect(d(trades[0].price).eq('50999.99')).toBe(true);
    expect(d(trades[0].amount).eq('0.05')).toBe(true);
    expect(trades[0].fee).toMatchObject({ currency: 'USDT' });
    expect(d(trades[0].fee?.cost).eq('2.5499995')).toBe(true);

    const after = await ex.fetchBalance();
    expect(d(after.USDT.free).eq(emu.control.balance('USDT').free)).toBe(true);
    expect(d(after.USDT.free).eq('102547.4495005')).toBe(true);
    expect(d(after.BTC.total).eq('1.95')).toBe(true);
    expect(d(after.ETH.free).eq('1')).toBe(true);

    // Nothing else was called: no /sapi, no futures, no unknown path (a 404 would be counted here too).
    expect(emu.control.restRoutes()).toEqual({
      'GET /api/v3/exchangeInfo': 1,
      'GET /api/v3/ticker/24hr': 1,
      'GET /api/v3/depth': 1,
      'GET /api/v3/account': 2,
      'POST /api/v3/order': 2,
      'GET /api/v3/order': 1,
      'GET /api/v3/openOrders': 2,
      'DELETE /api/v3/order': 1,
      'GET /api/v3/myTrades': 1,
    });
  });

  it('works in sandbox mode with urls.test pointed at the emulator, and maps venue errors to ccxt errors', async () => {
    const ex = ccxtOn(emu, true);
    await ex.loadMarkets();
    const order = await ex.createOrder('ETH/USDT', 'limit', 'sell', 0.5, 3100.3);
    expect(order).toMatchObject({ symbol: 'ETH/USDT', status: 'open' });
    expect(emu.control.receivedOrders(order.clientOrderId ?? '')[0].params).toMatchObject({ symbol: 'ETHUSDT', price: '3100.3', quantity: '0.5' });

    // 5 ETH with 0.5 free: the emulator's -2010 is decoded by ccxt into its InsufficientFunds class.
    await expect(ex.createOrder('ETH/USDT', 'limit', 'sell', 5, 3100)).rejects.toBeInstanceOf(InsufficientFunds);
    expect(emu.control.receivedOrders().map((o) => o.errorCode)).toEqual([undefined, -2010]);
  });
});
