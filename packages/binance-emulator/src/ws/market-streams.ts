import type { WebSocket } from 'ws';
import { depthJson } from '../market/market-json';
import type { MarketState, TapeTrade } from '../market/market-state';
import { fmt } from '../rules/symbol-spec';
import { inTimeUnit, parseTimeUnit, type TimeUnit } from '../time/time-unit';
import { diffDepthKeys, partialDepthKeys, streamKey } from './stream-names';
import { decodeStreamRequest } from './ws-request-decoding';

type Json = Record<string, unknown>;

/** Binance's limit of streams on one connection. */
const MAX_STREAMS_PER_CONNECTION = 1024;

/** One market-stream connection: `/ws/<stream>[/<stream>…]` (raw) or `/stream?streams=` (combined). */
class StreamConnection {
  /** Lowercase key → the name as the client subscribed it (echoed in combined frames). */
  readonly streams = new Map<string, string>();

  constructor(
    readonly socket: WebSocket,
    readonly combined: boolean,
    readonly timeUnit: TimeUnit,
  ) {}

  push(key: string, data: Json, muted: WeakSet<WebSocket>, paused = false): void {
    const stream = this.streams.get(key);
    if (paused || stream === undefined || muted.has(this.socket) || this.socket.readyState !== this.socket.OPEN) return;
    const payload = inTimeUnit(data, this.timeUnit);
    this.socket.send(JSON.stringify(this.combined ? { stream, data: payload } : payload));
  }
}

/** The stream names in a connection path (`/ws/a/b` or `/stream?streams=a/b`), empty names dropped. */
function namesInPath(path: string): { combined: boolean; names: string[] } {
  const url = new URL(path, 'http://localhost');
  const combined = url.pathname === '/stream';
  const raw = combined ? (url.searchParams.get('streams') ?? '') : url.pathname.slice('/ws/'.length);
  return { combined, names: raw.split('/').filter((n) => n !== '') };
}

/** `timeUnit` from a connection URL (streams and WebSocket API alike); throws -1194 for an invalid value. */
export function timeUnitInPath(path: string): TimeUnit {
  return parseTimeUnit(new URL(path, 'http://localhost').searchParams.get('timeUnit') ?? undefined);
}

/**
 * Market streams of the emulator's market (the names in stream-names.ts), plus the live SUBSCRIBE /
 * UNSUBSCRIBE / LIST_SUBSCRIPTIONS requests. A name the emulator cannot serve is refused, never accepted and
 * left silent. Every book change is pushed at once on every depth speed: faster than the 1000 ms / 100 ms
 * cadence Binance promises, never slower, and the diff events' update-id chain stays unbroken either way.
 */
export class MarketStreams {
  private readonly connections = new Set<StreamConnection>();
  /** Diff depth events still to be withheld per symbol (the control interface's injected gaps). */
  private readonly gaps = new Map<string, number>();
  /** Half-open sockets: nothing is sent to them any more. */
  readonly muted = new WeakSet<WebSocket>();
  /** While true, no market event is pushed to any connection (sockets stay open, requests are answered). */
  private paused = false;

  constructor(
    private readonly market: MarketState,
    private readonly now: () => number,
  ) {}

  /** The first stream name in a connection path the emulator cannot serve (the upgrade is then refused). */
  unservable(path: string): string | undefined {
    return namesInPath(path).names.find((n) => this.key(n) === undefined);
  }

  /** Adopts a socket whose path unservable() accepted; `path` is the request path and query. */
  attach(socket: WebSocket, path: string): void {
    const { combined, names } = namesInPath(path);
    const conn = new StreamConnection(socket, combined, timeUnitInPath(path));
    for (const name of names) {
      const key = this.key(name);
      if (key !== undefined) conn.streams.set(key, name);
    }
    this.connections.add(conn);
    socket.on('close', () => this.connections.delete(conn));
    socket.on('message', (raw) => this.onRequest(conn, raw.toString()));
  }

