/**
 * Market history (klines, recent and aggregate trades, the rolling-window ticker) built from the
 * emulator's tape, read by the unmodified binance SDK and ccxt; the order-count request, account
 * updateTime as the last change, and the WebSocket API's session.subscriptions / account.rateLimits.orders.
 */
import { createHmac } from 'node:crypto';
import { MainClient } from 'binance';
import { binance as CcxtBinance } from 'ccxt';
import WebSocket from 'ws';
import { startBinanceEmulator, type BinanceEmulator } from '../src';
import { closed, opened } from './socket-helpers';

const creds = { apiKey: 'histKey', apiSecret: 'histSecret' };
/** Monday 2026-01-05 00:00:00 UTC: a minute, day and week boundary at once. */
const T0 = Date.UTC(2026, 0, 5);
const SECOND = 1000;

describe('market history from the tape', () => {
  let emu: BinanceEmulator;
  let now = T0;
  let client: MainClient;

  beforeEach(async () => {
    now = T0;
    emu = await startBinanceEmulator({ ...creds, symbols: ['BTCUSDT'], balances: { USDT: '1000' }, prices: { BTCUSDT: '50000' }, levelQty: '3', clock: () => now });
    client = new MainClient({ api_key: creds.apiKey, api_secret: creds.apiSecret, baseUrl: emu.url });
    emu.control.trade('BTCUSDT', '50000', '1');
    now = T0 + 30 * SECOND;
    emu.control.trade('BTCUSDT', '50100', '0.5');
    now = T0 + 90 * SECOND;
    emu.control.trade('BTCUSDT', '49900', '2');
    now = T0 + 200 * SECOND;
  });
  afterEach(() => emu.close());

  it('klines: one row per interval up to now, quiet intervals at the last close; 1w and 1M aligned; bad interval -1120', async () => {
    const rows = (await client.getKlines({ symbol: 'BTCUSDT', interval: '1m' })) as unknown[][];
    expect(rows).toEqual([
      [T0, '50000.00000000', '50100.00000000', '50000.00000000', '50100.00000000', '1.50000000', T0 + 60 * SECOND - 1, '75050.00000000', 2, '1.50000000', '75050.00000000', '0'],
      [T0 + 60 * SECOND, '49900.00000000', '49900.00000000', '49900.00000000', '49900.00000000', '2.00000000', T0 + 120 * SECOND - 1, '99800.00000000', 1, '2.00000000', '99800.00000000', '0'],
      [T0 + 120 * SECOND, '49900.00000000', '49900.00000000', '49900.00000000', '49900.00000000', '0.00000000', T0 + 180 * SECOND - 1, '0.00000000', 0, '0.00000000', '0.00000000', '0'],
      [T0 + 180 * SECOND, '49900.00000000', '49900.00000000', '49900.00000000', '49900.00000000', '0.00000000', T0 + 240 * SECOND - 1, '0.00000000', 0, '0.00000000', '0.00000000', '0'],
    ]);
    expect(await client.getKlines({ symbol: 'BTCUSDT', interval: '1m', limit: 1 })).toEqual([rows[3]]);
    expect(await client.getKlines({ symbol: 'BTCUSDT', interval: '1m', startTime: T0 + 60 * SECOND, limit: 1 })).toEqual([rows[1]]);
    const [week] = (await client.getKlines({ symbol: 'BTCUSDT', interval: '1w' })) as unknown[][];
    expect(week.slice(0, 9)).toEqual([T0, '50000.00000000', '50100.00000000', '49900.00000000', '49900.00000000', '3.50000000', T0 + 7 * 86_400_000 - 1, '174850.00000000', 3]);
    const [month] = (await client.getKlines({ symbol: 'BTCUSDT', interval: '1M' })) as unknown[][];
    expect([month[0], month[6]]).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2026, 1, 1) - 1]);
    await expect(client.getKlines({ symbol: 'BTCUSDT', interval: '7m' as never })).rejects.toMatchObject({ code: -1120, message: 'Invalid interval.' });
  });

  it('recent trades, aggregate trades by id and time, with the documented fields', async () => {
    const recent = await client.getRecentTrades({ symbol: 'BTCUSDT', limit: 2 });
    expect(recent).toEqual([
      { id: 2, price: '50100.00000000', qty: '0.50000000', quoteQty: '25050.00000000', time: T0 + 30 * SECOND, isBuyerMaker: false, isBestMatch: true },
      { id: 3, price: '49900.00000000', qty: '2.00000000', quoteQty: '99800.00000000', time: T0 + 90 * SECOND, isBuyerMaker: false, isBestMatch: true },
    ]);
    const agg = await client.getAggregateTrades({ symbol: 'BTCUSDT', fromId: 2 });
    expect(agg).toEqual([
      { a: 2, p: '50100.00000000', q: '0.50000000', f: 2, l: 2, T: T0 + 30 * SECOND, m: false, M: true },
      { a: 3, p: '49900.00000000', q: '2.00000000', f: 3, l: 3, T: T0 + 90 * SECOND, m: false, M: true },
    ]);
    const inTime = (await client.getAggregateTrades({ symbol: 'BTCUSDT', startTime: T0, endTime: T0 + 60 * SECOND })) as { a: number }[];
    expect(inTime.map((t) => t.a)).toEqual([1, 2]);
  });

  it('rolling-window ticker over the requested window, FULL and MINI; an undocumented window is -1130', async () => {
    const twoMinutes = await client.getRollingWindowTicker({ symbol: 'BTCUSDT', windowSize: '2m' });
    expect(twoMinutes).toMatchObject({ symbol: 'BTCUSDT', openPrice: '49900.00000000', lastPrice: '49900.00000000', volume: '2.00000000', count: 1, firstId: 3, lastId: 3, openTime: T0 + 80 * SECOND, closeTime: T0 + 200 * SECOND });
    const day = await client.getRollingWindowTicker({ symbol: 'BTCUSDT' });
    expect(day).toMatchObject({ priceChange: '-100.00000000', priceChangePercent: '-0.200', openPrice: '50000.00000000', highPrice: '50100.00000000', lowPrice: '49900.00000000', count: 3 });
    const mini = (await client.getRollingWindowTicker({ symbols: ['BTCUSDT'], type: 'MINI', windowSize: '1m' } as never)) as unknown as Record<string, unknown>[];
    expect(Object.keys(mini[0]).sort()).toEqual(['closeTime', 'count', 'firstId', 'highPrice', 'lastId', 'lastPrice', 'lowPrice', 'openPrice', 'openTime', 'quoteVolume', 'symbol', 'volume']);
    expect(mini[0]).toMatchObject({ count: 0, firstId: -1, openPrice: '49900.00000000' });
    await expect(client.getRollingWindowTicker({ symbol: 'BTCUSDT', windowSize: '60m' })).rejects.toMatchObject({ code: -1130 });
  });

  it('the WebSocket API answers klines, trades.aggregate and ticker as REST does; µs klines end on the last µs', async () => {
    const rest = await client.getKlines({ symbol: 'BTCUSDT', interval: '1m' });
    const ws = new WebSocket(`${emu.wsUrl}/ws-api/v3`);
    await opened(ws);
    const ask = (id: string, method: string, params: Record<string, unknown>) =>
      new Promise<unknown>((resolve) => {
        const onMessage = (raw: WebSocket.RawData): void => {
          const m = JSON.parse(raw.toString()) as { id: string; result: unknown };
          if (m.id !== id) return;
          ws.off('message', onMessage);
          resolve(m.result);
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ id, method, params }));
      });
    expect(await ask('k', 'klines', { symbol: 'BTCUSDT', interval: '1m' })).toEqual(rest);
    expect(await ask('a', 'trades.aggregate', { symbol: 'BTCUSDT', fromId: 2 })).toEqual(await client.getAggregateTrades({ symbol: 'BTCUSDT', fromId: 2 }));
    expect(await ask('t', 'ticker', { symbol: 'BTCUSDT', windowSize: '2m' })).toEqual(await client.getRollingWindowTicker({ symbol: 'BTCUSDT', windowSize: '2m' }));
    await closed(ws);

    const res = await fetch(`${emu.url}/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1`, { headers: { 'X-MBX-TIME-UNIT': 'MICROSECOND' } });
    const [row] = (await res.json()) as unknown[][];
    expect([row[0], row[6]]).toEqual([(T0 + 180 * SECOND) * 1000, (T0 + 240 * SECOND) * 1000 - 1]);
  });

  it('ccxt reads OHLCV and public trades unmodified', async () => {
    const ex = new CcxtBinance({ options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false } });
    const urls = ex.urls as unknown as { api: Record<string, string> };
    for (const key of Object.keys(urls.api)) urls.api[key] = `${emu.url}${new URL(urls.api[key]).pathname}`;
    await ex.loadMarkets();
    const candles = await ex.fetchOHLCV('BTC/USDT', '1m', T0);
    expect(candles[0]).toEqual([T0, 50000, 50100, 50000, 50100, 1.5]);
    expect(candles).toHaveLength(4);
    const trades = await ex.fetchTrades('BTC/USDT');
    expect(trades.map((t) => [t.id, t.price, t.amount, t.timestamp])).toEqual([
      ['1', 50000, 1, T0],
      ['2', 50100, 0.5, T0 + 30 * SECOND],
      ['3', 49900, 2, T0 + 90 * SECOND],
    ]);
  });
});

