import {
  BrokerError, ConfigurationError, Decimal, canTransitionOrder, createEvent, isOpenStatus, isTerminalStatus, systemClock,
  type BrokerPosition, type Clock, type EventBus, type Fill, type Order, type OrderRequest, type OrderStatus, type PreTradeCheck,
} from '@silvertine/core';
import { queuedOrderExpiry } from '../journal/disconnected-order.queue';
import { replayKey, type JournalReplay, type ReplayedOrder } from '../journal/journal-replay';
import type { PositionMismatch, ReconcilableBroker, ReconciliationReport, VenueStateSource } from './reconciliation.types';

/**
 * Refusal while a broker's state does not agree with its venue (fail closed). `inProgress`: refused only
 * because a reconcile pass had not ended (temporary: retryable, RECOVERABLE); otherwise the broker is
 * really blocked (a pass ended blocked or failed: an operator's business, not retryable).
 */
export class ReconciliationBlockedError extends BrokerError {
  readonly inProgress: boolean;

  constructor(message: string, brokerId: string, clientOrderId?: string, options: { readonly inProgress?: boolean } = {}) {
    const inProgress = options.inProgress === true;
    // CIRCUIT_OPEN: a definite "not sent", and the same operator meaning (trading halted on this broker).
    super('CIRCUIT_OPEN', inProgress ? 'RECOVERABLE' : 'CRITICAL', inProgress, message, { brokerId, clientOrderId });
    this.inProgress = inProgress;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), inProgress: this.inProgress };
  }
}

/** How `Reconciler.preTradeCheck` treats an order that arrives while a pass runs. */
export interface ReconciliationCheckOptions {
  /**
   * True when the broker's orders are held by `Reconciler.awaitPass` between their journal write and
   * their send (the SafetyStack's journal does that): the check lets them through during a pass and
   * refuses only real blocks. False (default): refused at once, retryable.
   */
  readonly holdDuringPass?: boolean;
}

export interface ReconcilerOptions {
  readonly clock?: Clock;
  readonly bus?: EventBus;
  /** How far back to ask for fills when no `since` is given (default 24 h). */
  readonly fillLookbackMs?: number;
}

export interface ReconcileInput {
  readonly broker: ReconcilableBroker;
  readonly venue: VenueStateSource;
  /** After a restart: the journal's replay, whose orders in flight are restored and resolved. */
  readonly journal?: JournalReplay;
  /** Ask the venue for fills since then (default now − fillLookbackMs). */
  readonly since?: number;
}

/** A running `watchContradictions`. */
export interface ContradictionWatch {
  /** Resolves when no pass started by the watch is running (a barrier for tests and shutdown). */
  idle(): Promise<void>;
  /** Stops watching and waits for a pass in flight. */
  stop(): Promise<void>;
}

/**
 * Brings a broker's view in line with its venue after every reconnect and restart: restores orders in
 * flight from the journal, resolves UNKNOWN submits by clientOrderId (never by resending), adopts orders
 * the venue has and we do not, closes orders the venue has closed, applies missed fills and infers the
 * ones the venue no longer lists. While positions still disagree, its pre-trade check refuses every new
 * order for that broker and a CRITICAL alert is raised. A broker is blocked from the start of a pass
 * until it succeeds. A pass that settles tells the broker (`reconciled()`), which lifts the per-symbol
 * blocks that contradicting venue fills put on it; `watchContradictions` runs a pass on each such fill.
 */
export class Reconciler {
  private readonly clock: Clock;
  private readonly blocked = new Map<string, string>();
  /** The pass running per broker (settles, never rejects). */
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly options: ReconcilerOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Fails closed: refuses orders of a broker whose last reconciliation did not agree. While a pass runs,
   * refuses them as retryable, or lets them through to be held by `awaitPass` (see the options).
   */
  preTradeCheck(brokerId: string, options: ReconciliationCheckOptions = {}): PreTradeCheck {
    return {
      name: 'reconciliation',
      check: (request: OrderRequest) => {
        const why = this.blocked.get(brokerId);
        if (why === undefined) return;
        const inProgress = this.running.has(brokerId);
        if (inProgress && options.holdDuringPass) return;
        throw new ReconciliationBlockedError(`orders blocked for ${brokerId}: ${why}`, brokerId, request.clientOrderId, { inProgress });
      },
    };
  }

  /** A reconcile pass of the broker is running. */
  isReconciling(brokerId: string): boolean {
    return this.running.has(brokerId);
  }

