/**
 * Fidelity: the `binance` npm SDK's MainClient, unmodified, with only `baseUrl` pointed at the emulator.
 * Results are checked against the emulator's control state and its record of received orders; the per-route
 * request count proves the SDK called nothing else (no time sync, no /sapi).
 */
import { dec } from '@silvertine/core';
import { MainClient, type SpotOrder } from 'binance';
import { startBinanceEmulator, type BinanceEmulator } from '../src';

const creds = { apiKey: 'sdkKey', apiSecret: 'sdkSecret' };

describe('binance SDK MainClient against the emulator (unmodified client, baseUrl only)', () => {
  let emu: BinanceEmulator;
  let client: MainClient;

  beforeEach(async () => {
    emu = await startBinanceEmulator({
      ...creds,
      symbols: ['BTCUSDT', { symbol: 'ETHUSDT', tickSize: '0.1', minPrice: '0.1', stepSize: '0.0001', minQty: '0.0001', minNotional: '10' }],
      balances: { USDT: '100000', BTC: '2' },
      prices: { BTCUSDT: '50000', ETHUSDT: '3000' },
      levelQty: '3',
    });
    client = new MainClient({ api_key: creds.apiKey, api_secret: creds.apiSecret, baseUrl: emu.url });
  });
  afterEach(() => emu.close());

  it('reads exchangeInfo and the account, places LIMIT and MARKET orders, queries, cancels, lists trades', async () => {
    const info = await client.getExchangeInfo();
    expect(info.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    const eth = info.symbols[1];
    expect(eth).toMatchObject({ baseAsset: 'ETH', quoteAsset: 'USDT', status: 'TRADING' });
    expect(eth.filters).toEqual(expect.arrayContaining([
      expect.objectContaining({ filterType: 'PRICE_FILTER', tickSize: '0.10000000', minPrice: '0.10000000' }),
      expect.objectContaining({ filterType: 'LOT_SIZE', stepSize: '0.00010000', minQty: '0.00010000' }),
    ]));
    expect(info.rateLimits.map((r) => r.rateLimitType)).toEqual(expect.arrayContaining(['REQUEST_WEIGHT', 'ORDERS']));

    const account = await client.getAccountInformation();
    const balanceOf = (asset: string) => account.balances.find((b) => b.asset === asset);
    expect(dec(String(balanceOf('USDT')?.free)).eq(emu.control.balance('USDT').free)).toBe(true);
    expect(dec(String(balanceOf('BTC')?.free)).eq('2')).toBe(true);

    emu.control.setPrice('BTCUSDT', '51000'); // bid 50999.99 × 3, ask 51000.01 × 3
    const limit = await client.submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.1, price: 49000, newOrderRespType: 'FULL' });
    expect(limit).toMatchObject({ symbol: 'BTCUSDT', status: 'NEW', type: 'LIMIT', side: 'BUY', timeInForce: 'GTC', executedQty: '0.00000000', fills: [] });
    expect(dec(String(limit.price)).eq('49000')).toBe(true);
    expect(dec(String(limit.origQty)).eq('0.1')).toBe(true);
    const [received] = emu.control.receivedOrders(limit.clientOrderId);
    expect(received).toMatchObject({ orderId: limit.orderId, transport: 'rest' });
    expect(received.params).toMatchObject({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.1', price: '49000', timeInForce: 'GTC' });
    expect(emu.control.balance('USDT').locked.eq('4900')).toBe(true);

    const market = await client.submitNewOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: 0.05, newOrderRespType: 'FULL' });
    expect(market).toMatchObject({ status: 'FILLED', type: 'MARKET', side: 'SELL' });
    expect(dec(String(market.executedQty)).eq('0.05')).toBe(true);
    expect(dec(String(market.cummulativeQuoteQty)).eq('2549.9995')).toBe(true);
    expect(market.fills).toHaveLength(1);
    expect(dec(String(market.fills[0].price)).eq('50999.99')).toBe(true);
    expect(dec(String(market.fills[0].commission)).eq('2.5499995')).toBe(true);
    expect(market.fills[0].commissionAsset).toBe('USDT');
    expect(emu.control.balance('BTC').free.eq('1.95')).toBe(true);

    const queried: SpotOrder = await client.getOrder({ symbol: 'BTCUSDT', orderId: limit.orderId });
    expect(queried).toMatchObject({ orderId: limit.orderId, clientOrderId: limit.clientOrderId, status: 'NEW', isWorking: true });
    expect(dec(String(queried.price)).eq('49000')).toBe(true);
    const byClientId = await client.getOrder({ symbol: 'BTCUSDT', origClientOrderId: limit.clientOrderId });
    expect(byClientId.orderId).toBe(limit.orderId);

    const canceled = await client.cancelOrder({ symbol: 'BTCUSDT', orderId: limit.orderId });
    expect(canceled).toMatchObject({ orderId: limit.orderId, origClientOrderId: limit.clientOrderId, status: 'CANCELED' });
    expect(emu.control.balance('USDT').locked.isZero()).toBe(true);
    await expect(client.cancelOrder({ symbol: 'BTCUSDT', orderId: limit.orderId })).rejects.toMatchObject({ code: -2011 });

    const trades = await client.getAccountTradeList({ symbol: 'BTCUSDT' });
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ orderId: market.orderId, id: market.fills[0].tradeId, isBuyer: false, isMaker: false, commissionAsset: 'USDT' });
    expect(dec(String(trades[0].price)).eq('50999.99')).toBe(true);
    expect(dec(String(trades[0].qty)).eq('0.05')).toBe(true);

    const after = await client.getAccountInformation();
    const usdt = after.balances.find((b) => b.asset === 'USDT');
    expect(dec(String(usdt?.free)).eq(emu.control.balance('USDT').free)).toBe(true);
    expect(dec(String(usdt?.free)).eq('102547.4495005')).toBe(true);

    expect(emu.control.restRoutes()).toEqual({
      'GET /api/v3/exchangeInfo': 1,
      'GET /api/v3/account': 2,
      'POST /api/v3/order': 2,
      'GET /api/v3/order': 2,
      'DELETE /api/v3/order': 2,
      'GET /api/v3/myTrades': 1,
    });
  });
});
