import type { OrderBookSnapshot } from '@silvertine/core';
import type { DepthSnapshot, DepthUpdate } from '../mapping/depth-mapping';
import { BookSide } from './book-side';

/** What one diff event did: kept for later (no snapshot yet), applied, ignored (already in the book) or revealed a gap. */
export type DepthStep = 'buffered' | 'applied' | 'ignored' | 'gap';

/** What a snapshot did: the book is in sync, the snapshot predates the buffered events (fetch another), or the buffer had a gap. */
export type SnapshotStep = 'synced' | 'stale' | 'gap';

/**
 * A local order book kept from Binance's diff depth stream with the documented snapshot and update-id
 * procedure (binance-spot-api-docs, web-socket-streams.md, "How to manage a local order book correctly":
 * https://developers.binance.com/docs/binance-spot-api-docs/web-socket-streams#how-to-manage-a-local-order-book-correctly):
 * 1. buffer the events of the stream; 2. get a snapshot (GET /api/v3/depth); 3. drop every buffered event
 * with `u` <= the snapshot's `lastUpdateId`; 4. the first event applied must have `U` <= lastUpdateId + 1
 * and `u` >= lastUpdateId + 1; 5. each next event's `U` must be the previous event's `u` + 1; 6. each level's
 * quantity is absolute, 0 removes the level (removing an absent level is normal).
 * A break of 4 or 5 is a gap: the book is discarded and the offending event starts a new buffer; the caller
 * then fetches a new snapshot. If a snapshot is older than the first buffered event (its `U` >
 * lastUpdateId + 1), the events in between are lost to us: the caller fetches another (the newer doc's
 * "go back to step 3").
 * Pure: no I/O and no clock; `OrderBookSync` drives it.
 */
export class LocalOrderBook {
  private readonly bids = new BookSide(true);
  private readonly asks = new BookSide(false);
  private buffer: DepthUpdate[] = [];
  /** The update id the book is at; undefined while it waits for a snapshot. */
  private updateId?: number;
  /** True until the first event after a snapshot is applied (rule 4 instead of rule 5). */
  private firstAfterSnapshot = false;
  /** When the last applied change happened (venue event time, or the snapshot's arrival). */
  private changedAt = 0;

  constructor(
    readonly symbol: string,
    /** Most events kept while waiting for a snapshot; the oldest go first (a later snapshot covers them). */
    private readonly maxBuffered = 10_000,
  ) {}

  /** True while the book follows the stream (a snapshot was applied and no gap seen since). */
  get synced(): boolean {
    return this.updateId !== undefined;
  }

  /** The update id the book reflects, or undefined while it waits for a snapshot. */
  get lastUpdateId(): number | undefined {
    return this.updateId;
  }

  /** Events waiting for a snapshot. */
  get buffered(): number {
    return this.buffer.length;
  }

  /** One diff event, in arrival order. */
  onUpdate(event: DepthUpdate): DepthStep {
    if (this.updateId === undefined) {
      this.buffer.push(event);
      if (this.buffer.length > this.maxBuffered) this.buffer.shift();
      return 'buffered';
    }
    const step = this.apply(event);
    if (step === 'gap') this.discard([event]);
    return step;
  }

  /** A snapshot answered: the book becomes the snapshot plus every buffered event after it, or says why not. */
  onSnapshot(snapshot: DepthSnapshot, receivedAt: number): SnapshotStep {
    const pending = this.buffer.filter((e) => e.lastUpdateId > snapshot.lastUpdateId);
    if (pending.length > 0 && pending[0]!.firstUpdateId > snapshot.lastUpdateId + 1) return 'stale';
    this.buffer = [];
    this.bids.reset(snapshot.bids);
    this.asks.reset(snapshot.asks);
    this.updateId = snapshot.lastUpdateId;
    this.firstAfterSnapshot = true;
    this.changedAt = receivedAt;
    for (let i = 0; i < pending.length; i++) {
      if (this.apply(pending[i]!) === 'gap') {
        this.discard(pending.slice(i));
        return 'gap';
      }
    }
    return 'synced';
  }

  /** Forgets the book (e.g. after a reconnect: events were lost): the next events are buffered for a new snapshot. */
  reset(): void {
    this.discard([]);
  }

  /** The best `levels` of each side as core's OrderBookSnapshot (undefined while not in sync). */
  view(levels: number): OrderBookSnapshot | undefined {
    if (this.updateId === undefined) return undefined;
    return { kind: 'book', symbol: this.symbol, bids: this.bids.top(levels), asks: this.asks.top(levels), timestamp: this.changedAt, updateId: this.updateId };
  }

  private apply(event: DepthUpdate): DepthStep {
    const id = this.updateId!;
    if (event.lastUpdateId <= id) return 'ignored';
    const chained = this.firstAfterSnapshot ? event.firstUpdateId <= id + 1 : event.firstUpdateId === id + 1;
    if (!chained) return 'gap';
    for (const l of event.bids) this.bids.set(l.price, l.size);
    for (const l of event.asks) this.asks.set(l.price, l.size);
    this.updateId = event.lastUpdateId;
    this.firstAfterSnapshot = false;
    this.changedAt = event.eventTime;
    return 'applied';
  }

  private discard(keep: DepthUpdate[]): void {
    this.bids.reset();
    this.asks.reset();
    this.updateId = undefined;
    this.firstAfterSnapshot = false;
    this.buffer = keep.slice(-this.maxBuffered);
  }
}
