import WebSocket from 'ws';
import { startBinanceEmulator, type BinanceEmulator } from '../src';

type Frame = Record<string, unknown>;

/** A raw WebSocket client written here: sends any text, reads every answer in order. */
class RawClient {
  private readonly frames: Frame[] = [];
  private waiter?: () => void;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      this.frames.push(JSON.parse(raw.toString()) as Frame);
      this.waiter?.();
    });
  }

  static async open(url: string): Promise<RawClient> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new RawClient(ws);
  }

  /** Sends `text` and resolves with the next frame that is an answer (has `id`, `error` or `result`). */
  async ask(text: string): Promise<Frame> {
    this.ws.send(text);
    for (;;) {
      const i = this.frames.findIndex((f) => 'id' in f || 'error' in f || 'result' in f);
      if (i >= 0) return this.frames.splice(i, 1)[0];
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.terminate();
    });
  }
}

const huge = `{"id":"big","method":"ping","params":{"pad":"${'x'.repeat(10 * 1024 * 1024)}"}}`;

describe('malformed WebSocket requests to the emulator', () => {
  let emu: BinanceEmulator;

  beforeAll(async () => {
    emu = await startBinanceEmulator({ apiKey: 'k', apiSecret: 's', prices: { BTCUSDT: '50000' } });
  });
  afterAll(() => emu.close());

  describe('WebSocket API (/ws-api/v3)', () => {
    let client: RawClient;
    beforeAll(async () => {
      client = await RawClient.open(`${emu.wsUrl}/ws-api/v3`);
    });
    afterAll(() => client.close());

    it.each([
      ['null', 'null', -1102, /mandatory parameter was not sent/i],
      ['an array', '[1,2]', -1102, /mandatory parameter was not sent/i],
      ['a string', '"x"', -1102, /mandatory parameter was not sent/i],
      ['not JSON', '{"id":', -1135, /Invalid JSON Request/],
      ['no method', '{"id":"a"}', -1102, /'method'/],
      ['params that are a number', '{"id":"b","method":"SUBSCRIBE","params":5}', -1102, /'params'/],
      ['params that are an array', '{"id":"c","method":"time","params":[1]}', -1102, /'params'/],
      ['an id that is an object', '{"id":{"x":1},"method":"ping"}', -1102, /'id'/],
      ['a 10 MB frame', huge, -1102, /malformed/],
    ])('answers %s with status 400 and Binance\'s error, and keeps serving', async (_name, text, code, msg) => {
      const answer = await client.ask(text);
      expect(answer).toMatchObject({ status: 400, error: { code } });
      expect(String((answer.error as Frame).msg)).toMatch(msg);
      expect(await client.ask('{"id":"after","method":"ping"}')).toMatchObject({ id: 'after', status: 200, result: {} });
    });
  });

  describe('market streams (/stream)', () => {
    let client: RawClient;
    beforeAll(async () => {
      client = await RawClient.open(`${emu.wsUrl}/stream?streams=btcusdt@trade`);
    });
    afterAll(() => client.close());

    it.each([
      ['null', 'null', 2, /^Invalid request: /],
      ['an array', '[]', 2, /^Invalid request: /],
      ['not JSON', 'SUBSCRIBE', 3, /^Invalid JSON/],
      ['params that are a number', '{"method":"SUBSCRIBE","params":5,"id":1}', 2, /expected a sequence/],
      ['params that hold a non-string', '{"method":"SUBSCRIBE","params":[null],"id":2}', 2, /stream names/],
      ['a negative id', '{"method":"LIST_SUBSCRIPTIONS","id":-1}', 2, /request ID must be an unsigned integer/],
      ['no method', '{"params":[],"id":3}', 2, /missing field `method`/],
      ['too many streams', JSON.stringify({ method: 'SUBSCRIBE', params: Array.from({ length: 1100 }, (_, i) => `s${i}@trade`), id: 4 }), 2, /too many parameters/],
      ['a 10 MB frame', huge, 2, /too large/],
    ])('answers %s with Binance\'s stream error and keeps serving', async (_name, text, code, msg) => {
      const answer = await client.ask(text);
      expect(answer).toMatchObject({ error: { code } });
      expect(String((answer.error as Frame).msg)).toMatch(msg);
      expect(await client.ask('{"method":"LIST_SUBSCRIPTIONS","id":99}')).toEqual({ result: ['btcusdt@trade'], id: 99 });
    });
  });
});

describe('control API decimal and fault inputs', () => {
  let emu: BinanceEmulator;
  const post = (route: string, body: unknown) => fetch(`${emu.url}/emulator/${route}`, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    emu = await startBinanceEmulator({ apiKey: 'k', apiSecret: 's', prices: { BTCUSDT: '50000' }, balances: { BTC: '1' } });
  });
  afterAll(() => emu.close());

  it.each([
    ['price', { symbol: 'BTCUSDT', price: '1e999999999' }, /price is not a decimal within bounds/],
    ['price', { symbol: 'BTCUSDT', price: 'NaN' }, /price is not a decimal/],
    ['price', { symbol: 'BTCUSDT', price: '-5' }, /price must be positive/],
    ['price', { symbol: 'BTCUSDT', price: null }, /price must be a decimal string/],
    ['price', { symbol: 'BTCUSDT', price: `1.${'1'.repeat(40)}` }, /price is not a decimal/],
    ['quote', { symbol: 'BTCUSDT', bid: '49999', ask: '50001', bidQty: '1e400' }, /bidQty/],
    ['trade', { symbol: 'BTCUSDT', price: '50000', qty: {} }, /qty must be a decimal string/],
    ['balance', { asset: 'BTC', free: '-1' }, /free must be zero or more/],
    ['balance', { asset: null, free: '1' }, /asset must be a string/],
    ['time-offset', { ms: 'soon' }, /ms must be an integer/],
    ['fault', { kind: 'meltdown' }, /kind must be one of/],
    ['fault', { kind: 'hang', count: 'many' }, /count must be an integer/],
  ])('refuses POST /emulator/%s %j with 400 naming the field, and changes nothing', async (route, body, message) => {
    const res = await post(route, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(message);
  });

  it('still takes well-formed inputs, and nothing refused took effect', async () => {
    expect(emu.control.balance('BTC').free.toString()).toBe('1');
    expect((await post('price', { symbol: 'BTCUSDT', price: '51000.5' })).status).toBe(200);
    expect((await post('balance', { asset: 'BTC', free: '0' })).status).toBe(200);
    expect(emu.control.balance('BTC').free.toString()).toBe('0');
    expect((await post('fault', { kind: 'hang', count: 2, transport: 'rest', match: '/api/v3/order' })).status).toBe(200);
    expect((await post('faults/clear', {})).status).toBe(200);
    expect((await post('price', [1])).status).toBe(400);
  });
});
