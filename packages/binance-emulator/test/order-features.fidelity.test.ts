/**
 * Fidelity of iceberg, trailing-stop and self-trade-prevention requests: exchangeInfo advertises
 * `icebergAllowed: false`, `allowTrailingStop: true` with its TRAILING_DELTA filter and only the `NONE` STP
 * mode; order entry refuses exactly what that rules out, with Binance's codes, and trails stops, for
 * unmodified ccxt and the binance SDK. Nothing refused touches the account.
 */
import { dec } from '@silvertine/core';
import { binance as CcxtBinance, BadRequest, InvalidOrder } from 'ccxt';
import { MainClient } from 'binance';
import { startBinanceEmulator, type BinanceEmulator } from '../src';

const creds = { apiKey: 'featKey', apiSecret: 'featSecret' };

function ccxtOn(emu: BinanceEmulator): CcxtBinance {
  const exchange = new CcxtBinance({
    apiKey: creds.apiKey,
    secret: creds.apiSecret,
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
  });
  const urls = exchange.urls as unknown as { api: Record<string, string> };
  for (const key of Object.keys(urls.api)) urls.api[key] = `${emu.url}${new URL(urls.api[key]).pathname}`;
  return exchange;
}

describe('iceberg, trailing stop and STP requests against what exchangeInfo advertises', () => {
  let emu: BinanceEmulator;
  let client: MainClient;

  beforeEach(async () => {
    emu = await startBinanceEmulator({ ...creds, symbols: ['BTCUSDT'], balances: { USDT: '100000', BTC: '2' }, prices: { BTCUSDT: '50000' }, levelQty: '3' });
    client = new MainClient({ api_key: creds.apiKey, api_secret: creds.apiSecret, baseUrl: emu.url });
  });
  afterEach(() => emu.close());

  const limit = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.1, price: 49000 } as const;

  it('advertises no iceberg, trailing stops within TRAILING_DELTA, and only the NONE STP mode', async () => {
    const info = await client.getExchangeInfo();
    expect(info.symbols[0].filters).toContainEqual({ filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 });
    expect(info.symbols[0]).toMatchObject({
      icebergAllowed: false,
      allowTrailingStop: true,
      defaultSelfTradePreventionMode: 'NONE',
      allowedSelfTradePreventionModes: ['NONE'],
    });
  });

  it('the SDK gets -2010 for an iceberg and -1130 for an STP mode the symbol does not allow; NONE is accepted', async () => {
    await expect(client.submitNewOrder({ ...limit, icebergQty: 0.01 })).rejects.toMatchObject({
      code: -2010,
      message: 'Iceberg orders are not supported for this symbol.',
    });
    await expect(client.submitNewOrder({ ...limit, selfTradePreventionMode: 'EXPIRE_MAKER' })).rejects.toMatchObject({
      code: -1130,
      message: "Data sent for parameter 'selfTradePreventionMode' is not valid.",
    });
    await expect(client.submitNewOrder({ ...limit, selfTradePreventionMode: 'SOMETIMES' as never })).rejects.toMatchObject({ code: -1130 });
    await expect(client.submitNewOrder({ ...limit, icebergQty: 'x' as never })).rejects.toMatchObject({ code: -1100 });
    expect(emu.control.balance('USDT').locked.isZero()).toBe(true);
    expect(await client.getOpenOrders({ symbol: 'BTCUSDT' })).toHaveLength(0);

    const accepted = await client.submitNewOrder({ ...limit, selfTradePreventionMode: 'NONE', newOrderRespType: 'RESULT' });
    expect(accepted).toMatchObject({ status: 'NEW', selfTradePreventionMode: 'NONE' });
    expect(emu.control.balance('USDT').locked.eq(dec('4900'))).toBe(true);
  });

  it('the SDK places a trailing STOP_LOSS that follows the high and triggers trailingDelta below it', async () => {
    await expect(client.submitNewOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: 0.1, trailingDelta: 5 } as never)).rejects.toMatchObject({
      code: -1013,
      message: 'Filter failure: TRAILING_DELTA',
    });
    await expect(client.submitNewOrder({ ...limit, trailingDelta: 100 } as never)).rejects.toMatchObject({ code: -1106 });
    // 100 bips = 1 %: from 50000 the stop trails the high.
    const stop = await client.submitNewOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: 0.1, trailingDelta: 100, newOrderRespType: 'RESULT' } as never);
    expect(stop).toMatchObject({ status: 'NEW', type: 'STOP_LOSS', trailingDelta: 100 });
    emu.control.setPrice('BTCUSDT', '51000'); // new high: trigger now at 50490
    emu.control.setPrice('BTCUSDT', '50500'); // 0.98 % below: still waiting
    const waiting = await client.getOrder({ symbol: 'BTCUSDT', orderId: stop.orderId });
    expect(waiting).toMatchObject({ status: 'NEW', isWorking: false, trailingDelta: 100 });
    expect((waiting as unknown as { trailingTime: number }).trailingTime).toBeGreaterThan(0);
    emu.control.setPrice('BTCUSDT', '50490'); // 1 % below the high
    const done = await client.getOrder({ symbol: 'BTCUSDT', orderId: stop.orderId });
    expect(done).toMatchObject({ status: 'FILLED', isWorking: true });
    expect(dec(String(done.executedQty)).eq('0.1')).toBe(true);
    expect(emu.control.balance('BTC').free.eq('1.9')).toBe(true);
  });

  it('a trailing BUY stop with an activation price waits for it, then follows the low', async () => {
    const stop = await client.submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'STOP_LOSS', quantity: 0.1, stopPrice: 49000, trailingDelta: 200, newOrderRespType: 'RESULT' } as never);
    emu.control.setPrice('BTCUSDT', '51500'); // 3 % above any low, but not yet activated
    expect(await client.getOrder({ symbol: 'BTCUSDT', orderId: stop.orderId })).toMatchObject({ status: 'NEW', trailingTime: -1 });
    emu.control.setPrice('BTCUSDT', '48000'); // activates at 48000
    emu.control.setPrice('BTCUSDT', '48900'); // 1.9 % above the low
    expect(await client.getOrder({ symbol: 'BTCUSDT', orderId: stop.orderId })).toMatchObject({ status: 'NEW' });
    emu.control.setPrice('BTCUSDT', '48960'); // 2 % above the low
    expect(await client.getOrder({ symbol: 'BTCUSDT', orderId: stop.orderId })).toMatchObject({ status: 'FILLED' });
  });

  it('ccxt maps the refusals to InvalidOrder and BadRequest, carrying Binance\'s message', async () => {
    const ex = ccxtOn(emu);
    await ex.loadMarkets();
    const iceberg = ex.createOrder('BTC/USDT', 'limit', 'buy', 0.1, 49000, { icebergQty: '0.01' });
    await expect(iceberg).rejects.toBeInstanceOf(InvalidOrder);
    await expect(iceberg).rejects.toThrow('Iceberg orders are not supported for this symbol.');
    const stp = ex.createOrder('BTC/USDT', 'limit', 'buy', 0.1, 49000, { selfTradePreventionMode: 'EXPIRE_BOTH' });
    await expect(stp).rejects.toBeInstanceOf(BadRequest);
    await expect(stp).rejects.toThrow("selfTradePreventionMode' is not valid");
    expect(await ex.fetchOpenOrders('BTC/USDT')).toHaveLength(0);
    const placed = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.1, 49000, { selfTradePreventionMode: 'NONE' });
    expect(placed.status).toBe('open');
    // ccxt's own trailing-stop path: trailingPercent 1 → a STOP_LOSS with trailingDelta 100.
    const trailing = await ex.createOrder('BTC/USDT', 'market', 'sell', 0.1, undefined, { trailingPercent: 1, stopLossOrTakeProfit: 'stopLoss' });
    const [received] = emu.control.receivedOrders().filter((o) => o.orderId === Number(trailing.id));
    expect(received.params).toMatchObject({ type: 'STOP_LOSS', trailingDelta: '100' });
    emu.control.setPrice('BTCUSDT', '49500'); // 1 % below 50000
    expect((await ex.fetchOrder(String(trailing.id), 'BTC/USDT')).status).toBe('closed');
  });
});
