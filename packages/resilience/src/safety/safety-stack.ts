import { distinctUntilChanged, filter, skip, type Subscription } from 'rxjs';
import { Decimal, createSilentLogger, systemClock, type Broker, type Clock, type Logger, type Order, type OrderJournal, type OrderRequest, type PreTradeCheck } from '@silvertine/core';
import type { JournalStore } from '../journal/journal-record';
import type { JournalReplay } from '../journal/journal-replay';
import type { KillSwitch } from '../kill-switch/kill-switch';
import type { ContradictionWatch, Reconciler } from '../reconciliation/reconciler';
import { reconciliationTarget } from './venue-reconciliation';

/** A journal the stack opens before the first broker is built and closes at the end. */
export type ManagedOrderJournal = OrderJournal & JournalStore & { open?(): Promise<void>; close?(): Promise<void> };

/** Which broker the stack is asked about (the shape of @silvertine/config's BrokerBuildInfo). */
export interface SafetyStackBrokerInfo {
  readonly name: string;
  readonly type: string;
}

export interface SafetyStackOptions {
  /** Written before any I/O of every guarded broker's orders; replayed at open for the first reconciliation. */
  readonly journal?: ManagedOrderJournal;
  /** Reconciles guarded brokers that offer venue state; omit to reconcile nothing. */
  readonly reconciler?: Reconciler;
  /** Reconcile right after connect (with the journal's replay the first time): default true. */
  readonly reconcileOnConnect?: boolean;
  /** Reconcile after every reconnect: default true. */
  readonly reconcileOnReconnect?: boolean;
  readonly killSwitch?: KillSwitch;
  /** Broker types the stack guards (default every type but `paper`, whose venue lives in this process). */
  readonly guards?: (info: SafetyStackBrokerInfo) => boolean;
  readonly logger?: Logger;
  /** Dates the journal's record of an order refused after waiting for a reconcile pass (default system). */
  readonly clock?: Clock;
}

/** Default: everything but paper. A paper backtest must fill the same with or without the stack. */
export const guardsLiveBrokers = (info: SafetyStackBrokerInfo): boolean => info.type !== 'paper';

/**
 * The resilience layer around live brokers, as one service with the shape of @silvertine/config's
 * BrokerLifecycle (the factory calls it for every broker): it opens the order journal and reads its
 * replay before the first broker is built, gives guarded brokers the journal and the kill switch's and
 * reconciler's pre-trade checks, reconciles each with its venue after connect (restoring what the
 * journal had in flight) and after every reconnect, and puts it under the kill switch.
 */
export class SafetyStack {
  private opened?: Promise<JournalReplay | undefined>;
  private readonly guards: (info: SafetyStackBrokerInfo) => boolean;
  private readonly logger: Logger;
  private readonly watchers = new Map<Broker, Subscription>();
  /** Per guarded broker: a reconcile pass on every venue fill that contradicts its order. */
  private readonly contradictionWatches = new Map<Broker, ContradictionWatch>();
  /** Brokers already given the journal's replay (only their first reconciliation restores from it). */
  private readonly restored = new Set<string>();
  /** The journal given to guarded brokers: it holds each order, once written, while a reconcile pass runs. */
  private holdingJournal?: OrderJournal;
  /** Brokers given `holdingJournal` (the factory takes the first journal a hook offers). */
  private readonly held = new Set<string>();

  constructor(private readonly options: SafetyStackOptions) {
    this.guards = options.guards ?? guardsLiveBrokers;
    this.logger = (options.logger ?? createSilentLogger()).child({ component: 'safety-stack' });
  }

  /** Opens the journal and reads its replay, and restores the kill switch's state; once. */
  open(): Promise<JournalReplay | undefined> {
    this.opened ??= (async () => {
      await this.options.killSwitch?.restore();
      const journal = this.options.journal;
      if (!journal) return undefined;
      await journal.open?.();
      const replay = await journal.replay();
      if (replay.truncatedTail || replay.corruptRecords) this.logger.warn('order journal had damaged records', { truncatedTail: replay.truncatedTail, corruptRecords: replay.corruptRecords });
      this.logger.info('order journal opened', { records: replay.records, inFlight: replay.inFlight.length });
      return replay;
    })();
    return this.opened;
  }

  async beforeCreate(info: SafetyStackBrokerInfo): Promise<void> {
    if (this.guards(info)) await this.open();
  }

  /**
   * With a reconciler, the journal holds an order once written while its broker's reconcile pass runs (an
   * order placed right after CONNECTED waits for the pass after the reconnect, as one placed while
   * disconnected waits in the queue), then lets it go, or refuses it if the pass ended blocked.
   */
  orderJournal(info: SafetyStackBrokerInfo): OrderJournal | undefined {
    if (!this.guards(info)) return undefined;
    const { journal, reconciler } = this.options;
    if (!journal || !reconciler) return journal;
    this.holdingJournal ??= this.holdWhileReconciling(journal, reconciler);
    this.held.add(info.name);
    return this.holdingJournal;
  }

  preTradeChecks(info: SafetyStackBrokerInfo): readonly PreTradeCheck[] {
    if (!this.guards(info)) return [];
    return [...(this.options.killSwitch ? [this.options.killSwitch.preTradeCheck()] : []), ...(this.options.reconciler ? [this.reconciliationCheck(this.options.reconciler, info.name)] : [])];
  }

