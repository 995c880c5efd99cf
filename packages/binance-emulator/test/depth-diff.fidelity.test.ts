/**
 * The diff depth stream as a local order book consumes it (web-socket-streams.md "Diff. Depth Stream" and
 * "How to manage a local order book correctly"): each event carries only the levels that changed, a level
 * that left the book at quantity 0, and starts at the previous event's `u` + 1; the control interface can
 * withhold events to make a gap, which the next event then shows.
 */
import WebSocket from 'ws';
import { startBinanceEmulator, type BinanceEmulator } from '../src';
import { get } from './helpers';
import { closed, opened } from './socket-helpers';

interface Diff { e: string; s: string; U: number; u: number; b: [string, string][]; a: [string, string][] }
interface Depth { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] }

/** Diff events of one raw `btcusdt@depth` connection, in arrival order, and a way to await the one ending at `u`. */
async function diffs(url: string): Promise<{ ws: WebSocket; seen: Diff[]; until: (u: number) => Promise<void> }> {
  const ws = new WebSocket(`${url}/ws/btcusdt@depth@100ms`);
  const seen: Diff[] = [];
  const waiters: Array<{ u: number; resolve: () => void }> = [];
  ws.on('message', (raw) => {
    const d = JSON.parse(raw.toString()) as Diff;
    seen.push(d);
    for (const w of waiters.splice(0)) if (d.u >= w.u) w.resolve(); else waiters.push(w);
  });
  await opened(ws);
  const until = (u: number) => (seen.some((d) => d.u >= u) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ u, resolve })));
  return { ws, seen, until };
}

/** A book as price → quantity per side, levels at quantity 0 removed. */
function apply(book: Map<string, string>, levels: readonly [string, string][]): void {
  for (const [p, q] of levels) if (Number(q) === 0) book.delete(p); else book.set(p, q);
}

describe('diff depth events and injected gaps', () => {
  let emu: BinanceEmulator;

  beforeEach(async () => {
    emu = await startBinanceEmulator({ apiKey: 'k', apiSecret: 's', symbols: ['BTCUSDT'], balances: { USDT: '1000' }, prices: { BTCUSDT: '50000' }, levelQty: '3' });
  });
  afterEach(() => emu.close());

  it('sends only what changed (0 for a level that left), chained U = previous u + 1, so snapshot + diffs = the book', async () => {
    const c = await diffs(emu.wsUrl);
    const snapshot = (await get<Depth>(emu.url, '/api/v3/depth?symbol=BTCUSDT&limit=1000')).body;
    const bids = new Map(snapshot.bids);
    const asks = new Map(snapshot.asks);
    emu.control.setPrice('BTCUSDT', '50000.05'); // five ticks up: five bid levels new, five gone
    emu.control.setQuote('BTCUSDT', { bid: '50000.04', ask: '50000.06', bidQty: '2' }); // sizes only
    const last = emu.control.depth('BTCUSDT').lastUpdateId;
    await c.until(last);
    const [first, second] = c.seen;
    expect(first.U).toBe(snapshot.lastUpdateId + 1);
    expect(second.U).toBe(first.u + 1);
    expect(first.b).toHaveLength(10);
    expect(first.b.filter(([, q]) => q === '0.00000000').map(([p]) => p)).toEqual(['49999.84000000', '49999.83000000', '49999.82000000', '49999.81000000', '49999.80000000']);
    expect(second.a).toEqual([]); // the ask side did not change
    expect(second.b).toHaveLength(20);
    for (const d of c.seen) {
      apply(bids, d.b);
      apply(asks, d.a);
    }
    const now = emu.control.depth('BTCUSDT');
    expect([...bids].sort(([a], [b]) => Number(b) - Number(a))).toEqual(now.bids.map(([p, q]) => [p.toFixed(8), q.toFixed(8)]));
    expect([...asks].sort(([a], [b]) => Number(a) - Number(b))).toEqual(now.asks.map(([p, q]) => [p.toFixed(8), q.toFixed(8)]));
    await closed(c.ws);
  });

  it('withholds the next N diff events of a symbol on request (over HTTP, arguments decoded): the chain shows the gap', async () => {
    const c = await diffs(emu.wsUrl);
    emu.control.setPrice('BTCUSDT', '50001');
    await c.until(emu.control.depth('BTCUSDT').lastUpdateId);
    const post = (body: unknown) => fetch(`${emu.url}/emulator/depth-gap`, { method: 'POST', body: JSON.stringify(body) });
    for (const bad of [{ symbol: 'BTCUSDT', count: 0 }, { symbol: 'BTCUSDT', count: 1.5 }, { symbol: 'BTCUSDT' }, { count: 2 }, { symbol: 'NOPE', count: 1 }]) {
      const res = await post(bad);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/count|symbol/);
    }
    expect((await post({ symbol: 'BTCUSDT', count: 2 })).status).toBe(200);
    const before = c.seen.length;
    for (const price of ['50002', '50003', '50004']) emu.control.setPrice('BTCUSDT', price);
    await c.until(emu.control.depth('BTCUSDT').lastUpdateId);
    const after = c.seen.slice(before);
    expect(after).toHaveLength(1); // two withheld, the third sent
    expect(after[0].U).toBe(c.seen[before - 1].u + 3);
    // and the next one chains to it again
    emu.control.setPrice('BTCUSDT', '50005');
    await c.until(emu.control.depth('BTCUSDT').lastUpdateId);
    expect(c.seen[c.seen.length - 1].U).toBe(after[0].u + 1);
    await closed(c.ws);
  });
});
