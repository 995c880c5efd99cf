import type { Clock, Logger, MarketData, TimerHandle } from '@silvertine/core';
import WebSocket from 'ws';
import type { RawBookTicker, RawPartialDepth, RawStreamTrade } from '../mapping/binance-types';
import { fromBookTicker, fromPartialDepth, fromStreamTrade } from '../mapping/market-data-mapping';
import { reconnectDelay } from './reconnect-backoff';

/** What MarketDataStream connects to and reports to. */
export interface MarketDataStreamOptions {
  /** Market streams base URL (e.g. wss://stream.binance.com:9443); `/stream?streams=` is appended. */
  readonly url: string;
  /** Binance symbols (BTCUSDT); each gets `@bookTicker`, `@trade` and, with depthLevels, `@depth<levels>@100ms`. */
  readonly symbols: readonly string[];
  /** Partial book levels (5, 10, 20) per symbol; 0 or absent subscribes to no depth stream. */
  readonly depthLevels?: 0 | 5 | 10 | 20;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
  readonly reconnectMinDelayMs: number;
  readonly reconnectMaxDelayMs: number;
  readonly handshakeTimeoutMs: number;
  readonly random?: () => number;
  readonly onData: (data: MarketData) => void;
}

/**
 * Binance market streams on one combined connection (`/stream?streams=<s>@bookTicker/<s>@trade/…`),
 * mapped to core Quote, Trade and OrderBookSnapshot values. The server pings (ws answers them); the client also pings with
 * a pong deadline, so a half-open link is dropped. Any close reconnects with jittered backoff until
 * `stop()`, which cancels every timer and closes the socket. Market data is not replayed after a gap:
 * the next quote supersedes what was missed.
 */
export class MarketDataStream {
  private socket?: WebSocket;
  private stopped = true;
  private attempt = 0;
  private readonly timers = new Set<TimerHandle>();
  private pongDeadline?: TimerHandle;
  /** Stream names are lowercase; payloads of partial depth name no symbol: the configured name by stream prefix. */
  private readonly symbolByPrefix: ReadonlyMap<string, string>;
  private readonly streams: string;

  constructor(private readonly o: MarketDataStreamOptions) {
    this.symbolByPrefix = new Map(o.symbols.map((s) => [s.toLowerCase(), s]));
    const depth = o.depthLevels ? [`@depth${o.depthLevels}@100ms`] : [];
    this.streams = o.symbols.flatMap((s) => ['@bookTicker', '@trade', ...depth].map((kind) => `${s.toLowerCase()}${kind}`)).join('/');
  }

  /** Connects; rejects if the first attempt fails (later drops reconnect on their own). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connectOnce();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.terminate();
    });
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private async connectOnce(): Promise<void> {
    const socket = new WebSocket(`${this.o.url.replace(/\/$/, '')}/stream?streams=${this.streams}`, { handshakeTimeout: this.o.handshakeTimeoutMs });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('open', () => {
        socket.off('error', reject);
        resolve();
      });
    }).catch((error: Error) => {
      if (this.socket === socket) this.socket = undefined;
      throw error;
    });
    if (this.stopped) {
      // stop() ran while the handshake was in flight: do not leave this socket open.
      socket.terminate();
      return;
    }
    socket.on('message', (data) => this.onMessage(data.toString()));
    socket.on('pong', () => {
      this.pongDeadline?.cancel();
      this.pongDeadline = undefined;
    });
    socket.on('error', (e) => this.o.logger.warn('binance market stream socket error', { code: (e as { code?: string }).code }));
    socket.on('close', () => this.onClose(socket));
    this.attempt = 0;
    this.schedulePing(socket);
    this.o.logger.info('binance market streams subscribed', { symbols: this.o.symbols.join(',') });
  }

  private onMessage(text: string): void {
    let msg: { stream?: string; data?: Record<string, unknown> };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      this.o.logger.warn('binance market stream: unreadable frame ignored', { length: text.length });
      return;
    }
    const stream = msg.stream ?? '';
    if (!msg.data) return;
    const at = stream.indexOf('@');
    const kind = stream.slice(at + 1);
    try {
      if (kind === 'bookTicker' || kind === 'bookticker') this.o.onData(fromBookTicker(msg.data as unknown as RawBookTicker, this.o.clock.now()));
      else if (kind === 'trade') this.o.onData(fromStreamTrade(msg.data as unknown as RawStreamTrade));
      else if (kind.startsWith('depth')) {
        const symbol = this.symbolByPrefix.get(stream.slice(0, at).toLowerCase());
        if (symbol) this.o.onData(fromPartialDepth(msg.data as unknown as RawPartialDepth, symbol, this.o.clock.now()));
      }
    } catch (error) {
      // A payload that does not parse (a garbled number) is dropped; the next one replaces it.
      this.o.logger.warn('binance market stream: payload ignored', { stream, error: (error as Error).message });
    }
  }

  private schedulePing(socket: WebSocket): void {
    this.schedule(() => {
      if (socket !== this.socket || socket.readyState !== WebSocket.OPEN) return;
      socket.ping();
      this.pongDeadline = this.schedule(() => {
        this.o.logger.warn('binance market stream: pong missing, dropping the connection', { timeoutMs: this.o.pongTimeoutMs });
        socket.terminate();
      }, this.o.pongTimeoutMs);
      this.schedulePing(socket);
    }, this.o.pingIntervalMs);
  }

  private onClose(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    this.pongDeadline = undefined;
    if (this.stopped) return;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = reconnectDelay(this.attempt++, this.o.reconnectMinDelayMs, this.o.reconnectMaxDelayMs, this.o.random);
    this.o.logger.info('binance market stream: reconnect scheduled', { delayMs: delay, attempt: this.attempt });
    this.schedule(() => {
      if (this.stopped) return;
      this.connectOnce().catch((error: Error) => {
        this.o.logger.warn('binance market stream: reconnect failed', { error: error.message });
        if (!this.stopped) this.scheduleReconnect();
      });
    }, delay);
  }

  private schedule(fn: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = this.o.clock.setTimeout(() => {
      this.timers.delete(handle);
      fn();
    }, ms);
    this.timers.add(handle);
    return handle;
  }
}
