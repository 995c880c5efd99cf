import { dec } from '@silvertine/core';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import {
  VENUE_SYMBOLS, accountJson, exchangeInfoJson, executionReportJson, myTradeJson, newOrderFullJson, orderJson,
  type VenueOrderRecord, type VenueSymbol, type VenueTradeRecord,
} from './binance-venue-json';

/** One REST request as the venue saw it. */
export interface VenueRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
}

/**
 * Answers one request instead of the venue's honest handler; may call `honest()` first (e.g. to place the
 * order, then lie about it) and use the venue (e.g. to trickle the answer).
 */
export type RestOverride = (req: VenueRequest, res: ServerResponse, honest: () => Record<string, unknown> | undefined, venue: HostileBinanceVenue) => void;

interface Override {
  readonly method: string;
  readonly path: string;
  readonly handler: RestOverride;
  remaining: number;
}

/**
 * A loopback server that speaks just enough Binance Spot for a BinanceBroker to connect and trade
 * (time, exchangeInfo, ticker/price, account, order place/query/cancel, openOrders, allOrders, myTrades,
 * the WebSocket API's `userDataStream.subscribe.signature` and the combined market streams), keeps an
 * honest record of orders and trades, and lets an attack replace any answer or push any frame.
 */
export class HostileBinanceVenue {
  readonly orders = new Map<string, VenueOrderRecord>();
  readonly trades: VenueTradeRecord[] = [];
  /** clientOrderId of every POST /api/v3/order received (a second entry is a resend). */
  readonly placements: string[] = [];
  /** Every signature a client sent (REST query and WebSocket API params): the scan looks for them. */
  readonly signatures = new Set<string>();
  readonly balances = new Map<string, { free: string; locked: string }>([['USDT', { free: '100000.00000000', locked: '0.00000000' }], ['BTC', { free: '1.00000000', locked: '0.00000000' }], ['ETH', { free: '10.00000000', locked: '0.00000000' }]]);
  readonly prices = new Map<string, string>(Object.entries(VENUE_SYMBOLS).map(([s, v]) => [s, v.price]));
  private readonly overrides: Override[] = [];
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  private readonly userSockets = new Set<WebSocket>();
  private readonly marketSockets = new Set<WebSocket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly subscribedWaiters: (() => void)[] = [];
  private nextOrderId = 1000;
  private nextTradeId = 5000;
  private port = 0;

