import type { BinanceBroker, BinanceConfig } from '@silvertine/binance';
import { startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import type { EventBus, Instrument, Logger, Order, OrderRequestInput } from '@silvertine/core';
import {
  CircuitBreakerRegistry, FaultProxy, type JournalReplay, type KillSwitch, type ManagedOrderJournal, type Reconciler, type ReconciliationReport, type VenueStateSource,
} from '@silvertine/resilience';
import { join } from 'node:path';
import type { OracleFigures } from '../oracle/oracle';
import { describeComparison, judge } from '../oracle/oracle';
import { binanceSnapshot } from '../oracle/binance-snapshot';
import { LocalRecorder } from '../oracle/local-recorder';
import { BINANCE_API_KEY, BINANCE_API_SECRET } from '../harness/secrets';
import { settles } from '../harness/wait';
import { BinanceEmulatorVenueState } from './binance-emulator-venue-state';
import { BinanceSignedReads } from './binance-signed-reads';
import { fillPositionView } from './fill-position.view';
import { composeRig, rigYaml, type ComposedRig } from './rig-composition';

/** The one symbol the Binance scenarios trade. */
export const BINANCE_SYMBOL = 'BTCUSDT';

/** Options of one Binance rig. */
export interface BinanceRigOptions {
  readonly logger: Logger;
  readonly tmpDir: string;
  /** Put a FaultProxy between the adapter and the emulator (REST and WebSocket). */
  readonly proxy?: boolean;
  readonly config?: Partial<BinanceConfig>;
  /** Reuse a running emulator (restart scenarios); otherwise one is started and closed with the rig. */
  readonly emulator?: BinanceEmulator;
  readonly journalFile?: string;
  readonly brokerId?: string;
  /**
   * Who the reconciler asks: the adapter's own `BinanceVenueState` with the broker's positions
   * (default, what production runs), or the emulator's records with fill-based positions (for a
   * scenario whose adapter cannot read the venue, e.g. still banned locally).
   */
  readonly venueSource?: 'adapter' | 'emulator';
}

/** What one place attempt ended with. */
export interface PlaceOutcome {
  readonly order?: Order;
  readonly error?: { readonly code: string; readonly message: string };
}

/** The credentials as the rig's YAML names them (the values come from the environment, as a user's would). */
export const BINANCE_ENV = { CHAOS_BINANCE_API_KEY: BINANCE_API_KEY, CHAOS_BINANCE_API_SECRET: BINANCE_API_SECRET } as const;

/**
 * The YAML of a Binance rig or trading child: the emulator's (or the proxy's) URLs on `port`, timeouts a
 * loaded machine cannot reach by being slow (a pong or an answer late by a second is not a fault;
 * scenarios whose fault is a timeout set a short one of their own, and their faults never answer at
 * all; the half-open link is still found within 2.5 s), and the journal at `journalFile`.
 */
export function binanceRigYaml(options: { readonly port: number; readonly journalFile: string; readonly brokerId: string; readonly config?: Partial<BinanceConfig> }): string {
  return rigYaml({
    plugin: '@silvertine/binance', type: 'binance', name: options.brokerId, journalFile: options.journalFile,
    credentials: { apiKey: '${CHAOS_BINANCE_API_KEY}', apiSecret: '${CHAOS_BINANCE_API_SECRET}' },
    connection: {
      environment: 'custom', baseUrl: `http://127.0.0.1:${options.port}`, wsApiUrl: `ws://127.0.0.1:${options.port}/ws-api/v3`,
      requestTimeoutMs: 5_000, pingIntervalMs: 500, pongTimeoutMs: 2_000, reconnectMinDelayMs: 30, reconnectMaxDelayMs: 300, unknownOrderCheckDelayMs: 50, unknownOrderMaxChecks: 3,
      ...options.config,
    },
    trading: { symbols: [BINANCE_SYMBOL] },
  });
}

/**
 * Binance under test: emulator (+ optional FaultProxy) + the product as `silvertine run` composes it from
 * YAML (@silvertine/composition: BinanceBroker from the factory under resilience's safety stack: file
 * journal, reconciliation at connect and after every reconnect, kill switch), with the oracle's recorder
 * attached. The orders circuit breaker around `place` is the rig's own (the product has none).
 */
export class BinanceRig {
  readonly intents = new Set<string>();
  readonly circuits: CircuitBreakerRegistry;
  readonly reads: BinanceSignedReads;
  /** The product's journal, reconciler and kill switch (the container's). */
  readonly journal: ManagedOrderJournal;
  readonly reconciler: Reconciler;
  readonly killSwitch: KillSwitch;
  /** The composition's bus; the resilience components publish their alerts on it too. */
  readonly bus: EventBus;
  readonly broker: BinanceBroker;
  private ownsEmulator: boolean;
  private venueSource: 'adapter' | 'emulator' = 'adapter';

  private constructor(
    readonly emulator: BinanceEmulator,
    private readonly product: ComposedRig<BinanceBroker>,
    readonly proxy: FaultProxy | undefined,
    /** Attached to the bus before the broker was built: it saw the reconciliation at connect too. */
    readonly recorder: LocalRecorder,
  ) {
    this.ownsEmulator = false;
    this.broker = product.broker;
    this.journal = product.journal;
    this.reconciler = product.reconciler;
    this.killSwitch = product.killSwitch;
    this.bus = product.app.bus;
    this.circuits = new CircuitBreakerRegistry({ bus: this.bus, defaults: { openDurationMs: 5_000 } });
    this.reads = new BinanceSignedReads(emulator.url, BINANCE_API_KEY, BINANCE_API_SECRET);
    this.broker.addPreTradeCheck(this.circuits.preTradeCheck(this.broker.id));
  }

  /** Starts (or reuses) an emulator and composes the product on it, through a proxy if asked. */
  static async start(options: BinanceRigOptions): Promise<BinanceRig> {
    const emulator = options.emulator ?? (await startBinanceEmulator({
      port: 0, apiKey: BINANCE_API_KEY, apiSecret: BINANCE_API_SECRET, symbols: [BINANCE_SYMBOL],
      balances: { USDT: '10000000', BTC: '100' }, prices: { [BINANCE_SYMBOL]: '50000' }, pingIntervalMs: 200,
    }));
    const proxy = options.proxy ? new FaultProxy({ targetPort: emulator.port }) : undefined;
    let product: ComposedRig<BinanceBroker>;
    let recorder: LocalRecorder | undefined;
    try {
      const port = proxy ? await proxy.start() : emulator.port;
      const brokerId = options.brokerId ?? 'binance-chaos';
      const yaml = binanceRigYaml({ port, brokerId, journalFile: options.journalFile ?? join(options.tmpDir, 'binance', 'binance.journal'), config: options.config });
      const lookup = { broker: undefined as BinanceBroker | undefined };
      product = await composeRig<BinanceBroker>({
        yaml, env: BINANCE_ENV, brokerName: brokerId, logger: options.logger,
        beforeBroker: (app) => (recorder = LocalRecorder.onBus(app.bus, brokerId, async (id) => lookup.broker?.getOrder(id))),
      });
      lookup.broker = product.broker;
    } catch (error) {
      recorder?.close();
      await proxy?.close();
      if (!options.emulator) await emulator.close();
      throw error;
    }
    if (!recorder) throw new Error('the recorder was not attached');
    const rig = new BinanceRig(emulator, product, proxy, recorder);
    rig.ownsEmulator = !options.emulator;
    rig.venueSource = options.venueSource ?? 'adapter';
    const instrument = await rig.broker.instrument(BINANCE_SYMBOL);
    if (!instrument) throw new Error(`${BINANCE_SYMBOL} not loaded from exchangeInfo`);
    rig.instrument = instrument;
    return rig;
  }

  /** BTCUSDT as exchangeInfo described it at connect. */
  instrument!: Instrument;

  /** The venue as the reconciler reads it (the adapter's own VenueStateSource when it exists). */
  venueState(): VenueStateSource {
    return this.venueSource === 'adapter' ? this.broker.venueState() : this.emulatorVenueState();
  }

  /** The emulator's records as a VenueStateSource (independent of the adapter's reads). */
  emulatorVenueState(): VenueStateSource {
    return new BinanceEmulatorVenueState(this.reads, new Map([[BINANCE_SYMBOL, this.instrument]]));
  }

  /** Switches the reconciler's source (see BinanceRigOptions.venueSource). */
  useVenueSource(source: 'adapter' | 'emulator'): void {
    this.venueSource = source;
  }

  /** Places one intent through the orders circuit breaker; never throws. */
  async place(input: OrderRequestInput & { clientOrderId: string }): Promise<PlaceOutcome> {
    this.intents.add(input.clientOrderId);
    try {
      const order = await this.circuits.breaker(this.broker.id, 'orders').execute(() => this.broker.placeOrder(input));
      return { order };
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return { error: { code: e.code ?? 'INTERNAL', message: e.message ?? String(error) } };
    }
  }

  /** Runs one reconciliation pass (after a reconnect or restart). */
  reconcile(journal?: JournalReplay): Promise<ReconciliationReport> {
    const broker = this.venueSource === 'adapter' ? this.broker : fillPositionView(this.broker, this.recorder);
    return this.reconciler.reconcile({ broker, venue: this.venueState(), journal, since: 0 });
  }

  /**
   * Connected and not blocked by the reconciler: the product reconciles after every reconnect (the
   * safety stack) and refuses orders until that pass has settled (fail closed).
   */
  tradable(): boolean {
    return this.broker.state === 'CONNECTED' && !this.reconciler.isBlocked(this.broker.id);
  }

  /** Waits (bounded) until no order is UNKNOWN or PENDING_SUBMIT and the broker is tradable. */
  async quiesce(ms = 3_000): Promise<boolean> {
    return settles(async () => this.tradable() && (await this.broker.getOpenOrders()).every((o) => o.status !== 'UNKNOWN' && o.status !== 'PENDING_SUBMIT'), ms);
  }

  /** The oracle: the emulator's record against the broker's view. */
  async verdict(note: (text: string) => void = () => undefined): Promise<OracleFigures> {
    const input = { intents: this.intents, venue: await binanceSnapshot(this.emulator, this.reads, [BINANCE_SYMBOL]), local: await this.recorder.view() };
    note(describeComparison(input));
    return judge(input);
  }

  /** Releases the product (broker, safety stack, journal), the proxy and (if it started it) the emulator. */
  async close(options: { keepEmulator?: boolean } = {}): Promise<void> {
    this.recorder.close();
    this.circuits.close();
    await this.product.close();
    await this.proxy?.close();
    if (this.ownsEmulator && !options.keepEmulator) await this.emulator.close();
  }
}