  /**
   * One request frame: decoded first (a malformed one gets Binance's `{error: {code, msg}}` answer), then
   * handled; nothing a client sends can throw out of here and end the emulator.
   */
  private onRequest(conn: StreamConnection, text: string): void {
    const decoded = decodeStreamRequest(text);
    if ('reply' in decoded) return void conn.socket.send(JSON.stringify(decoded.reply));
    const msg = decoded.request;
    const fail = (text: string): void => conn.socket.send(JSON.stringify({ error: { code: 2, msg: `Invalid request: ${text}` }, id: msg.id }));
    if (msg.method === 'SUBSCRIBE') {
      // All or nothing: one name the emulator cannot serve refuses the whole request. Binance documents no
      // message for this case; code 2 "Invalid request" is its code for every other unusable request.
      const bad = msg.params.find((p) => this.key(p) === undefined);
      if (bad !== undefined) return fail(`unsupported stream '${bad}'`);
      const keys = msg.params.map((p) => this.key(p) as string);
      if (new Set([...conn.streams.keys(), ...keys]).size > MAX_STREAMS_PER_CONNECTION) {
        return fail(`more than ${MAX_STREAMS_PER_CONNECTION} streams on one connection`);
      }
      msg.params.forEach((p, i) => conn.streams.set(keys[i], p));
    } else if (msg.method === 'UNSUBSCRIBE') msg.params.forEach((p) => conn.streams.delete(p.toLowerCase()));
    else if (msg.method === 'LIST_SUBSCRIPTIONS') return void conn.socket.send(JSON.stringify({ result: [...conn.streams.values()], id: msg.id }));
    else return void conn.socket.send(JSON.stringify({ error: { code: 2, msg: 'Invalid request: unknown variant' }, id: msg.id ?? null }));
    conn.socket.send(JSON.stringify({ result: null, id: msg.id }));
  }

  private key(name: string): string | undefined {
    return streamKey(name, (symbol) => this.market.hasSymbol(symbol));
  }

  /**
   * Pauses (true) or resumes (false) every market event on every connection: a feed gone silent while its
   * sockets stay open. Events of the pause are lost, not replayed; the next change after resuming is pushed.
   */
  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Pushes a print to `<symbol>@trade` and `<symbol>@aggTrade`. */
  onTrade(t: TapeTrade): void {
    const stream = `${t.symbol.toLowerCase()}@trade`;
    const data = { e: 'trade', E: this.now(), s: t.symbol, t: t.id, p: fmt(t.price), q: fmt(t.qty), T: t.time, m: t.buyerIsMaker, M: true };
    // Each print is its own aggregate (as GET aggTrades answers): the aggregate id is the trade id.
    const agg = { e: 'aggTrade', E: data.E, s: t.symbol, a: t.id, p: data.p, q: data.q, f: t.id, l: t.id, T: t.time, m: t.buyerIsMaker, M: true };
    for (const c of this.connections) {
      c.push(stream, data, this.muted, this.paused);
      c.push(`${t.symbol.toLowerCase()}@aggtrade`, agg, this.muted, this.paused);
    }
  }

  /**
   * Withholds the next `count` diff depth events of `symbol` from every connection, as a lost frame would:
   * the update ids move on, so the next event a client sees does not start at its previous `u` + 1 and a
   * local book must notice the gap and resynchronise from a snapshot.
   */
  dropDepthUpdates(symbol: string, count: number): void {
    this.gaps.set(symbol, (this.gaps.get(symbol) ?? 0) + count);
  }

  /** Pushes the new top of book and depth of a symbol. */
  onQuote(symbol: string): void {
    const lower = symbol.toLowerCase();
    const now = this.now();
    const q = this.market.quote(symbol, now);
    // The partial books are formatted only when a connection streams one.
    let book: { lastUpdateId: number; bids: string[][]; asks: string[][] } | undefined;
    const u = this.market.updateId(symbol);
    const changed = this.market.takeDepthDiff(symbol);
    const withheld = changed !== undefined && this.withhold(symbol);
    // Binance's diff event: only the levels that changed since the previous event, a removed one at "0".
    const diff = changed && !withheld ? { e: 'depthUpdate', E: now, s: symbol, U: changed.firstUpdateId, u: changed.lastUpdateId, b: changed.bids, a: changed.asks } : undefined;
    for (const c of this.connections) {
      if (q) c.push(`${lower}@bookticker`, { u, s: symbol, b: fmt(q.bid), B: fmt(q.bidSize), a: fmt(q.ask), A: fmt(q.askSize) }, this.muted, this.paused);
      for (const n of [5, 10, 20]) {
        const keys = partialDepthKeys(lower, n).filter((key) => c.streams.has(key));
        if (keys.length === 0) continue;
        book ??= depthJson(this.market, symbol, 20) as { lastUpdateId: number; bids: string[][]; asks: string[][] };
        const partial = { lastUpdateId: book.lastUpdateId, bids: book.bids.slice(0, n), asks: book.asks.slice(0, n) };
        for (const key of keys) c.push(key, partial, this.muted, this.paused);
      }
      if (diff) for (const key of diffDepthKeys(lower)) c.push(key, diff, this.muted, this.paused);
    }
  }

  /** True (and one fewer left) while injected gaps of `symbol` remain. */
  private withhold(symbol: string): boolean {
    const left = this.gaps.get(symbol) ?? 0;
    if (left <= 0) return false;
    if (left === 1) this.gaps.delete(symbol);
    else this.gaps.set(symbol, left - 1);
    return true;
  }
}
