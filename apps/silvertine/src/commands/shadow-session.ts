import { Decimal, type Broker, type EventBus, type Instrument, type MarketDataEvent } from '@silvertine/core';
import type { Subscription } from 'rxjs';
import type { BrokerSpec, ShadowConfig, SilvertineConfig } from '@silvertine/config';
import { PaperTradingBroker } from '@silvertine/paper';
import { PrometheusShadowMetrics, ShadowBroker, shadowReport, type ShadowRecord, type ShadowReport } from '@silvertine/shadow';
import { AppContext } from '../composition/app-context';
import type { CommandIo } from '../cli/command-io';
import { EXIT, UserError } from '../cli/exit-codes';
import { SmaCrossoverStrategy } from '../demo/sma-crossover.strategy';
import { marketFeedFor, type MarketFeed } from '../market-data/market-feed';
import { shadowModels, type ShadowModels } from './shadow-models';

/** A pair is given this long to finish before the probe moves on (a safety net: a venue may never fill). */
const PAIR_DEADLINE_MS = 30_000;
/** How long a probe waits for the first price of its symbol before it starts anyway. */
const MARKET_DATA_WAIT_MS = 5_000;

/** What a shadow session is asked to do. */
export interface ShadowSessionOptions {
  readonly configPath?: string;
  readonly environment?: string;
  readonly broker?: string;
  /** Probe: this many MARKET orders, alternating BUY and SELL, each after the previous pair finished. */
  readonly orders?: number;
  readonly symbol?: string;
  readonly quantity?: Decimal;
  /** Stop a strategy session on a live (not replayed) feed after this many seconds. */
  readonly durationSeconds?: number;
  readonly monitoring: boolean;
}

/** What a session produced. */
export interface ShadowSessionResult {
  readonly broker: string;
  readonly report: ShadowReport;
  readonly models: ShadowModels;
}

/** The broker to shadow: the one named, else the first enabled one with a `shadow:` section, else the first enabled one. */
export function chooseShadowBroker(config: SilvertineConfig, name?: string): { spec: BrokerSpec; section: ShadowConfig; defaulted: boolean } {
  const specs = Object.values(config.brokers);
  const spec = name !== undefined ? config.brokers[name] : (specs.find((s) => s.enabled && s.shadow && s.shadow.enabled !== false) ?? specs.find((s) => s.enabled));
  if (!spec) throw new UserError(`unknown broker "${name ?? ''}"; brokers in ${config.file ?? 'the configuration'}: ${Object.keys(config.brokers).join(', ') || '(none)'}`, EXIT.UNKNOWN_BROKER);
  if (spec.shadow?.enabled === false) throw new UserError(`broker ${spec.name} has shadowing turned off (brokers.${spec.name}.shadow.enabled: false)`, EXIT.INVALID_CONFIG);
  return { spec, section: spec.shadow ?? {}, defaulted: spec.shadow === undefined };
}

/**
 * Runs one session with shadowing on: the configured broker (Binance, IB, paper, a plugin's) built and
 * connected by the app's composition (safety stack, monitoring), wrapped in a ShadowBroker whose
 * paper mirror runs the `shadow:` models on the same bus's market data. Orders come from `--orders`
 * (a probe of MARKET orders) or, with a `market_data:` feed, from the demo strategy. Resolves with the
 * report (every order, the models in use) once the orders are done; everything is closed either way.
 */