describe('order counters, account updateTime and session subscriptions', () => {
  let emu: BinanceEmulator;
  let shift = 0;

  beforeEach(async () => {
    shift = 0;
    // Server time runs ahead of the client's by `shift` (within recvWindow): requests stay signed with
    // Date.now() while the server's "now" provably moves past the last change.
    emu = await startBinanceEmulator({ ...creds, symbols: ['BTCUSDT'], balances: { USDT: '100000' }, prices: { BTCUSDT: '50000' }, levelQty: '3', clock: () => Date.now() + shift });
  });
  afterEach(() => emu.close());

  it('REST rateLimit/order counts placed orders; account updateTime is the last balance change, not the request time', async () => {
    // The 10 s order counter resets on the server clock's 10 s boundaries: on a starved CPU the order and
    // the read of its counter once straddled one (count 0). This test stops the server clock instead, in
    // the middle of a window and ~50 s ahead, and signs with recvWindow 60 s, so Date.now() timestamps
    // stay valid for ~45 s of real time (a safety net) while the window cannot roll over between requests.
    await emu.close();
    const start = Date.now();
    const frozen = Math.floor((start + 50_000) / 10_000) * 10_000 + 5_000;
    emu = await startBinanceEmulator({ ...creds, symbols: ['BTCUSDT'], balances: { USDT: '100000' }, prices: { BTCUSDT: '50000' }, levelQty: '3', clock: () => frozen + shift });
    const client = new MainClient({ api_key: creds.apiKey, api_secret: creds.apiSecret, baseUrl: emu.url, recvWindow: 60_000, disableTimeSync: true });
    const before = await client.getOrderRateLimit();
    expect(before).toEqual([
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50, count: 0 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160000, count: 0 },
    ]);
    const order = await client.submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.1, price: 49000, newOrderRespType: 'RESULT' });
    expect((await client.getOrderRateLimit()).map((r) => r.count)).toEqual([1, 1]);
    shift = 3000;
    const account = await client.getAccountInformation();
    // The lock happened when the order was placed (server time stood still), 3 s before this request.
    expect(order.transactTime).toBe(frozen);
    expect(account.updateTime).toBe(order.transactTime);
  });

  it('WebSocket API: session.subscriptions lists open user-data subscriptions; account.rateLimits.orders answers the counters', async () => {
    const ws = new WebSocket(`${emu.wsUrl}/ws-api/v3`);
    await opened(ws);
    const answers = new Map<string, Record<string, unknown>>();
    const waiters = new Map<string, () => void>();
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString()) as Record<string, unknown>;
      if (typeof m.id === 'string') {
        answers.set(m.id, m);
        waiters.get(m.id)?.();
      }
    });
    const call = async (id: string, method: string, sign: boolean): Promise<Record<string, unknown>> => {
      let params: Record<string, unknown> | undefined;
      if (sign) {
        params = { apiKey: creds.apiKey, timestamp: Date.now() };
        const payload = Object.keys(params).sort().map((k) => `${k}=${String(params![k])}`).join('&');
        params.signature = createHmac('sha256', creds.apiSecret).update(payload).digest('hex');
      }
      const answered = new Promise<void>((resolve) => waiters.set(id, resolve));
      ws.send(JSON.stringify(params ? { id, method, params } : { id, method }));
      await answered;
      return answers.get(id)!;
    };
    expect((await call('s0', 'session.subscriptions', false)).result).toEqual([]);
    expect((await call('u0', 'userDataStream.subscribe.signature', true)).result).toEqual({ subscriptionId: 0 });
    expect((await call('u1', 'userDataStream.subscribe.signature', true)).result).toEqual({ subscriptionId: 1 });
    expect(await call('s1', 'session.subscriptions', false)).toMatchObject({ status: 200, result: [{ subscriptionId: 0 }, { subscriptionId: 1 }] });
    const counters = await call('r', 'account.rateLimits.orders', true);
    expect(counters).toMatchObject({ status: 200, result: [{ rateLimitType: 'ORDERS', interval: 'SECOND', count: 0 }, { rateLimitType: 'ORDERS', interval: 'DAY', count: 0 }] });
    await closed(ws);
  });
});