  /**
   * Holds an order (journaled, not yet sent) while the broker's reconcile pass runs, as the
   * disconnected-order queue holds one while the broker is down, and for as long at most (the queue's
   * `queuedOrderExpiry` from `queuedAt`: 60 s, 5 s for IOC/FOK, or the order's expireAt). Resolves when no
   * pass runs and the broker is not blocked; rejects with ReconciliationBlockedError when the broker is
   * blocked (a pass ended blocked or failed: not retryable) or the wait expired (in progress: retryable).
   */
  async awaitPass(brokerId: string, request: OrderRequest, queuedAt: number): Promise<void> {
    if (!this.running.has(brokerId) && !this.blocked.has(brokerId)) return;
    const waitMs = Math.max(0, queuedOrderExpiry(request, queuedAt) - this.clock.now());
    let timer: { cancel(): void } | undefined;
    const expired = new Promise<true>((resolve) => {
      timer = this.clock.setTimeout(() => resolve(true), waitMs);
    });
    try {
      for (let pass = this.running.get(brokerId); pass; pass = this.running.get(brokerId)) {
        if (await Promise.race([pass.then(() => false), expired])) {
          throw new ReconciliationBlockedError(`order ${request.clientOrderId} not sent: reconciliation of ${brokerId} still in progress after ${waitMs} ms`, brokerId, request.clientOrderId, { inProgress: true });
        }
      }
    } finally {
      timer?.cancel();
    }
    const why = this.blocked.get(brokerId);
    if (why !== undefined) throw new ReconciliationBlockedError(`orders blocked for ${brokerId}: ${why}`, brokerId, request.clientOrderId);
  }

  isBlocked(brokerId: string): boolean {
    return this.blocked.has(brokerId);
  }

  /** Blocks a broker until its next successful pass (e.g. on disconnect, before reconciling). */
  block(brokerId: string, reason: string): void {
    this.blocked.set(brokerId, reason);
  }

  async reconcile(input: ReconcileInput): Promise<ReconciliationReport> {
    const id = input.broker.id;
    this.block(id, 'reconciliation in progress');
    const result = this.reconcileBlocked(input);
    // Passes that overlap (a contradiction's and a reconnect's) are waited for together.
    const previous = this.running.get(id);
    const running = Promise.all([previous, result.then(() => undefined, () => undefined)]).then(() => undefined);
    this.running.set(id, running);
    void running.then(() => {
      if (this.running.get(id) === running) this.running.delete(id);
    });
    return result;
  }

  private async reconcileBlocked(input: ReconcileInput): Promise<ReconciliationReport> {
    const id = input.broker.id;
    // Fills the broker refuses during the pass (a venue fill contradicting its order) keep it unsettled.
    const contradictions: string[] = [];
    const watch = this.options.bus?.on('BrokerError', (e) => void (e.brokerId === id && e.code === 'VENUE_CONTRADICTION' && contradictions.push(e.message)), `reconciler:${id}`);
    try {
      return await this.pass(input, contradictions);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.block(id, `reconciliation failed: ${message}`);
      this.alert('CRITICAL', id, `reconciliation of ${id} failed, orders blocked: ${message}`);
      throw error;
    } finally {
      watch?.unsubscribe();
    }
  }

  /**
   * Runs a pass on `input` whenever its broker reports a venue contradiction (a BrokerError event of code
   * VENUE_CONTRADICTION on the bus of the options, which this needs): the venue is asked what really
   * happened, and a pass that settles lifts the block the contradiction put on the symbol. One pass at a
   * time, started outside the handler that reported the contradiction; contradictions while a pass runs are
   * part of that pass's result (it does not settle, the broker stays blocked and the alert stands), not a
   * reason for another pass, so a venue that keeps contradicting cannot loop it.
   */
  watchContradictions(input: ReconcileInput): ContradictionWatch {
    const bus = this.options.bus;
    if (!bus) throw new ConfigurationError('Reconciler.watchContradictions needs the event bus in its options');
    const id = input.broker.id;
    let running: Promise<void> | undefined;
    const subscription = bus.on('BrokerError', (e) => {
      if (e.brokerId !== id || e.code !== 'VENUE_CONTRADICTION' || running) return;
      // A failed pass has already alerted and left the broker blocked: nothing more to do with its error.
      running = Promise.resolve()
        .then(() => this.reconcile(input))
        .then(() => undefined, () => undefined)
        .finally(() => { running = undefined; });
    }, `reconciler-watch:${id}`);
    return {
      idle: async () => { while (running) await running; },
      stop: async () => {
        subscription.unsubscribe();
        while (running) await running;
      },
    };
  }

