/**
 * Fidelity of iceberg and self-trade-prevention requests: exchangeInfo advertises `icebergAllowed: false`,
 * `allowTrailingStop: false` and only the `NONE` STP mode, and order entry refuses exactly what that rules
 * out, with Binance's codes, to unmodified ccxt and the binance SDK. Nothing refused touches the account.
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

  it('advertises no iceberg, no trailing stop and only the NONE STP mode', async () => {
    const info = await client.getExchangeInfo();
    expect(info.symbols[0]).toMatchObject({
      icebergAllowed: false,
      allowTrailingStop: false,
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

  it('the SDK gets -2010 for a trailing stop the symbol does not allow', async () => {
    await expect(
      client.submitNewOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS', quantity: 0.1, trailingDelta: 100 } as never),
    ).rejects.toMatchObject({ code: -2010, message: 'Trailing stop orders are not supported for this symbol.' });
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
  });
});
