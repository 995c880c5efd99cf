import { createHmac } from 'node:crypto';
import { startBinanceEmulator, type BinanceEmulator } from '../src';
import { fixture, get, keys, signed, types, until } from './helpers';

const creds = { apiKey: 'testKey', apiSecret: 'testSecret' };
const order = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '49000' };

describe('REST checks, public endpoints, rate limits and faults', () => {
  let emu: BinanceEmulator;
  let now = 1_700_000_020_000; // 40 s into a minute

  beforeEach(async () => {
    now = 1_700_000_020_000;
    emu = await startBinanceEmulator({ ...creds, clock: () => now, balances: { USDT: '100000' }, prices: { BTCUSDT: '50000' } });
  });
  afterEach(() => emu.close());

  it('serves public market endpoints shaped like the fixtures', async () => {
    expect((await get(emu.url, '/api/v3/ping')).body).toEqual({});
    expect((await get(emu.url, '/api/v3/time')).body).toEqual({ serverTime: now });
    const depth = await get<{ bids: string[][] }>(emu.url, '/api/v3/depth?symbol=BTCUSDT&limit=5');
    expect(keys(depth.body)).toEqual(keys(fixture('depth')));
    expect(depth.body.bids[0]).toEqual(['49999.99000000', '10.00000000']);
    expect(keys((await get(emu.url, '/api/v3/ticker/bookTicker?symbol=BTCUSDT')).body)).toEqual(keys(fixture('ticker-bookTicker')));
    expect((await get(emu.url, '/api/v3/ticker/price?symbol=BTCUSDT')).body).toEqual({ symbol: 'BTCUSDT', price: '50000.00000000' });
    expect(keys((await get(emu.url, '/api/v3/avgPrice?symbol=BTCUSDT')).body)).toEqual(keys(fixture('avgPrice')));
    expect((await get(emu.url, '/api/v3/ticker/24hr?symbol=BTCUSDT')).body).toMatchObject({ symbol: 'BTCUSDT', lastPrice: '50000.00000000' });
    const bad = await get(emu.url, '/api/v3/depth?symbol=NOPE');
    expect(bad).toMatchObject({ status: 400, body: fixture('error-payload') });
  });

  it('rejects bad keys, signatures and timestamps with the documented codes', async () => {
    expect(await signed(emu.url, 'GET', '/api/v3/account', {}, { apiKey: 'other', apiSecret: 'x' }, now)).toMatchObject({ status: 401, body: { code: -2015 } });
    expect(await signed(emu.url, 'GET', '/api/v3/account', {}, { apiKey: 'testKey', apiSecret: 'wrong' }, now)).toMatchObject({ status: 400, body: { code: -1022, msg: 'Signature for this request is not valid.' } });
    expect(await signed(emu.url, 'GET', '/api/v3/account', {}, creds, now - 6000)).toMatchObject({ status: 400, body: { code: -1021 } });
    const noKey = await fetch(`${emu.url}/api/v3/account?timestamp=${now}&signature=00`);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({ code: -2014, msg: 'API-key format invalid.' });
    // Signature over query + body concatenated, as documented for mixed requests.
    const query = 'symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC';
    const body = `quantity=0.1&price=49000&timestamp=${now}`;
    const sig = createHmac('sha256', creds.apiSecret).update(query + body).digest('hex');
    const mixed = await fetch(`${emu.url}/api/v3/order?${query}`, { method: 'POST', headers: { 'X-MBX-APIKEY': creds.apiKey, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `${body}&signature=${sig}` });
    expect(mixed.status).toBe(200);
  });

  it('rejects malformed and missing parameters and filter failures', async () => {
    expect((await signed(emu.url, 'POST', '/api/v3/order', { ...order, quantity: 'abc' }, creds, now)).body).toMatchObject({ code: -1100 });
    const { price: _price, ...noPrice } = order;
    expect((await signed(emu.url, 'POST', '/api/v3/order', noPrice, creds, now)).body).toEqual({ code: -1102, msg: "Mandatory parameter 'price' was not sent, was empty/null, or malformed." });
    expect((await signed(emu.url, 'POST', '/api/v3/order', { ...order, quantity: '0.0000001' }, creds, now)).body).toEqual({ code: -1013, msg: 'Filter failure: LOT_SIZE' });
    expect((await signed(emu.url, 'POST', '/api/v3/order', { ...order, symbol: 'FOOBAR' }, creds, now)).body).toEqual({ code: -1121, msg: 'Invalid symbol.' });
  });

  it('reports weight headers, answers 429 with Retry-After past the limit and 418 after repeated violations', async () => {
    emu.control.configureRateLimits({ requestWeightPerMinute: 30, violationsBeforeBan: 1 });
    const first = await get(emu.url, '/api/v3/exchangeInfo');
    expect(first.headers.get('x-mbx-used-weight-1m')).toBe('20');
    const info = first.body as { rateLimits: Record<string, unknown>[]; symbols: Record<string, unknown>[] };
    expect(info.rateLimits[0]).toEqual({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 30 });
    expect(keys(info.symbols[0])).toEqual(keys(fixture<{ symbols: unknown[] }>('exchangeInfo').symbols[0]));
    const limited = await get(emu.url, '/api/v3/exchangeInfo');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('20');
    expect(limited.body).toMatchObject({ code: -1003 });
    const banned = await get(emu.url, '/api/v3/exchangeInfo');
    expect(banned.status).toBe(418);
    expect(Number(banned.headers.get('retry-after'))).toBeGreaterThan(0);
    now += 10 * 60_000;
    expect((await get(emu.url, '/api/v3/ping')).status).toBe(200);
  });

  it('injects faults: 5xx, dropped socket, clock skew, accepted-then-503, maintenance, time offset', async () => {
    emu.control.injectFault({ kind: 'http5xx', status: 502 });
    expect((await get(emu.url, '/api/v3/ping')).status).toBe(502);
    emu.control.injectFault({ kind: 'drop' });
    await expect(fetch(`${emu.url}/api/v3/ping`)).rejects.toThrow();
    emu.control.injectFault({ kind: 'clockSkew', match: '/api/v3/order' });
    expect((await get(emu.url, '/api/v3/ping')).status).toBe(200);
    expect((await signed(emu.url, 'POST', '/api/v3/order', order, creds, now)).body).toMatchObject({ code: -1021 });
    emu.control.injectFault({ kind: 'acceptThen5xx' });
    const unknown = await signed(emu.url, 'POST', '/api/v3/order', { ...order, newClientOrderId: 'x1' }, creds, now);
    expect(unknown).toMatchObject({ status: 503, body: { code: -1007 } });
    expect((await signed(emu.url, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'x1' }, creds, now)).body).toMatchObject({ status: 'NEW' });
    expect(emu.control.receivedOrders('x1')).toHaveLength(1);
    emu.control.setMaintenance(true);
    expect((await signed(emu.url, 'GET', '/api/v3/account', {}, creds, now)).body).toEqual({ code: -1016, msg: 'This service is no longer available.' });
    emu.control.setMaintenance(false);
    emu.control.setTimeOffset(-10_000);
    expect((await get(emu.url, '/api/v3/time')).body).toEqual({ serverTime: now - 10_000 });
    expect(types(fixture('time'))).toEqual({ serverTime: 'number' });
  });

  it('hangs a request until close, then releases it', async () => {
    emu.control.injectFault({ kind: 'hang' });
    const pending = fetch(`${emu.url}/api/v3/ping`).then(() => 'answered', () => 'failed');
    // the request has reached the emulator (counted, then held by the fault), so close() is what fails it
    await until(() => emu.control.restRoutes()['GET /api/v3/ping'] === 1, 'the request at the emulator');
    await emu.close();
    expect(await pending).toBe('failed');
    emu = await startBinanceEmulator(); // afterEach closes this one
  });

  it('drives the market over the /emulator HTTP control routes', async () => {
    const res = await fetch(`${emu.url}/emulator/price`, { method: 'POST', body: JSON.stringify({ symbol: 'BTCUSDT', price: '51000' }) });
    expect(res.status).toBe(200);
    expect((await get(emu.url, '/api/v3/ticker/price?symbol=BTCUSDT')).body).toEqual({ symbol: 'BTCUSDT', price: '51000.00000000' });
    expect((await fetch(`${emu.url}/emulator/nope`, { method: 'POST' })).status).toBe(404);
  });
});

describe('restRoutes (per-route request counts for fidelity tests)', () => {
  it('counts every REST request by method and path, unknown paths included, control routes not', async () => {
    const emu = await startBinanceEmulator({ apiKey: 'k', apiSecret: 's', prices: { BTCUSDT: '50000' } });
    try {
      await get(emu.url, '/api/v3/ping');
      await get(emu.url, '/api/v3/ping');
      const unknown = await get(emu.url, '/sapi/v1/capital/config/getall');
      expect(unknown.status).toBe(404);
      await fetch(`${emu.url}/emulator/orders`);
      expect(emu.control.restRoutes()).toEqual({ 'GET /api/v3/ping': 2, 'GET /sapi/v1/capital/config/getall': 1 });
    } finally {
      await emu.close();
    }
  });
});
