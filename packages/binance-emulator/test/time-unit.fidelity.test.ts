/**
 * `X-MBX-TIME-UNIT` (REST) and `timeUnit` (WebSocket API and market stream URLs): MICROSECOND answers carry
 * every time field in microseconds, MILLISECOND (or nothing) in milliseconds, any other value is refused
 * with -1194 as errors.md documents. A signed request's timestamp may itself be in microseconds.
 */
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { startBinanceEmulator, type BinanceEmulator } from '../src';
import { closed, opened } from './socket-helpers';

const creds = { apiKey: 'tuKey', apiSecret: 'tuSecret' };
type Json = Record<string, unknown>;

async function rest(emu: BinanceEmulator, method: string, path: string, unit?: string, params?: Record<string, string>): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = { 'X-MBX-APIKEY': creds.apiKey };
  if (unit !== undefined) headers['X-MBX-TIME-UNIT'] = unit;
  let query = '';
  if (params) {
    query = new URLSearchParams(params).toString();
    query += `&signature=${createHmac('sha256', creds.apiSecret).update(query).digest('hex')}`;
  }
  const res = await fetch(`${emu.url}${path}${query ? `?${query}` : ''}`, { method, headers });
  return { status: res.status, body: (await res.json()) as Json };
}

/** The first message a socket receives. */
function firstMessage(ws: WebSocket): Promise<Json> {
  return new Promise((resolve) => ws.once('message', (raw) => resolve(JSON.parse(raw.toString()) as Json)));
}



describe('time unit of answers', () => {
  let emu: BinanceEmulator;

  beforeEach(async () => {
    emu = await startBinanceEmulator({ ...creds, symbols: ['BTCUSDT'], balances: { USDT: '100000' }, prices: { BTCUSDT: '50000' }, levelQty: '3' });
  });
  afterEach(() => emu.close());

  it('REST: MICROSECOND (any case) answers in µs, MILLISECOND in ms, another value -1194', async () => {
    const before = Date.now();
    const ms = (await rest(emu, 'GET', '/api/v3/time', 'MILLISECOND')).body.serverTime as number;
    const micro = (await rest(emu, 'GET', '/api/v3/time', 'MICROSECOND')).body.serverTime as number;
    const lower = (await rest(emu, 'GET', '/api/v3/time', 'microsecond')).body.serverTime as number;
    const after = Date.now();
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
    for (const t of [micro, lower]) {
      expect(t).toBeGreaterThanOrEqual(before * 1000);
      expect(t).toBeLessThanOrEqual(after * 1000);
    }
    expect(await rest(emu, 'GET', '/api/v3/time', 'NANOSECOND')).toEqual({
      status: 400,
      body: { code: -1194, msg: 'Invalid value for time unit; expected either MICROSECOND or MILLISECOND.' },
    });
  });

  it('REST: a signed order with a µs timestamp answers transactTime and workingTime in µs', async () => {
    const before = Date.now();
    const timestamp = String(Date.now() * 1000 + 123);
    const params = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '49000', newOrderRespType: 'RESULT', timestamp };
    const placed = await rest(emu, 'POST', '/api/v3/order', 'MICROSECOND', params);
    expect(placed.status).toBe(200);
    const { transactTime, workingTime } = placed.body as { transactTime: number; workingTime: number };
    expect(transactTime).toBeGreaterThanOrEqual(before * 1000);
    expect(transactTime).toBeLessThanOrEqual(Date.now() * 1000);
    expect(workingTime).toBe(transactTime);
    const query = await rest(emu, 'GET', '/api/v3/order', undefined, { symbol: 'BTCUSDT', orderId: String(placed.body.orderId), timestamp: String(Date.now()) });
    expect((query.body.time as number) * 1000).toBe(transactTime);
  });

  it('WebSocket API: timeUnit=MICROSECOND on the URL answers in µs; an invalid one refuses the upgrade with -1194', async () => {
    const ws = new WebSocket(`${emu.wsUrl}/ws-api/v3?timeUnit=MICROSECOND`);
    await opened(ws);
    const before = Date.now();
    const answer = firstMessage(ws);
    ws.send(JSON.stringify({ id: 't', method: 'time' }));
    const serverTime = ((await answer).result as { serverTime: number }).serverTime;
    expect(serverTime).toBeGreaterThanOrEqual(before * 1000);
    expect(serverTime).toBeLessThanOrEqual(Date.now() * 1000);
    await closed(ws);

    const bad = new WebSocket(`${emu.wsUrl}/ws-api/v3?timeUnit=SECOND`);
    const body = new Promise<string>((resolve) => {
      bad.once('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(`${res.statusCode ?? 0} ${text}`));
      });
    });
    expect(await body).toBe('400 {"code":-1194,"msg":"Invalid value for time unit; expected either MICROSECOND or MILLISECOND."}');
  });

  it('market streams: timeUnit=MICROSECOND turns trade E and T into µs, leaving ids alone', async () => {
    const ws = new WebSocket(`${emu.wsUrl}/stream?streams=btcusdt@trade&timeUnit=MICROSECOND`);
    await opened(ws);
    const before = Date.now();
    const frame = firstMessage(ws);
    emu.control.trade('BTCUSDT', '50010', '0.5');
    const { stream, data } = (await frame) as { stream: string; data: { E: number; T: number; t: number } };
    expect(stream).toBe('btcusdt@trade');
    expect(data.T).toBeGreaterThanOrEqual(before * 1000);
    expect(data.T).toBeLessThanOrEqual(Date.now() * 1000);
    expect(data.E).toBeGreaterThanOrEqual(data.T);
    expect(data.t).toBeLessThan(1_000_000);
    await closed(ws);
  });
});