  private async pass({ broker, venue, journal, since }: ReconcileInput, contradictions: readonly string[]): Promise<ReconciliationReport> {
    const id = broker.id;
    const now = this.clock.now();
    const restored: string[] = [];
    const adopted: string[] = [];
    const journalClosed: string[] = [];
    const resolvedUnknown: { clientOrderId: string; status: OrderStatus }[] = [];
    const closed: { clientOrderId: string; status: OrderStatus }[] = [];
    const appliedFills: string[] = [];
    const inferredFills: string[] = [];
    const conflicts = new Set<string>();
    const closedHere = (order: Order | undefined) => order !== undefined && !isOpenStatus(order.status) && order.status !== 'FILLED';

    // The journal's orders name their venue ids: the venue needs no lookup to attribute their trades.
    const journaled = journal ? [...journal.orders.values()].flatMap((e) => (e.brokerId === id && e.lastOrder?.venueOrderId !== undefined ? [e.lastOrder] : [])) : undefined;
    const [venueOpen, venueFills] = await Promise.all([venue.openOrders(), venue.recentFills(since ?? now - (this.options.fillLookbackMs ?? 86_400_000), journaled)]);
    const venueById = new Map(venueOpen.map((o) => [o.clientOrderId, o]));
    const lookup = async (clientOrderId: string) => venueById.get(clientOrderId) ?? (await venue.orderByClientId(clientOrderId));

    // 1. After a restart: orders the journal has in flight that this process does not track yet.
    for (const entry of journal?.inFlight.filter((o) => o.brokerId === id) ?? []) {
      if (await broker.getOrder(entry.clientOrderId)) continue;
      const atVenue = await lookup(entry.clientOrderId);
      // Never seen by the venue: it died between journal and send; record it as rejected, never resend.
      // Held by the venue exactly as the journal last recorded it (the resting order an earlier command
      // placed, the common case): ours, nothing new to journal, so restored quietly, not as a stranger.
      const unchanged = atVenue !== undefined && entry.lastOrder !== undefined && atVenue.status === entry.lastOrder.status && atVenue.filledQuantity.eq(entry.lastOrder.filledQuantity);
      broker.adoptOrder(atVenue ?? neverSent(entry, now), unchanged ? { from: 'journal' } : undefined);
      restored.push(entry.clientOrderId);
      this.applyJournalFills(broker, entry);
    }

    // 2. Orders open here: resolve UNKNOWN by clientOrderId (never by resending), close what the venue closed.
    for (const local of await broker.getOpenOrders()) {
      const atVenue = await lookup(local.clientOrderId);
      const target: OrderStatus = atVenue ? baseStatus(atVenue) : local.status === 'ACCEPTED' || local.status === 'PENDING_CANCEL' ? 'CANCELED' : 'REJECTED';
      if (target !== local.status && canTransitionOrder(local.status, target) && !(target === 'ACCEPTED' && local.filledQuantity.isPositive())) {
        broker.reconcileStatus(local.clientOrderId, target, { venueOrderId: atVenue?.venueOrderId, rejectReason: atVenue ? undefined : 'not found at venue' });
      }
      const found = atVenue?.status ?? target;
      if (local.status === 'UNKNOWN') resolvedUnknown.push({ clientOrderId: local.clientOrderId, status: found });
      else if (!isOpenStatus(found)) closed.push({ clientOrderId: local.clientOrderId, status: found });
    }

    // 3. Orders open at the venue that we never knew (placed by another process, or journal lost).
    for (const order of venueOpen) {
      const known = await broker.getOrder(order.clientOrderId);
      if (known) {
        if (closedHere(known)) conflicts.add(order.clientOrderId);
        continue;
      }
      broker.adoptOrder(order);
      adopted.push(order.clientOrderId);
    }

    // 4. Fills: apply every venue fill (deduplicated by tradeId); adopt the order of an unknown one first.
    // An unknown order the journal closed with every fill the venue lists (an earlier process's own, the
    // common case after a busy run) is tracked again from the journal, with its journaled fills: no venue
    // lookup, no warning, and the ledger ends as it would from the venue's copy (positions compare alike).
    const settled = journal ? settledInJournal(journal, id, venueFills, venueById) : new Map<string, ReplayedOrder>();
    for (const fill of [...venueFills].sort((a, b) => a.timestamp - b.timestamp)) {
      const known = await broker.getOrder(fill.clientOrderId);
      // A venue trade of an order we hold as REJECTED: the venue did accept it (a late arrival).
      if (known?.status === 'REJECTED') {
        conflicts.add(fill.clientOrderId);
        continue;
      }
      const closedInJournal = known ? undefined : settled.get(fill.clientOrderId);
      if (closedInJournal?.lastOrder) {
        // Neither the order nor its fills are journaled again: the journal holds them (a read-only
        // command appended ~3 records per order to it, every run).
        broker.adoptOrder(closedInJournal.lastOrder, { from: 'journal' });
        journalClosed.push(fill.clientOrderId);
        for (const journaled of closedInJournal.fills) broker.reconcileFill(journaled, { from: 'journal' });
      } else if (!known) {
        const order = await venue.orderByClientId(fill.clientOrderId);
        if (!order) continue;
        broker.adoptOrder(order);
        adopted.push(order.clientOrderId);
      }
      if (broker.reconcileFill(fill)) appliedFills.push(fill.tradeId);
    }

    // 5. Filled quantity the venue reports beyond the fills we have: infer one fill for the gap.
    for (const clientOrderId of new Set([...restored, ...adopted, ...resolvedUnknown.map((r) => r.clientOrderId), ...closed.map((c) => c.clientOrderId), ...venueById.keys()])) {
      const local = await broker.getOrder(clientOrderId);
      const atVenue = await lookup(clientOrderId);
      if (!local || !atVenue || !atVenue.filledQuantity.gt(local.filledQuantity)) continue;
      const fill = inferFill(local, atVenue, now);
      if (broker.reconcileFill(fill)) inferredFills.push(fill.tradeId);
    }

    // 6. Positions: fail closed while they disagree.
    const mismatches = comparePositions(await broker.localPositions(), await venue.positions());

    // 7. After a restart: bracket entries that filled may have lost their exits with the process.
    const resumed = journal && broker.resumeBracketExits ? await this.filledBracketEntries(broker, journal) : [];
    if (resumed.length) await broker.resumeBracketExits?.(resumed);
    const report: ReconciliationReport = {
      brokerId: id, at: now, adopted, journalClosed, restored, resolvedUnknown, closed, appliedFills, inferredFills, positionMismatches: mismatches,
      bracketEntries: resumed.map((o) => o.clientOrderId), contradictions: [...contradictions],
      conflicts: [...conflicts], blocked: mismatches.length > 0 || conflicts.size > 0 || contradictions.length > 0,
    };
    if (contradictions.length) {
      this.block(id, `venue fills contradicted their orders during reconciliation: ${contradictions.join('; ')}`);
      this.alert('CRITICAL', id, `${id}: ${contradictions.length} venue fill(s) contradicted their orders during reconciliation; new orders blocked until an operator resolves them`);
    } else if (conflicts.size) {
      this.block(id, `orders closed here are live at the venue: ${[...conflicts].join(', ')}`);
      this.alert('CRITICAL', id, `${id}: ${conflicts.size} order(s) closed here are working or trading at the venue; new orders blocked until an operator resolves them`, {
        orders: [...conflicts].join(','),
      });
    } else if (mismatches.length) {
      this.block(id, `positions disagree on ${mismatches.map((m) => m.symbol).join(', ')}`);
      this.alert('CRITICAL', id, `positions of ${id} disagree with the venue; new orders blocked`, {
        symbols: mismatches.map((m) => `${m.symbol}:${m.local}/${m.venue}`).join(','),
      });
    } else {
      this.blocked.delete(id);
      broker.reconciled?.();
      if (adopted.length || restored.length || resolvedUnknown.length || closed.length || appliedFills.length || inferredFills.length) {
        this.alert('WARNING', id, `reconciled ${id}: ${adopted.length} adopted, ${restored.length} restored, ${resolvedUnknown.length} unknown resolved, ${closed.length} closed, ${appliedFills.length + inferredFills.length} fills recovered`);
      }
    }
    return report;
  }

