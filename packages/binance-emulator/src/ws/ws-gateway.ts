import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { BinanceApiError } from '../errors/binance-error';
import type { TimeUnit } from '../time/time-unit';
import { timeUnitInPath, type MarketStreams } from './market-streams';
import { WsApiSession, type WsApiDeps } from './ws-api-session';

type Json = Record<string, unknown>;

/**
 * All WebSockets of the emulator on its HTTP port: the WebSocket API at `/ws-api/v3` and market streams
 * at `/ws/…` and `/stream?streams=…`. Sends server pings every `pingIntervalMs` (Binance: 20 s) and
 * answers client pings itself, so that a "half-open" fault can stop both.
 */
export class WsGateway {
  /** Frames above 16 MiB close the connection (1009) before they are buffered; smaller malformed ones are answered. */
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: 16 * 1024 * 1024 });
  private readonly sessions = new Set<WsApiSession>();
  private readonly halfOpen = new WeakSet<WebSocket>();
  private readonly pingTimer: NodeJS.Timeout;
  /** User-data events waiting for the end of the current I/O turn, in the order they happened. */
  private readonly queuedUserEvents: Json[] = [];
  private userEventFlush?: NodeJS.Immediate;

  constructor(
    server: Server,
    private readonly deps: WsApiDeps,
    private readonly streams: MarketStreams,
    pingIntervalMs: number,
  ) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.pingTimer = setInterval(() => this.pingAll(), pingIntervalMs);
    this.pingTimer.unref();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = req.url ?? '/';
    const pathname = path.split('?')[0];
    const isApi = pathname === '/ws-api/v3';
    const isStream = pathname.startsWith('/ws/') || pathname === '/ws' || pathname === '/stream';
    if (!isApi && !isStream) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    // A stream named in the URL that the emulator cannot serve refuses the connection rather than leaving
    // it silent (inferred: Binance documents no answer for an unknown stream name in the URL).
    if (isStream && this.streams.unservable(path) !== undefined) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    let timeUnit: TimeUnit;
    try {
      timeUnit = timeUnitInPath(path);
    } catch (e) {
      if (!(e instanceof BinanceApiError)) throw e;
      const body = JSON.stringify(e.body());
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('ping', (data) => {
        if (!this.halfOpen.has(ws)) ws.pong(data);
      });
      ws.on('error', () => ws.terminate());
      if (isApi) {
        const session = new WsApiSession(ws, this.deps, timeUnit);
        this.sessions.add(session);
        ws.on('close', () => this.sessions.delete(session));
      } else {
        this.streams.attach(ws, path);
      }
    });
  }

  private pingAll(): void {
    for (const ws of this.wss.clients) if (!this.halfOpen.has(ws)) ws.ping();
  }

  /**
   * Pushes a user-data event to every subscribed WebSocket API session (skipping half-open ones) once the
   * current I/O turn is over, in order. At the venue the REST answer and the stream push travel
   * independently; pushing inline would hold the REST answer of the request that caused the event
   * behind the stream frames, which only clients with a user-data stream would pay.
   */
  pushUserEvent(event: Json): void {
    this.queuedUserEvents.push(event);
    this.userEventFlush ??= setImmediate(() => this.flushUserEvents());
  }

  private flushUserEvents(): void {
    this.userEventFlush = undefined;
    for (const event of this.queuedUserEvents.splice(0)) {
      for (const s of this.sessions) if (!this.halfOpen.has(s.socket)) s.pushUserEvent(event);
    }
  }

  /** Ends user-data subscriptions with eventStreamTerminated (a revoked key). */
  terminateUserStreams(): void {
    for (const s of this.sessions) s.terminate();
  }

  /** Sends `{event:{e:"serverShutdown"}}` to WebSocket API sessions, as Binance does before maintenance. */
  sendServerShutdown(now: number): void {
    for (const s of this.sessions) s.send({ event: { e: 'serverShutdown', E: now } });
  }

  /** Sends a frame that is not JSON to every socket (clients must survive it). */
  sendMalformedFrame(): void {
    for (const ws of this.wss.clients) ws.send('{"e":"executionReport",');
  }

  /** Closes every WebSocket abruptly (TCP reset, no close frame). */
  dropAll(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  /**
   * Makes every current socket half-open: it stays connected but the server stops sending anything
   * (events, pings, pongs) and ignores what it receives, like a dead NAT mapping.
   */
  halfOpenAll(): void {
    for (const ws of this.wss.clients) {
      this.halfOpen.add(ws);
      this.streams.muted.add(ws);
      ws.removeAllListeners('message');
    }
  }

  /** Number of open WebSockets. */
  get connectionCount(): number {
    return this.wss.clients.size;
  }

  close(): void {
    clearInterval(this.pingTimer);
    if (this.userEventFlush) clearImmediate(this.userEventFlush);
    this.userEventFlush = undefined;
    this.queuedUserEvents.length = 0;
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
