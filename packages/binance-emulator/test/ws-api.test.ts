import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { startBinanceEmulator, type BinanceEmulator } from '../src';
import { fixture, keys, types } from './helpers';

const creds = { apiKey: 'testKey', apiSecret: 'testSecret' };
type Msg = Record<string, unknown> & { id?: unknown; event?: Record<string, unknown>; result?: Record<string, unknown>; error?: Record<string, unknown> };

/** A WebSocket client written here: signs params sorted by name, as the WebSocket API documents. */
class Client {
  readonly messages: Msg[] = [];
  private waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  private nextId = 1;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      let m: Msg;
      try {
        m = JSON.parse(raw.toString()) as Msg;
      } catch {
        m = { malformed: raw.toString() };
      }
      this.messages.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
  }

  static async open(url: string): Promise<Client> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new Client(ws);
  }

  waitFor(pred: (m: Msg) => boolean): Promise<Msg> {
    const found = this.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  request(method: string, params?: Record<string, unknown>, sign = false): Promise<Msg> {
    const id = `r${this.nextId++}`;
    let p = params;
    if (sign) {
      p = { ...params, apiKey: creds.apiKey, timestamp: Date.now() };
      const payload = Object.keys(p).sort().map((k) => `${k}=${String(p![k])}`).join('&');
      p.signature = createHmac('sha256', creds.apiSecret).update(payload).digest('hex');
    }
    this.ws.send(JSON.stringify(p ? { id, method, params: p } : { id, method }));
    return this.waitFor((m) => m.id === id);
  }

  event(e: string, extra: (ev: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
    return this.waitFor((m) => m.event?.e === e && extra(m.event)).then((m) => m.event!);
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

describe('WebSocket API and market streams', () => {
  let emu: BinanceEmulator;
  let client: Client;

  beforeEach(async () => {
    emu = await startBinanceEmulator({ ...creds, balances: { USDT: '100000', BTC: '2' }, prices: { BTCUSDT: '50000' }, levelQty: '1' });
    client = await Client.open(`${emu.wsUrl}/ws-api/v3`);
  });
  afterEach(async () => {
    await client.close();
    await emu.close();
  });

  it('subscribes with a signature and pushes executionReport and outboundAccountPosition shaped like the fixtures', async () => {
    const sub = await client.request('userDataStream.subscribe.signature', {}, true);
    expect(sub).toMatchObject({ status: 200, result: { subscriptionId: 0 } });
    expect(keys(sub)).toEqual(keys({ ...fixture<Msg>('wsapi-userDataStream-subscribe-signature-response'), rateLimits: [] }));

    const placed = await client.request('order.place', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '49000', newOrderRespType: 'ACK' }, true);
    expect(placed.status).toBe(200);
    expect(keys(placed)).toEqual(keys(fixture('wsapi-order-place-ack')));
    expect(keys(placed.result)).toEqual(keys(fixture<Msg>('wsapi-order-place-ack').result));
    expect((placed.rateLimits as Record<string, unknown>[]).map((r) => r.rateLimitType)).toEqual(['ORDERS', 'ORDERS', 'REQUEST_WEIGHT']);

    const report = await client.event('executionReport');
    const expected = fixture<Msg>('executionReport');
    expect(keys(report)).toEqual(keys(expected.event));
    expect(types(report)).toEqual(types(expected.event!));
    expect(report).toMatchObject({ x: 'NEW', X: 'NEW', s: 'BTCUSDT', S: 'BUY', p: '49000.00000000', q: '0.10000000' });
    const envelope = client.messages.find((m) => m.event?.e === 'executionReport')!;
    expect(keys(envelope)).toEqual(keys(expected));

    const position = await client.event('outboundAccountPosition');
    expect(keys(position)).toEqual(keys(fixture<Msg>('outboundAccountPosition').event));
    expect(position.B).toEqual([{ a: 'USDT', f: '95100.00000000', l: '4900.00000000' }]);

    emu.control.setPrice('BTCUSDT', '48000');
    const trade = await client.event('executionReport', (ev) => ev.x === 'TRADE');
    expect(trade).toMatchObject({ X: 'FILLED', l: '0.10000000', L: '49000.00000000', m: true, N: 'BTC' });
    expect(typeof trade.t).toBe('number');
  });

  it('places, queries and cancels over a logged-on session, with documented errors', async () => {
    expect((await client.request('session.logon', {}, true)).status).toBe(200);
    const full = await client.request('order.place', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '1.5', newOrderRespType: 'FULL' });
    expect(keys(full.result)).toEqual(keys({ ...fixture<Msg>('wsapi-order-place-full').result!, selfTradePreventionMode: 'NONE' }));
    const resting = await client.request('order.place', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '51000', newClientOrderId: 'ws1' });
    expect(resting.result).toMatchObject({ status: 'NEW', clientOrderId: 'ws1' });
    expect((await client.request('order.status', { symbol: 'BTCUSDT', origClientOrderId: 'ws1' })).result).toMatchObject({ status: 'NEW' });
    const cancel = await client.request('order.cancel', { symbol: 'BTCUSDT', origClientOrderId: 'ws1' });
    expect(keys(cancel.result)).toEqual(keys(fixture('order-cancel-response')));
    const again = await client.request('order.cancel', { symbol: 'BTCUSDT', origClientOrderId: 'ws1' });
    expect(again).toMatchObject({ status: 400, error: { code: -2011, msg: 'Unknown order sent.' } });
    const badSig = await client.request('order.place', { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.1', apiKey: creds.apiKey, timestamp: Date.now(), signature: 'beef' });
    expect(badSig).toMatchObject({ status: 400, error: { code: -1022 } });
    expect((await client.request('ping')).result).toEqual({});
  });

  it('sends serverShutdown, malformed frames and drops sockets on command', async () => {
    emu.control.sendServerShutdown();
    const shutdown = await client.waitFor((m) => m.event?.e === 'serverShutdown');
    expect(keys(shutdown.event)).toEqual(keys(fixture<Msg>('wsapi-serverShutdown').event));
    emu.control.sendMalformedFrame();
    await client.waitFor((m) => m.malformed !== undefined);
    const closed = new Promise((resolve) => client.ws.once('close', resolve));
    emu.control.dropWebSockets();
    await closed;
  });

  it('half-opens a socket: no more answers or pongs', async () => {
    emu.control.halfOpenWebSockets();
    let pong = false;
    client.ws.on('pong', () => (pong = true));
    client.ws.ping();
    client.ws.send(JSON.stringify({ id: 'x', method: 'ping' }));
    // Barrier: our close frame travels behind the ping and the request; the emulator answers it only
    // after handling both, and whatever it sent before its close frame reaches us before 'close'.
    await client.close();
    expect(pong).toBe(false);
    expect(client.messages.find((m) => m.id === 'x')).toBeUndefined();
  });

  it('streams trades and book tickers, raw and combined', async () => {
    const raw = await Client.open(`${emu.wsUrl}/ws/btcusdt@bookTicker`);
    const combined = await Client.open(`${emu.wsUrl}/stream?streams=btcusdt@trade/btcusdt@depth5`);
    emu.control.setPrice('BTCUSDT', '50100');
    const book = await raw.waitFor((m) => m.s === 'BTCUSDT');
    expect(book).toMatchObject({ b: '50099.99000000', a: '50100.01000000' });
    expect(keys(book)).toEqual(['A', 'B', 'a', 'b', 's', 'u']);
    const trade = await combined.waitFor((m) => m.stream === 'btcusdt@trade');
    expect(trade.data).toMatchObject({ e: 'trade', s: 'BTCUSDT', p: '50100.00000000' });
    const depth = await combined.waitFor((m) => m.stream === 'btcusdt@depth5');
    expect(keys(depth.data)).toEqual(keys(fixture('depth')));
    await raw.close();
    await combined.close();
  });

  it('pushes partial books (@depthN@100ms) and chained diff events (@depth) on every market move', async () => {
    const c = await Client.open(`${emu.wsUrl}/stream?streams=btcusdt@depth10@100ms/btcusdt@depth`);
    type Book = { lastUpdateId: number; bids: string[][]; asks: string[][] };
    type Diff = { e: string; s: string; U: number; u: number; b: string[][]; a: string[][] };
    emu.control.setPrice('BTCUSDT', '50100');
    const partial = (await c.waitFor((m) => m.stream === 'btcusdt@depth10@100ms')).data as Book;
    // ten levels a tick apart on each side of 50100 ± 0.01, best first
    expect(partial.bids).toHaveLength(10);
    expect(partial.bids[0][0]).toBe('50099.99000000');
    expect(partial.bids[9][0]).toBe('50099.90000000');
    expect(partial.asks[0][0]).toBe('50100.01000000');
    expect(partial.asks[9][0]).toBe('50100.10000000');
    const first = (await c.waitFor((m) => m.stream === 'btcusdt@depth')).data as Diff;
    expect(first).toMatchObject({ e: 'depthUpdate', s: 'BTCUSDT', u: partial.lastUpdateId });

    emu.control.setQuote('BTCUSDT', { bid: '50200', ask: '50201', bidQty: '3' });
    const next = (await c.waitFor((m) => m.stream === 'btcusdt@depth10@100ms' && (m.data as Book).lastUpdateId > partial.lastUpdateId)).data as Book;
    expect(next.bids[0]).toEqual(['50200.00000000', '3.00000000']);
    expect(next.asks[0][0]).toBe('50201.00000000');
    const second = (await c.waitFor((m) => m.stream === 'btcusdt@depth' && (m.data as Diff).u > first.u)).data as Diff;
    // a local book stays in sync only if each event starts right after the previous one ended
    expect(second.U).toBe(first.u + 1);
    expect(second.b[0]).toEqual(['50200.00000000', '3.00000000']);
    await c.close();
  });
});