  /** Orders during a pass: held by the journal when the broker writes to the stack's, else refused (retryable). */
  private reconciliationCheck(reconciler: Reconciler, name: string): PreTradeCheck {
    const holding = reconciler.preTradeCheck(name, { holdDuringPass: true });
    const refusing = reconciler.preTradeCheck(name);
    return { name: holding.name, check: (request, context) => (this.held.has(name) ? holding : refusing).check(request, context) };
  }

  async afterConnect(broker: Broker, info: SafetyStackBrokerInfo): Promise<void> {
    if (!this.guards(info)) return;
    const replay = await this.open();
    if (this.options.reconcileOnConnect !== false) await this.reconcile(broker, replay);
    if (this.options.reconcileOnReconnect !== false && this.options.reconciler) {
      // a later transition to CONNECTED (not the current state): the venue may have moved meanwhile
      this.watchers.set(broker, broker.state$.pipe(distinctUntilChanged(), skip(1), filter((s) => s === 'CONNECTED')).subscribe(() => {
        this.reconcile(broker, undefined).catch((error: unknown) => this.logger.warn('reconciliation after reconnect failed; orders stay blocked', { brokerId: broker.id, error: describe(error) }));
      }));
    }
    this.watchContradictions(broker);
    await this.options.killSwitch?.addBroker(broker);
  }

  beforeDisconnect(broker: Broker): void {
    this.watchers.get(broker)?.unsubscribe();
    this.watchers.delete(broker);
    void this.contradictionWatches.get(broker)?.stop();
    this.contradictionWatches.delete(broker);
    this.options.killSwitch?.removeBroker(broker);
  }

  /** Stops watching, closes the journal (flushing it) and the kill switch. */
  async close(): Promise<void> {
    for (const watcher of this.watchers.values()) watcher.unsubscribe();
    this.watchers.clear();
    await Promise.all([...this.contradictionWatches.values()].map((watch) => watch.stop()));
    this.contradictionWatches.clear();
    this.options.killSwitch?.close();
    if (this.opened) await this.options.journal?.close?.();
  }

  /**
   * `journal`, whose recordSubmit (awaited by the broker before the order leaves) then waits for the
   * broker's reconcile pass (Reconciler.awaitPass), and checks the kill switch again if it waited. A refusal
   * is journaled as the order REJECTED (it never left) before it reaches the caller.
   */
  private holdWhileReconciling(journal: OrderJournal, reconciler: Reconciler): OrderJournal {
    const clock = this.options.clock ?? systemClock;
    const killSwitch = this.options.killSwitch?.preTradeCheck();
    return {
      recordSubmit: async (brokerId, request, at) => {
        await journal.recordSubmit(brokerId, request, at);
        if (!reconciler.isReconciling(brokerId) && !reconciler.isBlocked(brokerId)) return;
        try {
          await reconciler.awaitPass(brokerId, request, at);
          killSwitch?.check(request, { brokerId, now: clock.now(), openOrders: [] });
        } catch (error) {
          journal.recordUpdate(brokerId, refused(request, at, clock.now(), describe(error)));
          throw error;
        }
      },
      recordUpdate: (brokerId, order) => journal.recordUpdate(brokerId, order),
      recordFill: (brokerId, fill) => journal.recordFill(brokerId, fill),
    };
  }

  /**
   * A venue fill that contradicts its order blocks its symbol on the broker until a reconcile pass settles:
   * start that pass at once (the reconciler needs its bus for this; without one, passes after connects only).
   */
  private watchContradictions(broker: Broker): void {
    const target = this.options.reconciler ? reconciliationTarget(broker) : undefined;
    if (!target || !this.options.reconciler || this.contradictionWatches.has(broker)) return;
    try {
      this.contradictionWatches.set(broker, this.options.reconciler.watchContradictions({ broker: target.broker, venue: target.venue }));
    } catch (error) {
      this.logger.warn('venue contradictions will wait for the next reconnect to be reconciled', { brokerId: broker.id, error: describe(error) });
    }
  }

  private async reconcile(broker: Broker, replay: JournalReplay | undefined): Promise<void> {
    const target = this.options.reconciler ? reconciliationTarget(broker) : undefined;
    if (!target || !this.options.reconciler) return;
    const first = !this.restored.has(broker.id);
    this.restored.add(broker.id);
    const report = await this.options.reconciler.reconcile({ broker: target.broker, venue: target.venue, journal: first ? replay : undefined });
    this.logger.info('reconciled with the venue', {
      // journalClosed: an earlier process's orders the journal had closed, restored from it (routine after
      // any run); adopted: orders found at the venue only (worth a look).
      brokerId: broker.id, adopted: report.adopted.length, journalClosed: report.journalClosed.length, restored: report.restored.length, resolvedUnknown: report.resolvedUnknown.length,
      closed: report.closed.length, appliedFills: report.appliedFills.length, blocked: report.blocked,
    });
  }
}

/** An order journaled, then refused before it left the process. */
function refused(request: OrderRequest, at: number, now: number, reason: string): Order {
  return {
    request, clientOrderId: request.clientOrderId, status: 'REJECTED', filledQuantity: Decimal.ZERO, remainingQuantity: request.quantity,
    createdAt: at, updatedAt: now, rejectReason: reason,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