export async function runShadowSession(options: ShadowSessionOptions, io: CommandIo): Promise<ShadowSessionResult> {
  const config = await AppContext.loadConfig({ configPath: options.configPath, environment: options.environment });
  const { spec, section, defaulted } = chooseShadowBroker(config, options.broker);
  const feed = marketFeedFor(config);
  if (options.orders === undefined && !feed) throw new UserError('nothing to trade: give --orders <n> (a probe of MARKET orders) or configure a market_data: feed for the demo strategy', EXIT.USAGE);
  // A replay in virtual time ends before a probe's first latency has passed: probes need the wall clock.
  if (options.orders !== undefined && feed?.clock) throw new UserError('--orders needs market data in real time: market_data.interval_ms > 0, or a venue streaming its own (source: none)', EXIT.USAGE);
  const app = await AppContext.create({ config, monitoring: options.monitoring, logger: io.logger, clock: feed?.clock });
  let shadow: ShadowBroker | undefined;
  // The live adapter may publish its starting quotes while the composition connects it (Binance: its
  // REST bookTicker), before the ShadowBroker exists to forward them: kept here and handed to the mirror.
  const early = new LatestMarketData(app.bus);
  try {
    const live = await app.broker(spec.name);
    const instruments = await live.instruments();
    const traded = await tradedInstrument(live, options.symbol ?? config.marketData.symbols?.[0], instruments);
    const models = shadowModels(section, instruments, section.initialBalances ? {} : await balancesOf(live), traded.symbol);
    const sink = new PrometheusShadowMetrics({ registry: app.monitoring?.metrics.registry });
    const pairs = new PairWaiter();
    const broker = new ShadowBroker({
      live, bus: app.bus, clock: app.clock, logger: io.logger, metrics: sink, onCompared: (record) => pairs.compared(record),
      createShadow: (bus) => new PaperTradingBroker({ id: `${spec.name}-shadow`, config: models.paper, bus, clock: app.clock, logger: io.logger }),
    });
    shadow = broker;
    await broker.connect();
    early.stop();
    broker.seedMarketData(early.events());
    const url = await app.startMonitoring();
    io.out(`silvertine shadow: ${spec.name} (${spec.type}) mirrored into paper ${defaulted ? "with paper's default models (no shadow: section)" : `with the models of brokers.${spec.name}.shadow`}`);
    if (url) io.out(`silvertine shadow: dashboard ${url}/  metrics ${url}/metrics (silvertine_shadow_*)`);
    for (const note of models.notes) io.out(`silvertine shadow: note: ${note}`);
    if (options.orders === undefined && feed) await strategySession(app, broker, traded, feed, options.durationSeconds, io);
    else {
      const firstData = early.has(traded.symbol) ? Promise.resolve(true) : marketDataFor(app, traded.symbol);
      await withFeed(app, feed, async () => {
        // A venue whose book has not moved may stream nothing until it trades (the emulator's static book):
        // the probe then starts anyway, and the first mirror fails for want of a price, reported as such.
        if (!(await firstData)) io.out(`silvertine shadow: note: no market data for ${traded.symbol} after ${MARKET_DATA_WAIT_MS / 1000} s; starting anyway (paper cannot fill a mirror before its first price)`);
        await probe(broker, traded, options.orders ?? 0, options.quantity ?? defaultQuantity(traded), pairs, io);
      });
    }
    const report = shadowReport(spec.name, broker.recorder.records(), app.clock.now(), { includeOrders: true, paperModels: models.inUse, liquidity: models.liquidity });
    return { broker: spec.name, report, models };
  } finally {
    early.stop();
    // The app first (the factory disconnects the live broker through its safety stack), then the mirror.
    await app.close();
    await shadow?.disconnect();
  }
}

/** MARKET orders one after the other, alternating sides, each waiting for its pair to be compared. */
async function probe(broker: ShadowBroker, instrument: Instrument, count: number, quantity: Decimal, pairs: PairWaiter, io: CommandIo): Promise<void> {
  for (let i = 0; i < count; i++) {
    const order = await broker.placeOrder({ instrument, side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity });
    const finished = await pairs.wait(order.clientOrderId, PAIR_DEADLINE_MS);
    if (!finished) io.err(`silvertine shadow: order ${order.clientOrderId} did not finish on both sides within ${PAIR_DEADLINE_MS / 1000} s; it is reported as it stands`);
    io.progress(`silvertine shadow: ${i + 1}/${count} orders`);
  }
}

/**
 * Resolves true at the first market data for `symbol` on the bus (until then paper has no price to fill
 * a mirror at), false when none came within MARKET_DATA_WAIT_MS.
 */
