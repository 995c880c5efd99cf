import { systemClock, type Clock, type ConnectionState, type EventBus, type MarketData } from '@silvertine/core';
import type { Subscription } from 'rxjs';

/** The last update of a symbol, with how far it can be trusted. */
export interface CachedMarketData {
  readonly data: MarketData;
  /** Clock time at which it was received. */
  readonly receivedAt: number;
  readonly ageMs: number;
  /**
   * True when the feed that produced it is not CONNECTED, or nothing newer arrived within
   * `staleAfterMs`: the value is what the market was, not what it is.
   */
  readonly stale: boolean;
  readonly brokerId?: string;
}

export interface LastKnownMarketOptions {
  readonly bus: EventBus;
  readonly clock?: Clock;
  /** Age after which an update counts as stale even with the feed connected (default 5,000 ms). */
  readonly staleAfterMs?: number;
}

/**
 * Serves the last market data seen per symbol when a live feed fails, marked stale, instead of serving
 * nothing (strategies and risk checks can still value positions, knowing the price may have moved) or
 * serving it as if it were live (which would hide the outage). Feeds are followed through their
 * broker's ConnectionStateEvents on the bus.
 */
export class LastKnownMarket {
  private readonly latest = new Map<string, { data: MarketData; receivedAt: number; brokerId?: string }>();
  private readonly feedState = new Map<string, ConnectionState>();
  private readonly subscriptions: Subscription[] = [];
  private readonly clock: Clock;
  private readonly staleAfterMs: number;

  constructor(options: LastKnownMarketOptions) {
    this.clock = options.clock ?? systemClock;
    this.staleAfterMs = options.staleAfterMs ?? 5_000;
    this.subscriptions.push(
      options.bus.on('MarketData', (e) => this.latest.set(e.data.symbol, { data: e.data, receivedAt: this.clock.now(), brokerId: e.brokerId }), 'last-known-market'),
      options.bus.on('ConnectionState', (e) => this.feedState.set(e.brokerId, e.current), 'last-known-market'),
    );
  }

  /** The last update of `symbol`, or undefined if none was ever seen. */
  get(symbol: string): CachedMarketData | undefined {
    const entry = this.latest.get(symbol);
    if (!entry) return undefined;
    const ageMs = this.clock.now() - entry.receivedAt;
    const feed = entry.brokerId === undefined ? undefined : this.feedState.get(entry.brokerId);
    const feedDown = feed !== undefined && feed !== 'CONNECTED';
    return { ...entry, ageMs, stale: feedDown || ageMs > this.staleAfterMs };
  }

  /** Stops following the bus. */
  close(): void {
    for (const s of this.subscriptions) s.unsubscribe();
    this.subscriptions.length = 0;
  }
}
