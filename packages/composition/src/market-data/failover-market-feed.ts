import type { Clock, MarketData, TimerHandle } from '@silvertine/core';

/** One source of a failover feed, in order of preference. */
export interface FailoverSourceSpec {
  /** Names the source in events (`binance_emulator:stream`, `binance_emulator:poll`, `synthetic`). */
  readonly name: string;
  /** Silent (no data) for longer than this: stale, the next healthy source takes over. */
  readonly staleMs: number;
}

export interface FailoverMarketFeedOptions {
  readonly sources: readonly FailoverSourceSpec[];
  readonly clock: Clock;
  /** A preferred source takes back only after it has been healthy this long (no flapping). */
  readonly holdMs: number;
}

/** What the feed publishes: data from the active source, and hand-overs. */
export type FailoverMarketEvent =
  | { readonly kind: 'data'; readonly source: string; readonly data: MarketData }
  | { readonly kind: 'switch'; readonly from?: string; readonly to?: string; readonly at: number };

/** The last value published for a symbol; `stale` while no source is healthy. */
export interface LastKnownMarketData {
  readonly data: MarketData;
  readonly source: string;
  readonly stale: boolean;
}

interface SourceState {
  readonly spec: FailoverSourceSpec;
  lastSeen?: number;
  /** Since when the source has been delivering without a gap beyond its threshold. */
  healthySince?: number;
}

/**
 * Market data from an ordered list of sources, published from one at a time: the first healthy one.
 * A source silent beyond its `staleMs` hands over to the next healthy one; a more preferred source takes
 * back once it has been healthy for `holdMs`. Only the active source's data is published, and never a
 * value older than (or as old as) the one already published for that symbol and kind, so the same quote
 * seen through two sources is published once. While no source is healthy, `lastKnown` serves the last
 * values marked stale. Pure: time comes from the injected Clock, data from `offer`.
 */
export class FailoverMarketFeed {
  private readonly states: SourceState[];
  private readonly listeners = new Set<(event: FailoverMarketEvent) => void>();
  private readonly last = new Map<string, { data: MarketData; source: string }>();
  private activeIndex: number | undefined;
  private timer: TimerHandle | undefined;
  private running = false;

  constructor(private readonly options: FailoverMarketFeedOptions) {
    if (options.sources.length === 0) throw new RangeError('a failover feed needs at least one source');
    const names = new Set(options.sources.map((s) => s.name));
    if (names.size !== options.sources.length) throw new RangeError('failover source names must be unique');
    for (const s of options.sources) if (!(s.staleMs > 0)) throw new RangeError(`source ${s.name}: staleMs must be positive`);
    this.states = options.sources.map((spec) => ({ spec }));
  }

  /** The source data is published from now, or undefined while none is healthy. */
  get active(): string | undefined {
    return this.activeIndex === undefined ? undefined : this.states[this.activeIndex].spec.name;
  }

  /** Subscribes to published data and hand-overs; returns the unsubscribe function. */
  subscribe(listener: (event: FailoverMarketEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the silence checks on the clock: a timer at the next moment a source can go stale or finish its hold. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(this.options.clock.now());
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Data from a source (a venue's stream, a poll, a replay). */
  offer(source: string, data: MarketData): void {
    const state = this.states.find((s) => s.spec.name === source);
    if (!state) throw new RangeError(`unknown failover source ${source}`);
    const now = this.options.clock.now();
    if (!this.isHealthy(state, now)) state.healthySince = now;
    state.lastSeen = now;
    this.evaluate(now);
    if (this.active !== source) return;
    const key = `${data.symbol}:${data.kind}`;
    const previous = this.last.get(key);
    if (previous && data.timestamp <= previous.data.timestamp) return;
    this.last.set(key, { data, source });
    this.emit({ kind: 'data', source, data });
  }

  /** Re-evaluates health now (the timer does this too). */
  check(): void {
    this.evaluate(this.options.clock.now());
  }

  /** The last published value for a symbol (the most recent of its kinds), marked stale while no source is healthy. */
  lastKnown(symbol: string): LastKnownMarketData | undefined {
    let latest: { data: MarketData; source: string } | undefined;
    for (const entry of this.last.values()) {
      if (entry.data.symbol === symbol && (!latest || entry.data.timestamp > latest.data.timestamp)) latest = entry;
    }
    if (!latest) return undefined;
    this.check();
    return { ...latest, stale: this.activeIndex === undefined };
  }

  private isHealthy(state: SourceState, now: number): boolean {
    return state.lastSeen !== undefined && now - state.lastSeen <= state.spec.staleMs;
  }

  private evaluate(now: number): void {
    for (const state of this.states) if (!this.isHealthy(state, now)) state.healthySince = undefined;
    const current = this.activeIndex;
    const activeRank = current !== undefined && this.isHealthy(this.states[current], now) ? current : -1;
    let next: number | undefined;
    for (let i = 0; i < this.states.length; i++) {
      const state = this.states[i];
      if (!this.isHealthy(state, now)) continue;
      const heldLongEnough = now - (state.healthySince ?? now) >= this.options.holdMs;
      if (i < activeRank && !heldLongEnough) continue;
      next = i;
      break;
    }
    this.schedule(now);
    if (next === current) return;
    this.activeIndex = next;
    this.emit({ kind: 'switch', from: current === undefined ? undefined : this.states[current].spec.name, to: this.active, at: now });
  }

  /** Arms one timer for the earliest change of health: a healthy source going stale, or a preferred one's hold ending. */
  private schedule(now: number): void {
    if (!this.running) return;
    let at = Infinity;
    for (const state of this.states) {
      if (state.lastSeen === undefined || !this.isHealthy(state, now)) continue;
      at = Math.min(at, state.lastSeen + state.spec.staleMs + 1);
      if (state.healthySince !== undefined && now - state.healthySince < this.options.holdMs) at = Math.min(at, state.healthySince + this.options.holdMs);
    }
    this.timer?.cancel();
    this.timer = at === Infinity ? undefined : this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.check();
    }, Math.max(0, at - now));
  }

  private emit(event: FailoverMarketEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
