import type { OrderBookSnapshot } from '@silvertine/core';
import { decodeDiffDepth } from '../decoding/depth-diff.decoder';
import { parseFrame } from '../decoding/frame-size';
import type { InboundBoundary } from '../decoding/inbound-boundary';
import { decodeCombinedFrame } from '../decoding/market-frames.decoder';
import { fromDiffDepth, type DepthSnapshot } from '../mapping/depth-mapping';
import { SupervisedSocket, type SocketLifecycleOptions } from '../ws/supervised-socket';
import { LocalOrderBook } from './local-order-book';

/** What OrderBookSync connects to, asks and reports to. */
export interface OrderBookSyncOptions extends SocketLifecycleOptions {
  /** Market streams base URL (e.g. wss://stream.binance.com:9443); `/stream?streams=` is appended. */
  readonly url: string;
  /** Binance symbols (BTCUSDT); each gets `<symbol>@depth@100ms`. */
  readonly symbols: readonly string[];
  readonly handshakeTimeoutMs: number;
  /** Levels per side each published book carries (best first); the local book itself keeps every level. */
  readonly publishLevels: number;
  /** GET /api/v3/depth (decoded) with the snapshot depth to ask for. */
  readonly fetchSnapshot: (symbol: string) => Promise<DepthSnapshot>;
  /** Each change of a book in sync, as core's OrderBookSnapshot (`updateId` = the last applied `u`). */
  readonly onBook: (book: OrderBookSnapshot) => void;
  /** A book lost sync (a gap in the update ids, a reconnect) or a snapshot failed: for logs and counters. */
  readonly onResync?: (symbol: string, reason: string) => void;
  /** The broker's error boundary: every frame is handled inside it. */
  readonly boundary: InboundBoundary;
}

interface Entry {
  readonly book: LocalOrderBook;
  /** A snapshot request in flight (at most one per symbol). */
  fetching: boolean;
}

/**
 * Local order books of Binance symbols from the diff depth stream (one combined connection) and REST
 * snapshots, kept by LocalOrderBook's documented procedure: a snapshot is fetched at start, after every gap
 * and after every reconnect (events may have been lost while down); until it answers, events are buffered.
 * A failed snapshot is retried on the next event of its symbol (no timer: the stream paces the retries).
 * Every frame is decoded (decodeCombinedFrame, decodeDiffDepth) inside the broker's boundary; a refused one
 * changes no book.
 */
export class OrderBookSync {
  private readonly socket: SupervisedSocket;
  private readonly books = new Map<string, Entry>();
  private stopped = false;

  constructor(private readonly o: OrderBookSyncOptions) {
    for (const s of o.symbols) this.books.set(s, { book: new LocalOrderBook(s), fetching: false });
    const streams = o.symbols.map((s) => `${s.toLowerCase()}@depth@100ms`).join('/');
    // the lifecycle options (clock, logger, heartbeat, backoff, handshake timeout) pass through unchanged
    this.socket = new SupervisedSocket({
      ...o,
      name: 'binance depth stream',
      url: `${o.url.replace(/\/$/, '')}/stream?streams=${streams}`,
      onMessage: (text) => o.boundary.run('depth', text, this.handleFrame),
      onReconnected: async () => this.resyncAll('reconnected'),
    });
  }

  /** Connects, then asks for the first snapshots (events arriving meanwhile are buffered). */
  async start(): Promise<void> {
    await this.socket.start();
    for (const [symbol, entry] of this.books) this.fetch(symbol, entry);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.socket.stop();
  }

  /** The current book of a symbol (best `levels` per side), or undefined while it is not in sync. */
  book(symbol: string, levels = this.o.publishLevels): OrderBookSnapshot | undefined {
    return this.books.get(symbol)?.book.view(levels);
  }

  /** Created once, so that no closure is allocated per frame. */
  private readonly handleFrame = (text: string): void => {
    const frame = decodeCombinedFrame(parseFrame(text));
    const update = fromDiffDepth(decodeDiffDepth(frame.data));
    const entry = this.books.get(update.symbol);
    if (!entry) return; // a symbol we did not subscribe: nothing to keep
    const at = entry.book.lastUpdateId;
    const step = entry.book.onUpdate(update);
    if (step === 'applied') this.publish(entry);
    else if (step === 'gap') {
      this.o.onResync?.(update.symbol, `gap: an event starting at ${update.firstUpdateId} after the book's ${at}`);
      this.fetch(update.symbol, entry);
    } else if (step === 'buffered') this.fetch(update.symbol, entry);
  };

  private resyncAll(reason: string): void {
    for (const [symbol, entry] of this.books) {
      entry.book.reset();
      this.o.onResync?.(symbol, reason);
      this.fetch(symbol, entry);
    }
  }

  /** Asks for a snapshot unless one is in flight; applies it when it comes (again if it was stale). */
  private fetch(symbol: string, entry: Entry): void {
    if (entry.fetching || this.stopped) return;
    entry.fetching = true;
    this.o.fetchSnapshot(symbol).then(
      (snapshot) => {
        entry.fetching = false;
        if (this.stopped) return;
        const step = entry.book.onSnapshot(snapshot, this.o.clock.now());
        if (step === 'synced') this.publish(entry);
        else {
          this.o.onResync?.(symbol, step === 'stale' ? `snapshot ${snapshot.lastUpdateId} predates the buffered events` : 'gap in the buffered events');
          this.fetch(symbol, entry);
        }
      },
      (error: unknown) => {
        entry.fetching = false;
        this.o.logger.warn('binance depth snapshot failed; retried on the next event', { symbol, error: (error as Error).message });
        this.o.onResync?.(symbol, `snapshot failed: ${(error as Error).message}`);
      },
    );
  }

  private publish(entry: Entry): void {
    const view = entry.book.view(this.o.publishLevels);
    if (view) this.o.onBook(view);
  }
}
