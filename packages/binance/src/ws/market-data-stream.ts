import type { MarketData, Quote } from '@silvertine/core';
import { parseFrame } from '../decoding/frame-size';
import type { InboundBoundary } from '../decoding/inbound-boundary';
import { decodeAggTrade, decodeBookTicker, decodeCombinedFrame, decodeKline, decodePartialDepth, decodeStreamTrade } from '../decoding/market-frames.decoder';
import { PayloadRejection } from '../decoding/payload-rejection';
import { fromAggTrade, fromBookTicker, fromKline, fromPartialDepth, fromStreamTrade } from '../mapping/market-data-mapping';
import { SupervisedSocket, type SocketLifecycleOptions } from './supervised-socket';

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
  /** The broker's error boundary: every frame is handled inside it. */
  readonly boundary: InboundBoundary;
  /**
   * The current best bid and ask of the symbols (REST `ticker/bookTicker`), published once the stream is
   * up: a book that does not move streams nothing, and a consumer (a paper mirror, a strategy) should not
   * wait for the first change to learn the price. A failure is logged and connect goes on.
   */
  readonly fetchQuotes?: () => Promise<readonly Quote[]>;
}

/**
 * Binance market streams on one combined connection (`/stream?streams=<s>@bookTicker/<s>@trade/…`),
 * mapped to core Quote, Trade, Bar and OrderBookSnapshot values. The server pings (ws answers them); the
 * socket runs under core's ConnectionSupervisor (see SupervisedSocket). Market data is not replayed after
 * a gap: the next quote supersedes what was missed.
 */
export class MarketDataStream {
  private readonly socket: SupervisedSocket;
  /** Stream names are lowercase; payloads of partial depth name no symbol: the configured name by stream prefix. */
  private readonly symbolByPrefix: ReadonlyMap<string, string>;

  constructor(private readonly o: MarketDataStreamOptions) {
    this.symbolByPrefix = new Map(o.symbols.map((s) => [s.toLowerCase(), s]));
    const depth = o.depthLevels ? [`@depth${o.depthLevels}@100ms`] : [];
    const streams = o.symbols.flatMap((s) => ['@bookTicker', '@trade', ...depth].map((kind) => `${s.toLowerCase()}${kind}`)).join('/');
    this.socket = new SupervisedSocket({
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
      onMessage: (text) => o.boundary.run('market-data', text, this.handleFrame),
    });
  }

  /** Symbols a streamed bookTicker has already quoted (newer than any REST snapshot). */
  private readonly streamed = new Set<string>();

  /**
   * Connects, then publishes the starting quotes (see `fetchQuotes`) of the symbols the stream has not
   * quoted meanwhile; rejects if the first connection attempt fails (later drops reconnect on their own).
   */
  async start(): Promise<void> {
    await this.socket.start();
    if (!this.o.fetchQuotes) return;
    try {
      for (const quote of await this.o.fetchQuotes()) if (!this.streamed.has(quote.symbol)) this.o.onData(quote);
    } catch (error) {
      this.o.logger.warn('binance starting quotes not fetched; the first streamed change will quote', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  stop(): Promise<void> {
    return this.socket.stop();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /**
   * One frame, inside the broker's boundary: a refused frame (not JSON, too large, not `{stream, data}`,
   * a field that fails its decoder) is reported as a VenuePayloadError and dropped; the next one of its
   * stream replaces it. Created once, so that no closure is allocated per frame.
   */
  private readonly handleFrame = (text: string): void => {
    const frame = decodeCombinedFrame(parseFrame(text));
    const stream = frame.stream;
    const at = stream.indexOf('@');
    const kind = stream.slice(at + 1);
    const data = frame.data;
    try {
      if (kind === 'bookTicker' || kind === 'bookticker') {
        const quote = fromBookTicker(decodeBookTicker(data), this.o.clock.now());
        this.streamed.add(quote.symbol);
        this.o.onData(quote);
      }
      else if (kind === 'trade') this.o.onData(fromStreamTrade(decodeStreamTrade(data)));
      else if (kind === 'aggTrade' || kind === 'aggtrade') this.o.onData(fromAggTrade(decodeAggTrade(data)));
      else if (kind.startsWith('depth')) {
        const symbol = this.symbolByPrefix.get(stream.slice(0, at).toLowerCase());
        if (symbol) this.o.onData(fromPartialDepth(decodePartialDepth(data), symbol, this.o.clock.now()));
      } else if (kind.startsWith('kline')) {
        const candle = decodeKline(data);
        if (candle.k.x) this.o.onData(fromKline(candle)); // an open candle is still changing
      }
    } catch (error) {
      if (!(error instanceof PayloadRejection)) throw error;
      this.o.boundary.reject(marketKind(kind), error.message, text);
    }
  };
}

/** The kind a refused market payload is counted under: a stream type, never the venue's text (bounded label values). */
function marketKind(streamType: string): string {
  const lower = streamType.toLowerCase();
  if (lower === 'bookticker') return 'bookTicker';
  if (lower === 'trade') return 'trade';
  if (lower === 'aggtrade') return 'aggTrade';
  if (lower.startsWith('depth')) return 'depth';
  if (lower.startsWith('kline')) return 'kline';
  return 'market-data';
}
