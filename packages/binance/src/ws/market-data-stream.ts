import type { MarketData } from '@silvertine/core';
import type { RawBookTicker, RawPartialDepth, RawStreamTrade } from '../mapping/binance-types';
import { fromBookTicker, fromPartialDepth, fromStreamTrade } from '../mapping/market-data-mapping';
import { ReconnectingSocket, type SocketLifecycleOptions } from './reconnecting-socket';

/** What MarketDataStream connects to and reports to. */
export interface MarketDataStreamOptions extends SocketLifecycleOptions {
  /** Market streams base URL (e.g. wss://stream.binance.com:9443); `/stream?streams=` is appended. */
  readonly url: string;
  /** Binance symbols (BTCUSDT); each gets `@bookTicker`, `@trade` and, with depthLevels, `@depth<levels>@100ms`. */
  readonly symbols: readonly string[];
  /** Partial book levels (5, 10, 20) per symbol; 0 or absent subscribes to no depth stream. */
  readonly depthLevels?: 0 | 5 | 10 | 20;
  readonly handshakeTimeoutMs: number;
  readonly onData: (data: MarketData) => void;
}

/**
 * Binance market streams on one combined connection (`/stream?streams=<s>@bookTicker/<s>@trade/…`),
 * mapped to core Quote, Trade and OrderBookSnapshot values. The server pings (ws answers them); the
 * socket lifecycle (client pings with a pong deadline, reconnect with backoff, stop) is
 * ReconnectingSocket's. Market data is not replayed after a gap: the next quote supersedes what was missed.
 */
export class MarketDataStream {
  private readonly socket: ReconnectingSocket;
  /** Stream names are lowercase; payloads of partial depth name no symbol: the configured name by stream prefix. */
  private readonly symbolByPrefix: ReadonlyMap<string, string>;

  constructor(private readonly o: MarketDataStreamOptions) {
    this.symbolByPrefix = new Map(o.symbols.map((s) => [s.toLowerCase(), s]));
    const depth = o.depthLevels ? [`@depth${o.depthLevels}@100ms`] : [];
    const streams = o.symbols.flatMap((s) => ['@bookTicker', '@trade', ...depth].map((kind) => `${s.toLowerCase()}${kind}`)).join('/');
    this.socket = new ReconnectingSocket({
      name: 'binance market stream',
      url: `${o.url.replace(/\/$/, '')}/stream?streams=${streams}`,
      clock: o.clock,
      logger: o.logger,
      handshakeTimeoutMs: o.handshakeTimeoutMs,
      pingIntervalMs: o.pingIntervalMs,
      pongTimeoutMs: o.pongTimeoutMs,
      reconnectMinDelayMs: o.reconnectMinDelayMs,
      reconnectMaxDelayMs: o.reconnectMaxDelayMs,
      random: o.random,
      onMessage: (text) => this.onMessage(text),
    });
  }

  /** Connects; rejects if the first attempt fails (later drops reconnect on their own). */
  start(): Promise<void> {
    return this.socket.start();
  }

  stop(): Promise<void> {
    return this.socket.stop();
  }

  get connected(): boolean {
    return this.socket.connected;
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
}
