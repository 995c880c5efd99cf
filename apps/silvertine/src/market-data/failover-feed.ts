import { createEvent, type Broker, type MarketData } from '@silvertine/core';
import type { SilvertineConfig } from '@silvertine/config';
import { failoverSourcesFor, startFailoverFeed, type RunningFailoverFeed } from '@silvertine/composition';
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
 * is republished on the bus under FAILOVER_FEED_ID; each hand-over is a warn line `market data source
 * switched` {from, to, symbol, reason} and a stdout line `silvertine: market data source <from> -> <to> (<reason>)`.
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
  const symbol = (config.marketData?.symbols ?? []).join(',');
  const unsubscribe = running.feed.subscribe((event) => {
    if (event.kind === 'switch') {
      const line = { from: event.from ?? 'none', to: event.to ?? 'none', symbol, reason: reasonFor(names, event.from, event.to) };
      io.logger.warn('market data source switched', line);
      io.out(`silvertine: market data source ${line.from} -> ${line.to} (${line.reason})`);
    } else {
      app.bus.publish(createEvent({ type: 'MarketData', brokerId: FAILOVER_FEED_ID, data: event.data }, app.clock.now()));
    }
  });
  const stop = running.stop;
  return { feed: running.feed, stop: () => { unsubscribe(); stop(); } };
}
