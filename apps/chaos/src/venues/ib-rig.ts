import { dec, type EventBus, type Instrument, type Logger } from '@silvertine/core';
import type { InteractiveBrokersBroker, IbBrokerConfigInput } from '@silvertine/ib';
import { FaultProxy, type JournalReplay, type KillSwitch, type ManagedOrderJournal, type Reconciler, type ReconciliationReport } from '@silvertine/resilience';
import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';
import { join } from 'node:path';
import { settles } from '../harness/wait';
import { LocalRecorder } from '../oracle/local-recorder';
import { ibSnapshot } from '../oracle/ib-snapshot';
import { describeComparison, judge, type OracleFigures } from '../oracle/oracle';
import type { Intent } from '../harness/intents';
import { fillPositionView } from './fill-position.view';
import { IbEmulatorVenueState } from './ib-emulator-venue-state';
import type { PlaceOutcome } from './binance-rig';
import { composeRig, rigYaml, type ComposedRig } from './rig-composition';

/** AAPL as the emulator's default contract table has it. */
export const AAPL: Instrument = { symbol: 'AAPL', assetClass: 'STK', quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1), exchange: 'SMART' };

let nextClientId = 100;

/** A client id no other rig of this process uses (TWS refuses a second connection with the same one). */
export function freshClientId(): number {
  return nextClientId++;
}

/** The YAML of an IB rig or trading child: TWS (or the proxy) at `port`, short reconnect delays, the journal at `journalFile`. */
export function ibRigYaml(options: { readonly host: string; readonly port: number; readonly clientId: number; readonly journalFile: string; readonly brokerId: string; readonly config?: IbBrokerConfigInput }): string {
  return rigYaml({
    plugin: '@silvertine/ib', type: 'ib', name: options.brokerId, journalFile: options.journalFile,
    connection: { host: options.host, port: options.port, clientId: options.clientId, commissionWaitMs: 300, reconnect: { initialDelayMs: 30, maxDelayMs: 300 }, ...options.config },
  });
}

/** Options of one IB rig. */
export interface IbRigOptions {
  readonly logger: Logger;
  readonly tmpDir: string;
  readonly config?: IbBrokerConfigInput;
  /** Put a FaultProxy between the broker and TWS. */
  readonly proxy?: boolean;
  /** Reuse a running TWS emulator (restart scenarios); otherwise one is started and closed with the rig. */
  readonly tws?: TwsEmulator;
  readonly journalFile?: string;
  readonly brokerId?: string;
  /** The API client id (a restart takes the crashed process's one, as with real TWS); default a fresh one. */
  readonly clientId?: number;
}

/**
 * IB under test: TWS emulator + the product as `silvertine run` composes it from YAML
 * (@silvertine/composition: InteractiveBrokersBroker from the factory under resilience's safety stack:
 * file journal, reconciliation at connect and after every reconnect, kill switch), with the oracle's recorder.
 */
export class IbRig {
  readonly intents = new Set<string>();
  readonly broker: InteractiveBrokersBroker;
  /** The product's journal, reconciler and kill switch (the container's). */
  readonly journal: ManagedOrderJournal;
  readonly reconciler: Reconciler;
  readonly killSwitch: KillSwitch;
  readonly bus: EventBus;

  private constructor(
    readonly tws: TwsEmulator,
    private readonly product: ComposedRig<InteractiveBrokersBroker>,
    private readonly ownsTws: boolean,
    /** Attached to the bus before the broker was built: it saw the reconciliation at connect too. */
    readonly recorder: LocalRecorder,
    /** Between the broker and TWS when started with `proxy: true`. */
    readonly proxy?: FaultProxy,
  ) {
    this.broker = product.broker;
    this.journal = product.journal;
    this.reconciler = product.reconciler;
    this.killSwitch = product.killSwitch;
    this.bus = product.app.bus;
  }

  static async start(options: IbRigOptions): Promise<IbRig> {
    const tws = options.tws ?? (await startTwsEmulator({ port: 0, timerIntervalMs: 0 }));
    if (!options.tws) tws.setPrice('AAPL', 150);
    const proxy = options.proxy ? new FaultProxy({ targetPort: tws.port }) : undefined;
    let product: ComposedRig<InteractiveBrokersBroker>;
    let recorder: LocalRecorder | undefined;
    try {
      const port = proxy ? await proxy.start() : tws.port;
      const brokerId = options.brokerId ?? 'ib-chaos';
      const yaml = ibRigYaml({
        host: tws.host, port, clientId: options.clientId ?? freshClientId(), brokerId,
        journalFile: options.journalFile ?? join(options.tmpDir, 'ib', 'ib.journal'), config: options.config,
      });
      // TWS refuses nothing on a loaded machine the way a WebSocket handshake can: one attempt, as before.
      const lookup = { broker: undefined as InteractiveBrokersBroker | undefined };
      product = await composeRig<InteractiveBrokersBroker>({
        yaml, env: {}, brokerName: brokerId, logger: options.logger, attempts: 1,
        beforeBroker: (app) => (recorder = LocalRecorder.onBus(app.bus, brokerId, async (id) => lookup.broker?.getOrder(id))),
      });
      lookup.broker = product.broker;
    } catch (error) {
      recorder?.close();
      await proxy?.close();
      if (!options.tws) await tws.close();
      throw error;
    }
    if (!recorder) throw new Error('the recorder was not attached');
    return new IbRig(tws, product, !options.tws, recorder, proxy);
  }

  async place(intent: Intent): Promise<PlaceOutcome> {
    this.intents.add(intent.clientOrderId);
    try {
      return { order: await this.broker.placeOrder(intent) };
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return { error: { code: e.code ?? 'INTERNAL', message: e.message ?? String(error) } };
    }
  }

  reconcile(journal?: JournalReplay): Promise<ReconciliationReport> {
    // The adapter's IbVenueState and its live positions (what production runs); the emulator-backed
    // source stays for comparison and as the oracle's independent reader.
    return this.reconciler.reconcile({ broker: this.broker, venue: this.broker.venueState(), journal, since: 0 });
  }

  /** A pass against the emulator's own records with fill-based positions (independent of the adapter's reads). */
  reconcileWithEmulatorRecords(): Promise<ReconciliationReport> {
    return this.reconciler.reconcile({ broker: fillPositionView(this.broker, this.recorder), venue: new IbEmulatorVenueState(this.tws, new Map([['AAPL', AAPL]])), since: 0 });
  }

  /**
   * Connected and not blocked by the reconciler: the product reconciles after every reconnect (the
   * safety stack) and refuses orders until that pass has settled (fail closed).
   */
  tradable(): boolean {
    return this.broker.state === 'CONNECTED' && !this.reconciler.isBlocked(this.broker.id);
  }

  /** Waits (bounded) for tradable with no order UNKNOWN or PENDING_SUBMIT and fills' commissions joined. */
  async quiesce(ms = 3_000): Promise<boolean> {
    return settles(async () => this.tradable() && (await this.broker.getOpenOrders()).every((o) => o.status !== 'UNKNOWN' && o.status !== 'PENDING_SUBMIT')
      && (await this.recorder.view()).fillCounts.size >= this.tws.executions().length, ms);
  }

  async verdict(note: (text: string) => void = () => undefined): Promise<OracleFigures> {
    const input = { intents: this.intents, venue: ibSnapshot(this.tws), local: await this.recorder.view() };
    note(describeComparison(input));
    return judge(input);
  }

  async close(): Promise<void> {
    this.recorder.close();
    await this.product.close();
    await this.proxy?.close();
    if (this.ownsTws) await this.tws.close();
  }
}
