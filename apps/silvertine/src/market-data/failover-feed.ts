import { createEvent, type Broker, type MarketData } from '@silvertine/core';
import type { SilvertineConfig } from '@silvertine/config';
import { failoverSourcesFor, startFailoverFeed, type FailoverMarketFeed, type RunningFailoverFeed } from '@silvertine/composition';
import type { AppContext } from '../composition/app-context';
import type { CommandIo } from '../cli/command-io';
import { readTicker } from '../venue/ticker';
import { asUserError } from './market-feed';

/** The brokerId the failover's output is republished under on the bus (what a consumer of the failed-over feed listens to). */
export const FAILOVER_FEED_ID = 'market_data:failover';

/** A Binance/IB ticker read as a Quote; a venue that gives no two-sided book is refused (the poll skips it). */
export async function polledQuote(broker: Broker, symbol: string): Promise<MarketData> {
  const t = await readTicker(broker, symbol);
  if (!t.bid || !t.ask || !t.bidSize || !t.askSize) throw new Error(`${broker.id}: no two-sided ticker for ${symbol}`);
  return { kind: 'quote', symbol, bid: t.bid, bidSize: t.bidSize, ask: t.ask, askSize: t.askSize, timestamp: t.at };
}

/** Why the feed handed over, from the ranks of the two sources in `market_data.sources`. */
function reasonFor(names: readonly string[], from: string | undefined, to: string | undefined): string {
  if (to === undefined) return 'no healthy source (last values served stale)';
  if (from === undefined) return 'first healthy source';
  return names.indexOf(to) < names.indexOf(from) ? 'preferred source healthy for hold_ms' : 'source stale';
}

/**
 * Starts the failover of `market_data.sources` (undefined without the list): a broker's stream is its
 * MarketData on the bus, a poll reads the broker's ticker every `poll_ms`. What the active source delivers
 * is republished on the bus under FAILOVER_FEED_ID with `source` set to the source's name; each hand-over
 * is a warn line `market data source switched` {from, to, symbol, reason} and a stdout line
 * `silvertine: market data source <from> -> <to> (<reason>)`. The first event republished from a source
 * after a hand-over is the stdout line `silvertine: market data from <source>: <kind> <symbol>`.
 * While no source is healthy, the last known value of each symbol is republished once with `stale: true`
 * (and its original `source`), and said on stdout as `silvertine: market data stale: <symbol> last known from <source>`.
 */
export function startMarketDataFailover(config: SilvertineConfig, app: Pick<AppContext, 'bus' | 'clock'>, brokers: ReadonlyMap<string, Broker>, io: Pick<CommandIo, 'logger' | 'out'>): RunningFailoverFeed | undefined {
  let running: RunningFailoverFeed | undefined;
  let names: string[];
  try {
    const plan = failoverSourcesFor(config);
    if (!plan) return undefined;
    names = plan.sources.map((s) => s.spec.name);
    running = startFailoverFeed({
      config, bus: app.bus, clock: app.clock,
      poll: (name, symbol) => {
        const broker = brokers.get(name);
        return broker ? polledQuote(broker, symbol) : Promise.reject(new Error(`no connected broker ${name}`));
      },
    });
  } catch (error) {
    throw asUserError(error);
  }
  if (!running) return undefined;
  const symbols = config.marketData?.symbols ?? [];
  const symbol = symbols.join(',');
  const feed = running.feed;
  // sources that have had an event republished since the last hand-over (one stdout line each)
  const announced = new Set<string>();
  const unsubscribe = feed.subscribe((event) => {
    if (event.kind === 'switch') {
      const line = { from: event.from ?? 'none', to: event.to ?? 'none', symbol, reason: reasonFor(names, event.from, event.to) };
      io.logger.warn('market data source switched', line);
      io.out(`silvertine: market data source ${line.from} -> ${line.to} (${line.reason})`);
      announced.clear();
      if (event.to === undefined) reserveStale(feed, symbols, app, io);
      return;
    }
    app.bus.publish(createEvent({ type: 'MarketData', brokerId: FAILOVER_FEED_ID, source: event.source, data: event.data }, app.clock.now()));
    if (!announced.has(event.source)) {
      announced.add(event.source);
      io.logger.info('market data republished', { source: event.source, kind: event.data.kind, symbol: event.data.symbol });
      io.out(`silvertine: market data from ${event.source}: ${event.data.kind} ${event.data.symbol}`);
    }
  });
  const stop = running.stop;
  return { feed: running.feed, stop: () => { unsubscribe(); stop(); } };
}

/**
 * No source is healthy: each symbol's last known value goes out again marked stale, so a consumer (a
 * dashboard, a strategy) learns that its last price is old without mistaking it for a new one.
 */
function reserveStale(feed: FailoverMarketFeed, symbols: readonly string[], app: Pick<AppContext, 'bus' | 'clock'>, io: Pick<CommandIo, 'logger' | 'out'>): void {
  for (const symbol of symbols) {
    const last = feed.lastKnown(symbol);
    if (!last?.stale) continue;
    app.bus.publish(createEvent({ type: 'MarketData', brokerId: FAILOVER_FEED_ID, source: last.source, stale: true, data: last.data }, app.clock.now()));
    io.logger.warn('market data stale', { symbol, source: last.source, kind: last.data.kind, at: last.data.timestamp });
    io.out(`silvertine: market data stale: ${symbol} last known from ${last.source}`);
  }
}
