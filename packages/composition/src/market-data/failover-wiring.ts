import type { Clock, EventBus, MarketData, TimerHandle } from '@silvertine/core';
import type { SilvertineConfig } from '@silvertine/config';
import { FailoverMarketFeed, type FailoverSourceSpec } from './failover-market-feed';
import { MarketDataConfigError } from './market-feed';

const DEFAULT_STALE_MS = 2_000;
const DEFAULT_HOLD_MS = 5_000;

/** One configured source as the wiring runs it. */
export type FailoverSourcePlan =
  | { readonly kind: 'stream'; readonly broker: string; readonly spec: FailoverSourceSpec }
  | { readonly kind: 'poll'; readonly broker: string; readonly pollMs: number; readonly spec: FailoverSourceSpec }
  | { readonly kind: 'feed'; readonly source: 'synthetic' | 'csv'; readonly spec: FailoverSourceSpec };

/** `market_data.sources` as plans named `<broker>:stream`, `<broker>:poll`, `synthetic`/`csv`; undefined without a list. */
export function failoverSourcesFor(config: SilvertineConfig): { readonly sources: FailoverSourcePlan[]; readonly holdMs: number } | undefined {
  const list = config.marketData?.sources;
  if (!list || list.length === 0) return undefined;
  const sources = list.map((entry, i): FailoverSourcePlan => {
    const staleMs = entry.staleMs ?? DEFAULT_STALE_MS;
    if (entry.broker !== undefined && entry.pollMs !== undefined) {
      return { kind: 'poll', broker: entry.broker, pollMs: entry.pollMs, spec: { name: `${entry.broker}:poll`, staleMs: Math.max(staleMs, entry.pollMs * 2) } };
    }
    if (entry.broker !== undefined) return { kind: 'stream', broker: entry.broker, spec: { name: `${entry.broker}:stream`, staleMs } };
    if (entry.source !== undefined) return { kind: 'feed', source: entry.source, spec: { name: entry.source, staleMs } };
    throw new MarketDataConfigError(`market_data.sources[${i}]`, 'give broker: or source:');
  });
  const names = new Set(sources.map((s) => s.spec.name));
  if (names.size !== sources.length) throw new MarketDataConfigError('market_data.sources', 'lists the same source twice');
  return { sources, holdMs: config.marketData?.holdMs ?? DEFAULT_HOLD_MS };
}

export interface FailoverWiringOptions {
  readonly config: SilvertineConfig;
  readonly bus: EventBus;
  readonly clock: Clock;
  /** Asks a broker's venue for the current quote of a symbol (the app's ticker read). */
  readonly poll?: (broker: string, symbol: string) => Promise<MarketData>;
  /** Where the section's csv/synthetic feed publishes (its own brokerId on the bus); default `market_data`. */
  readonly feedBrokerId?: string;
}

/** A running failover feed: the feed itself (subscribe, lastKnown, active) and its stop. */
export interface RunningFailoverFeed {
  readonly feed: FailoverMarketFeed;
  stop(): void;
}

/**
 * Connects the configured sources to a FailoverMarketFeed: a broker's stream is its MarketData events on
 * the bus, a poll asks `poll` for each symbol every `poll_ms` on the clock, the section's csv/synthetic
 * feed is the bus events of `feedBrokerId`. Undefined without `market_data.sources`.
 */
export function startFailoverFeed(options: FailoverWiringOptions): RunningFailoverFeed | undefined {
  const plan = failoverSourcesFor(options.config);
  if (!plan) return undefined;
  const symbols = options.config.marketData?.symbols ?? [];
  const feed = new FailoverMarketFeed({ sources: plan.sources.map((s) => s.spec), clock: options.clock, holdMs: plan.holdMs });
  const stops: (() => void)[] = [];
  const byBroker = new Map<string, string>();
  for (const source of plan.sources) {
    if (source.kind === 'stream') byBroker.set(source.broker, source.spec.name);
    if (source.kind === 'feed') byBroker.set(options.feedBrokerId ?? 'market_data', source.spec.name);
  }
  const subscription = options.bus.marketData$.subscribe((event) => {
    // A replay (csv/synthetic) publishes without a brokerId: it is the section's feed.
    const name = byBroker.get(event.brokerId ?? 'market_data');
    if (name && (symbols.length === 0 || symbols.includes(event.data.symbol))) feed.offer(name, event.data);
  });
  stops.push(() => subscription.unsubscribe());
  for (const source of plan.sources) {
    if (source.kind !== 'poll') continue;
    const poll = options.poll;
    if (!poll) throw new MarketDataConfigError('market_data.sources', `${source.spec.name} needs a ticker reader (poll) from the app`);
    stops.push(pollEvery(options.clock, source.pollMs, async () => {
      for (const symbol of symbols) {
        const data = await poll(source.broker, symbol).catch(() => undefined);
        if (data) feed.offer(source.spec.name, data);
      }
    }));
  }
  feed.start();
  return { feed, stop: () => { feed.stop(); stops.forEach((stop) => stop()); } };
}

/** Runs `task` every `periodMs` on the clock, one at a time; returns the stop. */
function pollEvery(clock: Clock, periodMs: number, task: () => Promise<void>): () => void {
  let timer: TimerHandle | undefined;
  let stopped = false;
  const tick = () => {
    timer = clock.setTimeout(() => {
      void task().finally(() => { if (!stopped) tick(); });
    }, periodMs);
  };
  tick();
  return () => { stopped = true; timer?.cancel(); };
}