  private constructor(private readonly server: Server) {
    server.on('request', (req, res) => this.onRequest(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
  }

  static async start(): Promise<HostileBinanceVenue> {
    const venue = new HostileBinanceVenue(createServer());
    await new Promise<void>((resolve, reject) => {
      venue.server.once('error', reject);
      venue.server.listen(0, '127.0.0.1', () => resolve());
    });
    venue.port = (venue.server.address() as AddressInfo).port;
    return venue;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** The next `count` requests of `method path` get `handler` instead of the honest answer. */
  override(method: string, path: string, handler: RestOverride, count = 1): void {
    this.overrides.push({ method, path, handler, remaining: count });
  }

  /** Drops every pending override: the venue answers honestly again. */
  clearOverrides(): void {
    this.overrides.length = 0;
  }

  /** Resolves once a WebSocket API session has subscribed to user data (now, if one has). */
  subscribed(): Promise<void> {
    if ([...this.userSockets].some((s) => (s as WebSocket & { subscribed?: boolean }).subscribed)) return Promise.resolve();
    return new Promise((resolve) => this.subscribedWaiters.push(resolve));
  }

  /** Sends a raw frame (text or binary) on every subscribed user-data socket. */
  pushUser(frame: string | Buffer): number {
    let n = 0;
    for (const s of this.userSockets) {
      if (s.readyState === WebSocket.OPEN && (s as WebSocket & { subscribed?: boolean }).subscribed) {
        s.send(frame);
        n++;
      }
    }
    return n;
  }

  /** Sends a user-data event in its `{subscriptionId, event}` envelope. */
  pushUserEvent(event: unknown): number {
    return this.pushUser(JSON.stringify({ subscriptionId: 0, event }));
  }

  /** Sends a raw frame on every market-stream socket. */
  pushMarket(frame: string | Buffer): number {
    let n = 0;
    for (const s of this.marketSockets) {
      if (s.readyState === WebSocket.OPEN) {
        s.send(frame);
        n++;
      }
    }
    return n;
  }

  /** Number of market-stream sockets open. */
  get marketSocketCount(): number {
    return this.marketSockets.size;
  }

  /** The executionReport the venue would send for `clientOrderId` now (for attacks to corrupt). */
  report(clientOrderId: string, execution = 'NEW'): Record<string, unknown> {
    const o = this.orders.get(clientOrderId);
    if (!o) throw new Error(`venue has no order ${clientOrderId}`);
    return executionReportJson(o, execution, Date.now());
  }

  /**
   * An honest execution of `qty` at `price`: recorded (myTrades), the order's cumulative quantity moved,
   * and its executionReport pushed unless `push` is false. Returns the report.
   */
  fill(clientOrderId: string, qty: string, price: string, push = true): Record<string, unknown> {
    const o = this.orders.get(clientOrderId);
    if (!o) throw new Error(`venue has no order ${clientOrderId}`);
    const trade = this.recordTrade(o, qty, price);
    const report = executionReportJson(o, 'TRADE', Date.now(), trade);
    if (push) this.pushUserEvent(report);
    return report;
  }

  /** Answers with `body` one byte every `msPerByte` (a trickled response; Content-Length announces it all). */
  trickle(res: ServerResponse, status: number, body: string, msPerByte: number): void {
    const bytes = Buffer.from(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length });
    let i = 0;
    const next = (): void => {
      if (res.destroyed || i >= bytes.length) return void res.end();
      res.write(bytes.subarray(i, ++i));
      const t = setTimeout(() => {
        this.timers.delete(t);
        next();
      }, msPerByte);
      this.timers.add(t);
    };
    next();
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of [...this.userSockets, ...this.marketSockets]) s.terminate();
    this.wss.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private recordTrade(o: VenueOrderRecord, qty: string, price: string): VenueTradeRecord {
    const executed = dec(o.executedQty).plus(dec(qty));
    const quote = dec(qty).times(dec(price));
    o.executedQty = executed.toFixed(8);
    o.cummulativeQuoteQty = dec(o.cummulativeQuoteQty).plus(quote).toFixed(8);
    o.status = executed.gte(dec(o.origQty)) ? 'FILLED' : 'PARTIALLY_FILLED';
    o.updateTime = Date.now();
    const quoteAsset = VENUE_SYMBOLS[o.symbol as VenueSymbol]?.quote ?? 'USDT';
    const trade: VenueTradeRecord = {
      id: this.nextTradeId++, orderId: o.orderId, symbol: o.symbol, price, qty, quoteQty: quote.toFixed(8), commission: quote.times(dec('0.001')).toFixed(8),
      commissionAsset: quoteAsset, time: Date.now(), isBuyer: o.side === 'BUY', isMaker: true,
    };
    this.trades.push(trade);
    return trade;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: VenueRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams };
    const signature = url.searchParams.get('signature');
    if (signature) this.signatures.add(signature);
    req.resume(); // bodies are not read: Binance clients send parameters in the query
    const honest = () => this.honest(request);
    const override = this.overrides.find((o) => o.method === request.method && request.path.startsWith(o.path));
    if (override) {
      if (--override.remaining <= 0) this.overrides.splice(this.overrides.indexOf(override), 1);
      override.handler(request, res, honest, this);
      return;
    }
    const body = honest();
    if (body === undefined) return json(res, 400, { code: -2013, msg: 'Order does not exist.' });
    json(res, 200, body);
  }

  /** The honest answer (undefined: the order asked for does not exist); state changes happen here. */
  private honest(r: VenueRequest): Record<string, unknown> | undefined {
    const q = r.query;
    const now = Date.now();
    const symbols = (): string[] => JSON.parse(q.get('symbols') ?? '[]') as string[];
    const route = `${r.method} ${r.path}`;
    switch (route) {
      case 'GET /api/v3/time':
        return { serverTime: now };
      case 'GET /api/v3/exchangeInfo':
        return exchangeInfoJson(now);
      case 'GET /api/v3/ticker/price':
        return list(symbols().map((symbol) => ({ symbol, price: this.prices.get(symbol) ?? '0' })));
      case 'GET /api/v3/account':
        return accountJson(this.balances, now);
      case 'GET /api/v3/myTrades': {
        const orderId = q.get('orderId');
        const fromId = Number(q.get('fromId') ?? 0);
        const rows = this.trades.filter((t) => t.symbol === q.get('symbol') && (orderId === null || String(t.orderId) === orderId) && t.id >= fromId);
        return list(rows.slice(-Number(q.get('limit') ?? 500)).map(myTradeJson));
      }
      case 'GET /api/v3/openOrders':
        return list([...this.orders.values()].filter((o) => (!q.get('symbol') || o.symbol === q.get('symbol')) && (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED')).map(orderJson));
      case 'GET /api/v3/allOrders':
        return list([...this.orders.values()].filter((o) => o.symbol === q.get('symbol')).map(orderJson));
      case 'GET /api/v3/order': {
        const o = this.find(q);
        return o ? orderJson(o) : undefined;
      }
      case 'DELETE /api/v3/order': {
        const o = this.find(q);
        if (!o) return undefined;
        o.status = 'CANCELED';
        o.updateTime = now;
        this.pushUserEvent(executionReportJson(o, 'CANCELED', now));
        return orderJson(o);
      }
      case 'POST /api/v3/order':
        return this.place(q, now);
      default:
        return { code: -1000, msg: `hostile venue: no route ${route}` };
    }
  }

  private find(q: URLSearchParams): VenueOrderRecord | undefined {
    const id = q.get('origClientOrderId');
    if (id) return this.orders.get(id);
    return [...this.orders.values()].find((o) => String(o.orderId) === q.get('orderId'));
  }

  /** A LIMIT order rests (NEW); a MARKET order fills at the last price at once. */
  private place(q: URLSearchParams, now: number): Record<string, unknown> {
    const clientOrderId = q.get('newClientOrderId') ?? `venue-${this.nextOrderId}`;
    this.placements.push(clientOrderId);
    const order: VenueOrderRecord = {
      orderId: this.nextOrderId++, clientOrderId, symbol: q.get('symbol') ?? '', side: q.get('side') === 'SELL' ? 'SELL' : 'BUY', type: q.get('type') ?? 'LIMIT',
      timeInForce: q.get('timeInForce') ?? 'GTC', price: q.get('price') ?? '0.00000000', origQty: q.get('quantity') ?? '0', executedQty: '0.00000000',
      cummulativeQuoteQty: '0.00000000', status: 'NEW', time: now, updateTime: now,
    };
    this.orders.set(clientOrderId, order);
    const fills = order.type === 'MARKET' ? [this.recordTrade(order, order.origQty, this.prices.get(order.symbol) ?? '1')] : [];
    this.pushUserEvent(executionReportJson(order, 'NEW', now));
    return newOrderFullJson(order, fills);
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/ws-api/v3' && path !== '/stream') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      if (path === '/stream') {
        this.marketSockets.add(ws);
        ws.on('close', () => this.marketSockets.delete(ws));
        return;
      }
      this.userSockets.add(ws);
      ws.on('close', () => this.userSockets.delete(ws));
      ws.on('message', (raw) => this.onApiMessage(ws as WebSocket & { subscribed?: boolean }, raw.toString()));
    });
  }

  private onApiMessage(ws: WebSocket & { subscribed?: boolean }, text: string): void {
    let msg: { id?: unknown; method?: unknown; params?: Record<string, unknown> };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return ws.send(JSON.stringify({ id: null, status: 400, error: { code: -1135, msg: 'Invalid JSON Request' } }));
    }
    const signature = msg.params?.signature;
    if (typeof signature === 'string') this.signatures.add(signature);
    if (msg.method !== 'userDataStream.subscribe.signature') {
      return ws.send(JSON.stringify({ id: msg.id ?? null, status: 400, error: { code: -1000, msg: 'hostile venue: unsupported method' } }));
    }
    ws.send(JSON.stringify({ id: msg.id, status: 200, result: { subscriptionId: 0 } }));
    ws.subscribed = true;
    for (const resolve of this.subscribedWaiters.splice(0)) resolve();
  }
}

/** An array body typed as the honest handler's return type (JSON bodies are objects or arrays). */
function list(rows: unknown[]): Record<string, unknown> {
  return rows as unknown as Record<string, unknown>;
}

/** Writes a JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  raw(res, status, JSON.stringify(body), 'application/json', headers);
}

/** Writes any body with a Content-Length. */
export function raw(res: ServerResponse, status: number, body: string | Buffer, contentType = 'application/json', headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