  /**
   * Journaled bracket entries of this broker that are closed with a filled quantity: per the journal, or
   * per the broker once this pass has restored or adopted them (an entry in flight at the crash). Each
   * carries its journaled request: an order adopted from the venue has lost its bracket.
   */
  private async filledBracketEntries(broker: ReconcilableBroker, journal: JournalReplay): Promise<Order[]> {
    const out: Order[] = [];
    for (const entry of journal.orders.values()) {
      if (entry.brokerId !== broker.id || !entry.request.bracket) continue;
      const known = (await broker.getOrder(entry.clientOrderId)) ?? entry.lastOrder;
      if (known && isTerminalStatus(known.status) && known.filledQuantity.isPositive()) out.push({ ...known, request: entry.request });
    }
    return out;
  }

  /** The journal's fills of a restored order: recorded already, so applied without being journaled again. */
  private applyJournalFills(broker: ReconcilableBroker, entry: ReplayedOrder): void {
    for (const fill of entry.fills) broker.reconcileFill(fill, { from: 'journal' });
  }

  private alert(severity: 'WARNING' | 'CRITICAL', brokerId: string, message: string, details?: Record<string, string>): void {
    this.options.bus?.publish(createEvent({ type: 'Alert', severity, source: 'reconciliation', brokerId, message, details }, this.clock.now()));
  }
}