function marketDataFor(app: AppContext, symbol: string): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      resolve(false);
    }, MARKET_DATA_WAIT_MS);
    const subscription = app.bus.on('MarketData', (event) => {
      if (event.data.symbol !== symbol) return;
      clearTimeout(timer);
      queueMicrotask(() => subscription.unsubscribe());
      resolve(true);
    }, 'shadow:first-market-data');
  });
}

/** Runs `action` with the configured feed (if any) publishing on the bus: the market both sides fill against. */
async function withFeed(app: AppContext, feed: MarketFeed | undefined, action: () => Promise<void>): Promise<void> {
  const replays = feed?.start(app.bus, app.clock) ?? [];
  try {
    await action();
  } finally {
    for (const r of replays) r.stop();
  }
}

/** The demo strategy on the shadowed broker, fed by the configured market data, until the data ends or the duration. */
async function strategySession(app: AppContext, broker: Broker, instrument: Instrument, feed: MarketFeed, durationSeconds: number | undefined, io: CommandIo): Promise<void> {
  const strategy = new SmaCrossoverStrategy(app.bus, { brokerId: broker.id, instrument, quantity: defaultQuantity(instrument) });
  strategy.start();
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  io.onInterrupt(stop);
  const timer = durationSeconds === undefined ? undefined : setTimeout(stop, durationSeconds * 1000);
  try {
    const replays = feed.start(app.bus, app.clock);
    await Promise.race([Promise.all(replays.map((r) => r.done)), stopped]);
    for (const r of replays) r.stop();
  } finally {
    if (timer) clearTimeout(timer);
    io.offInterrupt(stop);
    strategy.stop();
  }
}

/** The instrument to trade: the one named (or the feed's), else the broker's first. */
async function tradedInstrument(broker: Broker, symbol: string | undefined, instruments: readonly Instrument[]): Promise<Instrument> {
  const found = symbol === undefined ? instruments[0] : await broker.instrument(symbol);
  if (!found) throw new UserError(symbol === undefined ? `broker ${broker.id} lists no instrument to trade` : `broker ${broker.id} has no instrument ${symbol}`, EXIT.USAGE);
  return found;
}

/** The live broker's balances (total per asset): the paper mirror starts from what the account holds. */
async function balancesOf(broker: Broker): Promise<Record<string, Decimal>> {
  return Object.fromEntries((await broker.getBalances()).map((b) => [b.asset, b.total]));
}

/** 0.01 or the instrument's step when that is larger (as `silvertine run`). */
function defaultQuantity(instrument: Instrument): Decimal {
  const floor = Decimal.from('0.01');
  return instrument.stepSize.gt(floor) ? instrument.stepSize : floor;
}

/** Lets the probe wait for one order's pair (compared once both legs are final). */
class PairWaiter {
  private readonly done = new Set<string>();
  private readonly waiters = new Map<string, () => void>();

  compared(record: ShadowRecord): void {
    this.done.add(record.liveClientOrderId);
    this.waiters.get(record.liveClientOrderId)?.();
  }

  /** Resolves true when the pair is compared, false after `deadlineMs` (a safety net). */
  wait(clientOrderId: string, deadlineMs: number): Promise<boolean> {
    if (this.done.has(clientOrderId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), deadlineMs);
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(clientOrderId);
        resolve(ok);
      };
      this.waiters.set(clientOrderId, () => finish(true));
    });
  }
}

/** The latest MarketData event per symbol and kind on a bus, until stopped. */
class LatestMarketData {
  private readonly latest = new Map<string, MarketDataEvent>();
  private readonly subscription: Subscription;

  constructor(bus: EventBus) {
    this.subscription = bus.on('MarketData', (event) => {
      const key = `${event.data.symbol}\u0000${event.data.kind}`;
      this.latest.delete(key); // re-inserted last: the map keeps publication order
      this.latest.set(key, event);
    }, 'shadow:early-market-data');
  }

  has(symbol: string): boolean {
    return [...this.latest.values()].some((e) => e.data.symbol === symbol);
  }

  /** In the order they were last published. */
  events(): MarketDataEvent[] {
    return [...this.latest.values()];
  }

  stop(): void {
    this.subscription.unsubscribe();
  }
}
