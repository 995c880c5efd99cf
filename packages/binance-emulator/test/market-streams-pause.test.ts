/**
 * `POST /emulator/market-streams {paused}`: market streams go silent while their sockets stay open (requests
 * are still answered), and resume with the next change; a bad body is refused 400.
 */
import WebSocket from 'ws';
import { startBinanceEmulator, type BinanceEmulator } from '../src';
import { closed, opened } from './socket-helpers';

interface Frame { s?: string; b?: string; result?: unknown; id?: number }

describe('pausing the market streams', () => {
  let emu: BinanceEmulator;

  beforeEach(async () => {
    emu = await startBinanceEmulator({ apiKey: 'k', apiSecret: 's', symbols: ['BTCUSDT'], balances: { USDT: '1000' }, prices: { BTCUSDT: '50000' } });
  });
  afterEach(() => emu.close());

  const post = (body: unknown) => fetch(`${emu.url}/emulator/market-streams`, { method: 'POST', body: JSON.stringify(body) });

  it('sends no event while paused, keeps the socket open and answering, resumes on the next change', async () => {
    const ws = new WebSocket(`${emu.wsUrl}/ws/btcusdt@bookTicker`);
    const frames: Frame[] = [];
    const waiters: Array<{ match: (f: Frame) => boolean; resolve: () => void }> = [];
    ws.on('message', (raw) => {
      const f = JSON.parse(raw.toString()) as Frame;
      frames.push(f);
      for (const w of waiters.splice(0)) if (w.match(f)) w.resolve(); else waiters.push(w);
    });
    const next = (match: (f: Frame) => boolean) => new Promise<void>((resolve) => waiters.push({ match, resolve }));
    await opened(ws);

    expect((await post({ paused: true })).status).toBe(200);
    emu.control.setQuote('BTCUSDT', { bid: '49999', ask: '50001' });
    // The reply to a request sent after the quote is the barrier: an event of the quote would come first.
    const listed = next((f) => f.id === 7);
    ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 7 }));
    await listed;
    expect(frames).toEqual([{ result: ['btcusdt@bookTicker'], id: 7 }]);
    expect(ws.readyState).toBe(WebSocket.OPEN);

    expect((await post({ paused: false })).status).toBe(200);
    const resumed = next((f) => f.b === '49998.00000000');
    emu.control.setQuote('BTCUSDT', { bid: '49998', ask: '50001' });
    await resumed;
    expect(frames.filter((f) => f.s === 'BTCUSDT').map((f) => f.b)).toEqual(['49998.00000000']);
    ws.close();
    await closed(ws);
  });

  it('refuses a body without a boolean paused', async () => {
    const res = await post({ paused: 'yes' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'paused must be true or false' });
  });
});
