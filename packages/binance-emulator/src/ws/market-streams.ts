import type { WebSocket } from 'ws';
import { depthJson } from '../market/market-json';
import type { MarketState, TapeTrade } from '../market/market-state';
import { fmt } from '../rules/symbol-spec';
import { decodeStreamRequest } from './ws-request-decoding';

type Json = Record<string, unknown>;

/** Binance's limit of streams on one connection. */
const MAX_STREAMS_PER_CONNECTION = 1024;

/** One market-stream connection: `/ws/<stream>[/<stream>…]` (raw) or `/stream?streams=` (combined). */
class StreamConnection {
  readonly streams = new Set<string>();

  constructor(
    readonly socket: WebSocket,
    readonly combined: boolean,
    initial: readonly string[],
  ) {
    for (const s of initial) if (s) this.streams.add(s);
  }

  push(stream: string, data: Json, muted: WeakSet<WebSocket>): void {
    if (!this.streams.has(stream) || muted.has(this.socket) || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(JSON.stringify(this.combined ? { stream, data } : data));
  }
}

/**
 * Market streams of the emulator's market: `<symbol>@trade`, `<symbol>@bookTicker`,
 * `<symbol>@depth` (diff events) and `<symbol>@depth5|10|20` (partial books), plus the live
 * SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS requests.
 */
export class MarketStreams {
  private readonly connections = new Set<StreamConnection>();
  private depthSeq = new Map<string, number>();
  /** Half-open sockets: nothing is sent to them any more. */
  readonly muted = new WeakSet<WebSocket>();

  constructor(
    private readonly market: MarketState,
    private readonly now: () => number,
  ) {}

  /** Adopts a socket; `path` is the request path and query. */
  attach(socket: WebSocket, path: string): void {
    const url = new URL(path, 'http://localhost');
    const combined = url.pathname === '/stream';
    const names = combined ? (url.searchParams.get('streams') ?? '').split('/') : url.pathname.slice('/ws/'.length).split('/');
    const conn = new StreamConnection(socket, combined, names.map((n) => n.toLowerCase()));
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
    const params = msg.params.map((p) => p.toLowerCase());
    if (msg.method === 'SUBSCRIBE' && new Set([...conn.streams, ...params]).size > MAX_STREAMS_PER_CONNECTION) {
      return void conn.socket.send(JSON.stringify({ error: { code: 2, msg: `Invalid request: more than ${MAX_STREAMS_PER_CONNECTION} streams on one connection` }, id: msg.id }));
    }
    if (msg.method === 'SUBSCRIBE') params.forEach((p) => conn.streams.add(p));
    else if (msg.method === 'UNSUBSCRIBE') params.forEach((p) => conn.streams.delete(p));
    else if (msg.method === 'LIST_SUBSCRIPTIONS') return void conn.socket.send(JSON.stringify({ result: [...conn.streams], id: msg.id }));
    else return void conn.socket.send(JSON.stringify({ error: { code: 2, msg: 'Invalid request: unknown variant' }, id: msg.id ?? null }));
    conn.socket.send(JSON.stringify({ result: null, id: msg.id }));
  }

  /** Pushes a print to `<symbol>@trade`. */
  onTrade(t: TapeTrade): void {
    const stream = `${t.symbol.toLowerCase()}@trade`;
    const data = { e: 'trade', E: this.now(), s: t.symbol, t: t.id, p: fmt(t.price), q: fmt(t.qty), T: t.time, m: t.buyerIsMaker, M: true };
    for (const c of this.connections) c.push(stream, data, this.muted);
  }

  /** Pushes the new top of book and depth of a symbol. */
  onQuote(symbol: string): void {
    const lower = symbol.toLowerCase();
    const now = this.now();
    const q = this.market.quote(symbol, now);
    const book = depthJson(this.market, symbol, 20) as { lastUpdateId: number; bids: string[][]; asks: string[][] };
    const u = this.market.updateId(symbol);
    const previous = this.depthSeq.get(symbol) ?? u - 1;
    this.depthSeq.set(symbol, u);
    for (const c of this.connections) {
      if (q) c.push(`${lower}@bookticker`, { u, s: symbol, b: fmt(q.bid), B: fmt(q.bidSize), a: fmt(q.ask), A: fmt(q.askSize) }, this.muted);
      for (const n of [5, 10, 20]) {
        const partial = { lastUpdateId: book.lastUpdateId, bids: book.bids.slice(0, n), asks: book.asks.slice(0, n) };
        c.push(`${lower}@depth${n}`, partial, this.muted);
        c.push(`${lower}@depth${n}@100ms`, partial, this.muted);
      }
      const diff = { e: 'depthUpdate', E: now, s: symbol, U: previous + 1, u, b: book.bids, a: book.asks };
      c.push(`${lower}@depth`, diff, this.muted);
      c.push(`${lower}@depth@100ms`, diff, this.muted);
    }
  }
}