/**
 * Orders of `brokerId` that the venue no longer lists as open and that the journal holds closed (a
 * terminal status) with every fill the venue lists for them (same tradeId and quantity) and a filled
 * quantity its fills account for, by clientOrderId. A venue fill the journal lacks leaves the order out:
 * it is adopted from the venue and repaired as any unknown order.
 */
function settledInJournal(journal: JournalReplay, brokerId: string, venueFills: readonly Fill[], venueOpen: ReadonlyMap<string, Order>): Map<string, ReplayedOrder> {
  const byOrder = new Map<string, Fill[]>();
  for (const fill of venueFills) {
    const list = byOrder.get(fill.clientOrderId);
    if (list) list.push(fill);
    else byOrder.set(fill.clientOrderId, [fill]);
  }
  const out = new Map<string, ReplayedOrder>();
  for (const [clientOrderId, fills] of byOrder) {
    const entry = journal.orders.get(replayKey(brokerId, clientOrderId));
    if (!entry?.lastOrder || !isTerminalStatus(entry.lastOrder.status) || venueOpen.has(clientOrderId)) continue;
    const journaled = new Map(entry.fills.map((f) => [f.tradeId, f]));
    if (!fills.every((f) => journaled.get(f.tradeId)?.quantity.eq(f.quantity))) continue;
    if (!Decimal.sum(entry.fills.map((f) => f.quantity)).eq(entry.lastOrder.filledQuantity)) continue;
    out.set(clientOrderId, entry);
  }
  return out;
}

/** The status to move to before fills are applied (fills themselves produce PARTIALLY_FILLED/FILLED). */
function baseStatus(order: Order): OrderStatus {
  return order.status === 'PARTIALLY_FILLED' || order.status === 'FILLED' ? 'ACCEPTED' : order.status;
}

function neverSent(entry: ReplayedOrder, now: number): Order {
  return {
    request: entry.request, clientOrderId: entry.clientOrderId, status: 'REJECTED', filledQuantity: Decimal.ZERO,
    remainingQuantity: entry.request.quantity, createdAt: entry.submittedAt ?? now, updatedAt: now, rejectReason: 'not found at venue after restart',
  };
}

/** A fill standing for executions the venue no longer lists; its tradeId is stable, so re-runs dedupe. */
function inferFill(local: Order, venue: Order, now: number): Fill {
  const gap = venue.filledQuantity.minus(local.filledQuantity);
  // Price of the missing part from the venue's average: (avg × filled − our notional) / gap.
  const venueNotional = (venue.averageFillPrice ?? venue.request.limitPrice ?? Decimal.ZERO).times(venue.filledQuantity);
  const localNotional = (local.averageFillPrice ?? Decimal.ZERO).times(local.filledQuantity);
  const price = gap.isZero() ? Decimal.ZERO : venueNotional.minus(localNotional).div(gap);
  return {
    tradeId: `inferred:${local.clientOrderId}:${venue.filledQuantity.toString()}`, clientOrderId: local.clientOrderId,
    venueOrderId: venue.venueOrderId, symbol: local.request.instrument.symbol, side: local.request.side, quantity: gap, price,
    commission: Decimal.ZERO, commissionAsset: local.request.instrument.quoteAsset, liquidity: 'TAKER', timestamp: now,
  };
}

/** Symbols whose signed quantities differ (a symbol missing on one side counts as zero). */
export function comparePositions(local: readonly BrokerPosition[], venue: readonly BrokerPosition[]): PositionMismatch[] {
  const sum = (list: readonly BrokerPosition[]) => {
    const m = new Map<string, Decimal>();
    for (const p of list) m.set(p.instrument.symbol, (m.get(p.instrument.symbol) ?? Decimal.ZERO).plus(p.quantity));
    return m;
  };
  const l = sum(local);
  const v = sum(venue);
  const out: PositionMismatch[] = [];
  for (const symbol of new Set([...l.keys(), ...v.keys()])) {
    const a = l.get(symbol) ?? Decimal.ZERO;
    const b = v.get(symbol) ?? Decimal.ZERO;
    if (!a.eq(b)) out.push({ symbol, local: a.toString(), venue: b.toString() });
  }
  return out.sort((x, y) => x.symbol.localeCompare(y.symbol));
}
