import { EventBus, dec, type Instrument, type Logger } from '@silvertine/core';
import { InteractiveBrokersBroker, type IbBrokerConfigInput } from '@silvertine/ib';
import { FaultProxy, FileOrderJournal, KillSwitch, Reconciler, type JournalReplay, type ReconciliationReport } from '@silvertine/resilience';
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

/** AAPL as the emulator's default contract table has it. */
export const AAPL: Instrument = { symbol: 'AAPL', assetClass: 'STK', quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1), exchange: 'SMART' };

let nextClientId = 100;

/** IB under test: TWS emulator + InteractiveBrokersBroker + file journal, reconciler, kill switch, recorder. */
export class IbRig {
  readonly intents = new Set<string>();
  readonly reconciler: Reconciler;
  readonly recorder: LocalRecorder;
  readonly killSwitch: KillSwitch;

  private constructor(
    readonly tws: TwsEmulator,
    readonly broker: InteractiveBrokersBroker,
    readonly journal: FileOrderJournal,
    readonly bus: EventBus,
    /** Between the broker and TWS when started with `proxy: true`. */
    readonly proxy?: FaultProxy,
  ) {
    this.reconciler = new Reconciler({ bus });
    this.recorder = new LocalRecorder(broker);
    this.killSwitch = new KillSwitch({ brokers: [broker], bus });
    broker.addPreTradeCheck(this.reconciler.preTradeCheck(broker.id));
    this.killSwitch.install();
  }

  static async start(options: { logger: Logger; tmpDir: string; config?: IbBrokerConfigInput; proxy?: boolean }): Promise<IbRig> {
    const tws = await startTwsEmulator({ port: 0, timerIntervalMs: 0 });
    tws.setPrice('AAPL', 150);
    const proxy = options.proxy ? new FaultProxy({ targetPort: tws.port }) : undefined;
    const port = proxy ? await proxy.start() : tws.port;
    const journal = new FileOrderJournal({ path: join(options.tmpDir, 'ib.journal'), fsync: 'always' });
    await journal.open();
    const bus = new EventBus();
    const broker = new InteractiveBrokersBroker({
      id: 'ib-chaos', bus, logger: options.logger, journal,
      config: { host: tws.host, port, clientId: nextClientId++, commissionWaitMs: 300, reconnect: { initialDelayMs: 30, maxDelayMs: 300 }, ...options.config },
    });
    try {
      await broker.connect();
    } catch (error) {
      await journal.close();
      await proxy?.close();
      await tws.close();
      throw error;
    }
    return new IbRig(tws, broker, journal, bus, proxy);
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

  /** Waits (bounded) for CONNECTED with no order UNKNOWN or PENDING_SUBMIT and fills' commissions joined. */
  async quiesce(ms = 3_000): Promise<boolean> {
    return settles(async () => this.broker.state === 'CONNECTED' && (await this.broker.getOpenOrders()).every((o) => o.status !== 'UNKNOWN' && o.status !== 'PENDING_SUBMIT')
      && (await this.recorder.view()).fillCounts.size >= this.tws.executions().length, ms);
  }

  async verdict(note: (text: string) => void = () => undefined): Promise<OracleFigures> {
    const input = { intents: this.intents, venue: ibSnapshot(this.tws), local: await this.recorder.view() };
    note(describeComparison(input));
    return judge(input);
  }

  async close(): Promise<void> {
    this.recorder.close();
    this.killSwitch.close();
    await this.broker.disconnect().catch(() => undefined);
    await this.journal.close();
    await this.proxy?.close();
    await this.tws.close();
  }
}
