/**
 * Market stream names: combined frames carry the name as subscribed, every documented depth speed is
 * served, and a stream the emulator cannot serve is refused (SUBSCRIBE error, or the upgrade refused when
 * named in the URL) rather than accepted and left silent.
 */
import WebSocket from 'ws';
import { startBinanceEmulator, type BinanceEmulator } from '../src';
import { closed, opened } from './socket-helpers';

type Frame = Record<string, unknown> & { stream?: string; data?: Record<string, unknown>; id?: unknown };

/** An open socket and a way to await the first frame (past or future) that matches. */
async function connect(url: string): Promise<{ ws: WebSocket; next: (pred: (f: Frame) => boolean) => Promise<Frame> }> {
  const ws = new WebSocket(url);
  const seen: Frame[] = [];
  const waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  ws.on('message', (raw) => {
    const f = JSON.parse(raw.toString()) as Frame;
    seen.push(f);
    for (const w of waiters.splice(0)) if (w.pred(f)) w.resolve(f); else waiters.push(w);
  });
  await opened(ws);
  const next = (pred: (f: Frame) => boolean): Promise<Frame> => {
    const found = seen.find(pred);
    return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ pred, resolve }));
  };
  return { ws, next };
}


describe('market stream names and speeds', () => {
  let emu: BinanceEmulator;

  beforeEach(async () => {
    emu = await startBinanceEmulator({ apiKey: 'k', apiSecret: 's', symbols: ['BTCUSDT'], balances: { USDT: '1000' }, prices: { BTCUSDT: '50000' }, levelQty: '3' });
  });
  afterEach(() => emu.close());

  it('echoes each stream name exactly as subscribed on combined frames, URL and SUBSCRIBE alike', async () => {
    const c = await connect(`${emu.wsUrl}/stream?streams=btcusdt@bookTicker/btcusdt@depth@1000ms`);
    c.ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@depth5@1000ms', 'btcusdt@depth@100ms'], id: 7 }));
    expect(await c.next((f) => f.id === 7)).toEqual({ result: null, id: 7 });
    c.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 8 }));
    expect((await c.next((f) => f.id === 8)).result).toEqual(['btcusdt@bookTicker', 'btcusdt@depth@1000ms', 'btcusdt@depth5@1000ms', 'btcusdt@depth@100ms']);

    emu.control.setPrice('BTCUSDT', '50100');
    const ticker = await c.next((f) => f.stream === 'btcusdt@bookTicker');
    expect(ticker.data).toMatchObject({ s: 'BTCUSDT', b: '50099.99000000' });
    const slow = await c.next((f) => f.stream === 'btcusdt@depth@1000ms');
    const fast = await c.next((f) => f.stream === 'btcusdt@depth@100ms');
    expect(slow.data).toMatchObject({ e: 'depthUpdate', s: 'BTCUSDT' });
    expect(fast.data).toEqual(slow.data);
    const partial = await c.next((f) => f.stream === 'btcusdt@depth5@1000ms');
    expect((partial.data as { bids: unknown[] }).bids).toHaveLength(5);
    await closed(c.ws);
  });

  it('serves <symbol>@aggTrade: each print is its own aggregate, under the name as subscribed', async () => {
    const c = await connect(`${emu.wsUrl}/stream?streams=btcusdt@aggTrade/btcusdt@trade`);
    emu.control.trade('BTCUSDT', '50010', '0.25');
    const trade = (await c.next((f) => f.stream === 'btcusdt@trade')).data as { t: number; T: number; E: number };
    const agg = await c.next((f) => f.stream === 'btcusdt@aggTrade');
    expect(agg.data).toEqual({ e: 'aggTrade', E: trade.E, s: 'BTCUSDT', a: trade.t, p: '50010.00000000', q: '0.25000000', f: trade.t, l: trade.t, T: trade.T, m: false, M: true });
    await closed(c.ws);
  });

  it('serves @depthN with no speed and @depthN@100ms / @1000ms on raw connections', async () => {
    const names = ['btcusdt@depth10', 'btcusdt@depth20@100ms', 'btcusdt@depth10@1000ms', 'btcusdt@depth'];
    for (const [i, name] of names.entries()) {
      const c = await connect(`${emu.wsUrl}/ws/${name}`);
      emu.control.setPrice('BTCUSDT', String(50200 + i * 100)); // a move, so every stream has something to push
      const frame = await c.next(() => true);
      expect(frame.stream).toBeUndefined();
      expect(frame.lastUpdateId ?? frame.u).toEqual(expect.any(Number));
      await closed(c.ws);
    }
  });

  it('refuses a SUBSCRIBE it cannot serve, whole, with code 2, and keeps the earlier subscriptions', async () => {
    const c = await connect(`${emu.wsUrl}/stream?streams=btcusdt@trade`);
    for (const bad of ['btcusdt@depth@250ms', 'btcusdt@depth7', 'ethusdt@trade', 'btcusdt@kline_1x', 'nonsense']) {
      c.ws.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@bookTicker', bad], id: bad }));
      expect(await c.next((f) => f.id === bad)).toEqual({ error: { code: 2, msg: `Invalid request: unsupported stream '${bad}'` }, id: bad });
    }
    c.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 1 }));
    expect((await c.next((f) => f.id === 1)).result).toEqual(['btcusdt@trade']);
    await closed(c.ws);
  });

  it('refuses the upgrade when the URL names a stream it cannot serve', async () => {
    const ws = new WebSocket(`${emu.wsUrl}/stream?streams=btcusdt@trade/btcusdt@depth@500ms`);
    await expect(new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))).rejects.toThrow('Unexpected server response: 400');
    const raw = new WebSocket(`${emu.wsUrl}/ws/dogeusdt@trade`);
    await expect(new Promise((resolve, reject) => raw.once('open', resolve).once('error', reject))).rejects.toThrow('Unexpected server response: 400');
  });
});
