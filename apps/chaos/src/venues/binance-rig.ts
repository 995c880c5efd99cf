import { BinanceBroker, binanceConfig, type BinanceConfig } from '@silvertine/binance';
import { startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import { EventBus, type Instrument, type Logger, type Order, type OrderRequestInput } from '@silvertine/core';
import {
  CircuitBreakerRegistry, FaultProxy, FileOrderJournal, KillSwitch, Reconciler,
  type JournalReplay, type ReconciliationReport, type VenueStateSource,
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

/**
 * Binance under test: emulator (+ optional FaultProxy) + BinanceBroker + the resilience layer (file
 * journal, circuit breakers, reconciler, kill switch), with the oracle's recorder attached.
 */
export class BinanceRig {
  readonly intents = new Set<string>();
  readonly circuits: CircuitBreakerRegistry;
  readonly reconciler: Reconciler;
  readonly recorder: LocalRecorder;
  readonly killSwitch: KillSwitch;
  readonly reads: BinanceSignedReads;
  private ownsEmulator: boolean;
  private venueSource: 'adapter' | 'emulator' = 'adapter';

  private constructor(
    readonly emulator: BinanceEmulator,
    readonly broker: BinanceBroker,
    readonly journal: FileOrderJournal,
    readonly proxy: FaultProxy | undefined,
    /** The broker's bus; the resilience components publish their alerts on it too. */
    readonly bus: EventBus,
  ) {
    this.ownsEmulator = false;
    this.circuits = new CircuitBreakerRegistry({ bus: this.bus, defaults: { openDurationMs: 5_000 } });
    this.reconciler = new Reconciler({ bus: this.bus });
    this.recorder = new LocalRecorder(broker);
    this.killSwitch = new KillSwitch({ brokers: [broker], bus: this.bus });
    this.reads = new BinanceSignedReads(emulator.url, BINANCE_API_KEY, BINANCE_API_SECRET);
    broker.addPreTradeCheck(this.circuits.preTradeCheck(broker.id));
    broker.addPreTradeCheck(this.reconciler.preTradeCheck(broker.id));
    this.killSwitch.install();
  }

  /** Starts (or reuses) an emulator and connects a broker to it, through a proxy if asked. */
  static async start(options: BinanceRigOptions): Promise<BinanceRig> {
    const emulator = options.emulator ?? (await startBinanceEmulator({
      port: 0, apiKey: BINANCE_API_KEY, apiSecret: BINANCE_API_SECRET, symbols: [BINANCE_SYMBOL],
      balances: { USDT: '10000000', BTC: '100' }, prices: { [BINANCE_SYMBOL]: '50000' }, pingIntervalMs: 200,
    }));
    const proxy = options.proxy ? new FaultProxy({ targetPort: emulator.port }) : undefined;
    const port = proxy ? await proxy.start() : emulator.port;
    const journal = new FileOrderJournal({ path: options.journalFile ?? join(options.tmpDir, 'binance.journal'), fsync: 'always' });
    await journal.open();
    const bus = new EventBus();
    const broker = new BinanceBroker({
      id: options.brokerId ?? 'binance-chaos', bus, logger: options.logger, journal,
      config: binanceConfig({
        apiKey: BINANCE_API_KEY, apiSecret: BINANCE_API_SECRET, environment: 'custom', baseUrl: `http://127.0.0.1:${port}`,
        wsApiUrl: `ws://127.0.0.1:${port}/ws-api/v3`, symbols: [BINANCE_SYMBOL],
        // Timeouts a loaded machine cannot reach by being slow: a pong or an answer late by a second is
        // not a fault (scenarios whose fault is a timeout set a short one of their own, and their faults
        // never answer at all). The half-open link is still found within 2.5 s.
        requestTimeoutMs: 5_000, pingIntervalMs: 500, pongTimeoutMs: 2_000, reconnectMinDelayMs: 30, reconnectMaxDelayMs: 300, unknownOrderCheckDelayMs: 50, unknownOrderMaxChecks: 3,
        ...options.config,
      }),
    });
    try {
      // A WebSocket handshake can miss its 1 s timeout on a loaded machine (a soak runs eight rigs at
      // once): a failed connect leaves nothing open, so it is tried again, at most three times.
      for (let attempt = 1; ; attempt++) {
        try {
          await broker.connect();
          break;
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (attempt >= 3 || (code !== 'TEMPORARY_CONNECTION' && code !== 'TIMEOUT')) throw error;
        }
      }
    } catch (error) {
      await journal.close();
      await proxy?.close();
      if (!options.emulator) await emulator.close();
      throw error;
    }
    const rig = new BinanceRig(emulator, broker, journal, proxy, bus);
    rig.ownsEmulator = !options.emulator;
    rig.venueSource = options.venueSource ?? 'adapter';
    const instrument = await broker.instrument(BINANCE_SYMBOL);
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

  /** Waits (bounded) until no order is UNKNOWN or PENDING_SUBMIT and the broker is CONNECTED. */
  async quiesce(ms = 3_000): Promise<boolean> {
    return settles(async () => this.broker.state === 'CONNECTED' && (await this.broker.getOpenOrders()).every((o) => o.status !== 'UNKNOWN' && o.status !== 'PENDING_SUBMIT'), ms);
  }

  /** The oracle: the emulator's record against the broker's view. */
  async verdict(note: (text: string) => void = () => undefined): Promise<OracleFigures> {
    const input = { intents: this.intents, venue: await binanceSnapshot(this.emulator, this.reads, [BINANCE_SYMBOL]), local: await this.recorder.view() };
    note(describeComparison(input));
    return judge(input);
  }

  /** Releases the broker, journal, proxy and (if it started it) the emulator. */
  async close(options: { keepEmulator?: boolean } = {}): Promise<void> {
    this.recorder.close();
    this.killSwitch.close();
    this.circuits.close();
    await this.broker.disconnect().catch(() => undefined);
    await this.journal.close();
    await this.proxy?.close();
    if (this.ownsEmulator && !options.keepEmulator) await this.emulator.close();
  }
}
