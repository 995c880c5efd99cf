import { BehaviorSubject, Observable, Subject, Subscription } from 'rxjs';
import { monotonicNow, systemClock, type Clock } from '../clock/clock';
import type { BrokerAccountInfo, BrokerBalance, BrokerPosition } from '../domain/account';
import type { Instrument } from '../domain/instrument';
import { PositionLedger } from '../portfolio/position-ledger';
import type { ReconcilableBroker } from '../reconciliation/reconcilable-broker';
import { payloadExcerpt } from './payload-excerpt';
import { Decimal } from '../decimal/decimal';
import { isTerminalStatus, type Fill, type Order, type OrderRequest, type OrderRequestInput, type OrderStatus } from '../domain/order';
import { BrokerError, isBrokerError } from '../errors/broker-error';
import {
  DuplicateOrderError, InternalError, NotSupportedError, OrderNotFoundError, OrderNotSentError, TemporaryConnectionError, UnknownOrderStatusError,
  VenueContradictionError, VenuePayloadError,
} from '../errors/errors';
import { Broadcast } from '../events/broadcast';
import { EventBus } from '../events/event-bus';
import { createEvent, newEventId } from '../events/event-factory';
import type { FillEvent, OrderEvent, OrderUpdateEvent } from '../events/events';
import { ClientOrderIdGenerator } from '../ids/client-order-id';
import { createSilentLogger, type Logger } from '../logging/logger';
import { noopLogger } from '../logging/noop-logger';
import { NoopMetricsSink, type MetricsSink } from '../metrics/metrics-sink';
import type { OrderStateMachine, OrderTransitionPatch } from '../orders/order-state-machine';
import type { OrderJournal } from '../journal/order-journal';
import type { PreTradeCheck, PreTradeContext } from '../risk/pre-trade-check';
import { OrderTracker } from '../orders/order-tracker';
import type { FillContradiction, VenueContradiction } from '../orders/fill-check';
import { FillGuard } from './fill-guard';
import type { Broker, SubmitAcknowledgement } from './broker';
import type { BrokerInit } from './broker-init';
import { assertSupported, type BrokerCapabilities } from './capabilities';
import { assertConnectionTransition, type ConnectionState } from './connection-state';
import { normalizeOrderRequest } from './order-request';
import { validateOrderRequest } from './order-validator';

/** Error codes that mean the venue definitely did not take the order. */
const DEFINITE_REJECTIONS = new Set<BrokerError['code']>([
  'INVALID_ORDER', 'INSUFFICIENT_FUNDS', 'DUPLICATE_ORDER', 'NOT_SUPPORTED', 'AUTHENTICATION',
  'ACCOUNT_SUSPENDED', 'EXCHANGE_MAINTENANCE', 'RATE_LIMIT', 'CIRCUIT_OPEN', 'KILL_SWITCH', 'CONFIGURATION', 'NOT_SENT', 'RECONCILING',
]);

/**
 * Base class of every broker. It owns what must be identical everywhere: request validation, the order
 * state machine, deduplication of fills, publication on the bus, bus subscription, connection states
 * and metrics. A venue adapter implements only the `*Venue` methods and the reads, and reports what
 * the venue says through `applyVenueStatus` and `applyVenueFill`.
 */
export abstract class AbstractBroker<TConfig = unknown> implements Broker, ReconcilableBroker {
  readonly id: string;
  abstract readonly capabilities: BrokerCapabilities;

  protected readonly config: TConfig;
  protected readonly bus: EventBus;
  protected readonly clock: Clock;
  protected readonly logger: Logger;
  protected readonly metrics: MetricsSink;
  protected readonly tracker: OrderTracker;
  protected readonly journal?: OrderJournal;
  /**
   * Positions built from the fills this broker applied: `localPositions()`. Every new fill is applied
   * here by the base class, so adapters keep no ledger of their own.
   */
  protected readonly positionLedger = new PositionLedger();
  /** Instruments known to this broker (`registerInstruments`, or `lookupInstrument` results). */
  private readonly instrumentCatalog = new Map<string, Instrument>();
  private readonly clientOrderIds: ClientOrderIdGenerator;
  private readonly preTradeChecks: PreTradeCheck[];
  private readonly measuresLatency: boolean;
  private readonly logsOrders: boolean;

  private readonly stateSubject = new BehaviorSubject<ConnectionState>('DISCONNECTED');
  // Broadcasts, not Subjects: called for every order change and fill, and a Subject allocates per call.
  private readonly orderSubject = new Broadcast<Order>();
  private readonly fillSubject = new Broadcast<Fill>();
  /** Above 0 while a journal-restored order or fill is applied (see `restoringFromJournal`). */
  private restoringDepth = 0;
  /** Ids between validation and tracking (while the journal writes), so a duplicate cannot slip in. */
  private readonly reservedIds = new Set<string>();
  /** Cumulative quantities and blocked symbols of the fill checks. */
  private readonly fillGuard = new FillGuard();
  private readonly contradictionSubject = new Subject<VenueContradiction>();
  private busSubscription?: Subscription;

  readonly state$: Observable<ConnectionState> = this.stateSubject.asObservable();
  readonly orders$: Observable<Order> = this.orderSubject.stream;
  readonly fills$: Observable<Fill> = this.fillSubject.stream;
  /**
   * Every fill refused because it contradicts its order (also on the bus: a BrokerError event of code
   * VENUE_CONTRADICTION and a CRITICAL Alert from `fill-check`). A reconciler reacts by asking the venue.
   */
  readonly contradictions$: Observable<VenueContradiction> = this.contradictionSubject.asObservable();

  constructor(init: BrokerInit<TConfig>) {
    this.id = init.id;
    this.config = init.config;
    this.bus = init.bus ?? new EventBus();
    this.clock = init.clock ?? systemClock;
    this.logger = (init.logger ?? createSilentLogger()).child({ brokerId: init.id });
    this.metrics = init.metrics ?? new NoopMetricsSink();
    // Per-order work for a sink or a logger that drops it (the defaults) is skipped: the latency clock
    // reads, and the field objects of the per-order info logs. Any other sink or logger gets every call.
    // The exact class only: a subclass (a recording test sink) may measure what the base ignores.
    this.measuresLatency = this.metrics.constructor !== NoopMetricsSink;
    this.logsOrders = this.logger !== noopLogger;
    // Ids read this broker's clock (virtual time in tests and replays), and its seed when it has one.
    const now = () => this.clock.now();
    const ids = init.clientOrderIds ?? new ClientOrderIdGenerator('', { now });
    this.clientOrderIds = init.clientOrderIdSeed === undefined ? ids : ids.withSeed(init.clientOrderIdSeed, now);
    this.tracker = new OrderTracker(init.maxClosedOrders);
    this.journal = init.journal;
    this.preTradeChecks = [...(init.preTradeChecks ?? [])];
  }

  /** Adds a rule every later order must pass (kill switch, circuit breaker...). */
  addPreTradeCheck(check: PreTradeCheck): void {
    this.preTradeChecks.push(check);
  }

  // ---- what adapters implement -------------------------------------------------------------

  protected abstract connectVenue(): Promise<void>;
  /** Must release every socket and timer the adapter holds. */
  protected abstract disconnectVenue(): Promise<void>;
  /**
   * Sends the order once. Throw a classified BrokerError on rejection; never retry here. A venue that
   * answers at once (paper, an emulator in the process) may return the acknowledgement itself rather
   * than a promise: `placeOrder` then completes without waiting for another turn of the event loop.
   */
  protected abstract submitToVenue(order: Order): Promise<SubmitAcknowledgement> | SubmitAcknowledgement;
  /** Sends the cancel. The confirmation may arrive here or later through applyVenueStatus. */
  protected abstract cancelAtVenue(order: Order): Promise<void>;
  abstract getPositions(): Promise<readonly BrokerPosition[]>;
  abstract getBalances(): Promise<readonly BrokerBalance[]>;
  abstract getAccountInfo(): Promise<BrokerAccountInfo>;

  /**
   * Looks up an instrument the catalog does not hold yet (IB asks TWS for contract details). The
   * default knows only what `registerInstruments` was given.
   */
  protected async lookupInstrument(_symbol: string): Promise<Instrument | undefined> {
    return undefined;
  }

  // ---- hooks (run inside an error boundary: a throw is reported, never propagated) ----------

  /** Called once for every new fill, after it was applied to the order, the ledger and the journal. */
  protected onFillApplied(_fill: Fill, _order: Order): void {}

  /** Called for every published order change (status, fills, venue id). */
  protected onOrderChanged(_order: Order, _previousStatus?: OrderStatus): void {}

  /**
   * Called when a venue fill contradicted its order (not applied; the order's symbol is now blocked for
   * new orders). Override to ask the venue what really happened, e.g. start a reconcile; the block stays
   * until `reconciled()`. Default: nothing (a Reconciler watching the bus or `contradictions$` reacts).
   */
  protected onContradiction(_order: Order, _fill: Fill, _error: VenueContradictionError): void {}

  /** Last known price, used to check the min notional of MARKET orders. */
  protected referencePrice(_symbol: string): Decimal | undefined {
    return undefined;
  }

  // ---- connection ----------------------------------------------------------------------------

  get state(): ConnectionState {
    return this.stateSubject.value;
  }

  async connect(): Promise<void> {
    if (this.state === 'CONNECTED') return;
    this.setConnectionState('CONNECTING');
    try {
      await this.connectVenue();
    } catch (error) {
      this.setConnectionState('ERROR', describe(error));
      throw this.reportError(error);
    }
    this.setConnectionState('CONNECTED');
    this.busSubscription ??= this.bus.on('Order', (event) => this.onOrderEvent(event), `broker:${this.id}`);
  }

  async disconnect(): Promise<void> {
    this.busSubscription?.unsubscribe();
    this.busSubscription = undefined;
    if (this.state === 'DISCONNECTED') return;
    try {
      await this.disconnectVenue();
    } finally {
      this.setConnectionState('DISCONNECTED');
    }
  }

  /** Validated state change, published on state$, the bus and metrics. */
  protected setConnectionState(next: ConnectionState, reason?: string): void {
    const previous = this.state;
    if (previous === next) return;
    assertConnectionTransition(previous, next, this.id);
    this.stateSubject.next(next);
    this.metrics.connectionState(this.id, next, this.clock.now());
    this.logger.info('connection state', { previous, current: next, reason });
    this.bus.publish(createEvent({ type: 'ConnectionState', brokerId: this.id, previous, current: next, reason }, this.clock.now()));
  }

  // ---- orders --------------------------------------------------------------------------------

  /**
   * Not an async function: the common path (no journal, a venue that acknowledges at once) runs to the
   * end synchronously and hands back one resolved promise, without the async function's own objects per
   * order; a journal write or an acknowledgement that is a promise continues in an async step. Any error
   * still arrives as a rejection, never as a throw.
   */
  placeOrder(input: OrderRequestInput): Promise<Order> {
    let result: Order | Promise<Order>;
    try {
      result = this.sendOrder(input);
    } catch (error) {
      return Promise.reject(error);
    }
    return isPromiseLike(result) ? result : Promise.resolve(result);
  }

  private sendOrder(input: OrderRequestInput): Order | Promise<Order> {
    // Before the send, anything that is not a BrokerError is a bug (in a check, a validator, a rule):
    // InternalError, critical and not retryable, never a connection error telling the caller to retry it.
    let request: OrderRequest;
    try {
      request = normalizeOrderRequest(input, this.clientOrderIds);
    } catch (error) {
      throw this.reportError(error, undefined, 'internal');
    }
    const clientOrderId = request.clientOrderId;
    const now = this.clock.now();
    try {
      // reservedIds holds ids only while a journal write is pending: its size test spares the lookup otherwise.
      if (this.tracker.has(clientOrderId) || (this.reservedIds.size !== 0 && this.reservedIds.has(clientOrderId))) {
        throw new DuplicateOrderError(`clientOrderId ${clientOrderId} was already used`, { brokerId: this.id, clientOrderId });
      }
      assertSupported(this.capabilities, request, this.id);
      const referencePrice = this.referencePrice(request.instrument.symbol);
      validateOrderRequest(request, { now, brokerId: this.id, referencePrice });
      this.fillGuard.assertOpen(request.instrument.symbol, this.id, clientOrderId);
      if (this.state !== 'CONNECTED') {
        throw new TemporaryConnectionError(`broker ${this.id} is ${this.state}`, { brokerId: this.id, clientOrderId });
      }
      if (this.preTradeChecks.length > 0) {
        const context: PreTradeContext = { brokerId: this.id, now, openOrders: this.tracker.open(), referencePrice };
        for (const rule of this.preTradeChecks) rule.check(request, context);
        for (const rule of this.preTradeChecks) rule.onSubmitted?.(request, context);
      }
    } catch (error) {
      throw this.reportError(error, clientOrderId, 'internal');
    }
    return this.journal ? this.journalThenSend(this.journal, request, now) : this.send(request, now);
  }

  private async journalThenSend(journal: OrderJournal, request: OrderRequest, now: number): Promise<Order> {
    const clientOrderId = request.clientOrderId;
    this.reservedIds.add(clientOrderId);
    try {
      await journal.recordSubmit(this.id, request, this.clock.now());
    } catch (error) {
      // Not journaled means not sent: the order never leaves the process, and may be sent again later
      // (a journal store that is down is an outage, not a bug).
      throw this.reportError(isBrokerError(error) ? error : new OrderNotSentError(`order ${clientOrderId} not sent: its journal write failed: ${describe(error)}`, { brokerId: this.id, clientOrderId, cause: error }), clientOrderId);
    } finally {
      this.reservedIds.delete(clientOrderId);
    }
    return this.send(request, now);
  }

  /** Tracks, publishes and sends a checked request; the acknowledgement is applied now or when it comes. */
  private send(request: OrderRequest, now: number): Order | Promise<Order> {
    // Latency is measured on the clock's monotonic, high-resolution reading (paper orders take
    // microseconds); a virtual clock measures virtual time, so tests stay deterministic. Not read at all
    // when the metrics sink is the no-op one (three clock reads per order that nothing would use).
    const submittedAt = this.measuresLatency ? monotonicNow(this.clock) : 0;
    // The machine is kept at hand for the rest of the send: one map lookup instead of one per step, and
    // the order is still returned if the tracker has already evicted it (a tiny maxClosedOrders).
    const machine = this.tracker.start(request, now);
    // On the machine rather than in a map by id: no map entry written, read and deleted per order.
    machine.submittedAt = submittedAt;
    this.publishOrder(machine.order);
    this.metrics.orderSubmitted(this.id, request.type);
    if (this.logsOrders) {
      this.logger.info('order submitted', { clientOrderId: request.clientOrderId, symbol: request.instrument.symbol, side: request.side, type: request.type, quantity: request.quantity });
    }
    let sent: SubmitAcknowledgement | Promise<SubmitAcknowledgement>;
    try {
      sent = this.submitToVenue(machine.order);
    } catch (error) {
      return this.onSubmitFailed(machine, error);
    }
    // An acknowledgement returned as it is (paper) is applied at once: awaiting it cost a microtask hop
    // and a promise per order (measured on paper:bench, see the commit that added this).
    return isPromiseLike(sent) ? this.acknowledgedLater(machine, sent, submittedAt) : this.acknowledged(machine, sent, submittedAt);
  }

  private async acknowledgedLater(machine: OrderStateMachine, sent: PromiseLike<SubmitAcknowledgement>, submittedAt: number): Promise<Order> {
    let ack: SubmitAcknowledgement;
    try {
      ack = await sent;
    } catch (error) {
      return this.onSubmitFailed(machine, error);
    }
    return this.acknowledged(machine, ack, submittedAt);
  }

  private acknowledged(machine: OrderStateMachine, ack: SubmitAcknowledgement, submittedAt: number): Order {
    const current = machine.order;
    if (this.measuresLatency) this.metrics.orderAcknowledged(this.id, monotonicNow(this.clock) - submittedAt, current.request.type);
    // Fills may have arrived before the acknowledgement (a marketable order): never move back.
    if (current.status === 'PENDING_SUBMIT' || current.status === 'SUBMITTED' || current.status === 'UNKNOWN') {
      this.applyVenueStatus(current.clientOrderId, ack.status ?? 'ACCEPTED', { venueOrderId: ack.venueOrderId });
    } else if (ack.venueOrderId && !current.venueOrderId) {
      this.applyVenueStatus(current.clientOrderId, current.status, { venueOrderId: ack.venueOrderId });
    }
    return machine.order;
  }

  async cancelOrder(clientOrderId: string): Promise<Order> {
    const order = this.tracker.get(clientOrderId);
    if (!order || this.tracker.machine(clientOrderId)!.isTerminal) {
      const why = order ? `is ${order.status}` : 'is not known';
      throw this.reportError(new OrderNotFoundError(`order ${clientOrderId} ${why} and cannot be canceled`, { brokerId: this.id, clientOrderId }), clientOrderId);
    }
    if (this.state !== 'CONNECTED') {
      throw this.reportError(new TemporaryConnectionError(`broker ${this.id} is ${this.state}`, { brokerId: this.id, clientOrderId }), clientOrderId);
    }
    if (order.status !== 'PENDING_CANCEL') this.applyVenueStatus(clientOrderId, 'PENDING_CANCEL');
    try {
      await this.cancelAtVenue(this.tracker.get(clientOrderId)!);
    } catch (error) {
      this.applyCancelRejected(clientOrderId, error instanceof Error ? error.message : String(error));
      throw this.reportError(error, clientOrderId);
    }
    return this.tracker.get(clientOrderId)!;
  }

  async getOrder(clientOrderId: string): Promise<Order | undefined> {
    return this.tracker.get(clientOrderId);
  }

  async getOpenOrders(symbol?: string): Promise<readonly Order[]> {
    return this.tracker.open(symbol);
  }

  // ---- instruments and positions -------------------------------------------------------------

  async instrument(symbol: string): Promise<Instrument | undefined> {
    const known = this.instrumentCatalog.get(symbol);
    if (known) return known;
    const found = await this.lookupInstrument(symbol);
    if (found) this.instrumentCatalog.set(found.symbol, found);
    return found;
  }

  async instruments(): Promise<readonly Instrument[]> {
    return [...this.instrumentCatalog.values()];
  }

  /** Makes instruments known to `instrument()` / `instruments()` (from exchangeInfo, config...). */
  protected registerInstruments(instruments: Iterable<Instrument>): void {
    for (const instrument of instruments) this.instrumentCatalog.set(instrument.symbol, instrument);
  }

  async localPositions(): Promise<readonly BrokerPosition[]> {
    return this.positionLedger.snapshot();
  }

  // ---- reconciliation (used by @silvertine/resilience after a reconnect or restart) -----------

  /**
   * Starts tracking an order found at the venue that this process did not know (placed before a
   * restart, or by another session). Its fills must follow through `reconcileFill`, so an order the
   * venue reports as (partially) filled is adopted as ACCEPTED and reaches its filled status from the
   * fills themselves: filled quantity and status can never disagree. Returns the tracked order. An order
   * restored `from: 'journal'` (closed there by an earlier process) is logged at debug, not as a warning,
   * and is not journaled again (see `restoringFromJournal`).
   */
  adoptOrder(order: Order, options?: { readonly from?: 'venue' | 'journal' }): Order {
    const known = this.tracker.get(order.clientOrderId);
    if (known) return known;
    const fillDriven = order.status === 'PARTIALLY_FILLED' || order.status === 'FILLED';
    const status = fillDriven ? 'ACCEPTED' : order.status;
    this.tracker.track(order.request, this.clock.now(), status);
    const adopted = this.tracker.transition(order.clientOrderId, status, this.clock.now(), { venueOrderId: order.venueOrderId, rejectReason: order.rejectReason })!.order;
    if (options?.from === 'journal') {
      this.logger.debug('restored an order the journal had closed', { clientOrderId: order.clientOrderId, status: order.status });
      this.restoring(() => this.publishOrder(adopted));
    } else {
      this.logger.warn('adopted an order found at the venue', { clientOrderId: order.clientOrderId, status: order.status });
      this.publishOrder(adopted);
    }
    return adopted;
  }

  /** Applies a status learnt by reconciliation (same rules as a venue update). */
  reconcileStatus(clientOrderId: string, status: OrderStatus, patch?: OrderTransitionPatch): Order | undefined {
    return this.applyVenueStatus(clientOrderId, status, patch);
  }

  /**
   * Applies a fill learnt by reconciliation; duplicates are ignored. True when it was new. A fill
   * re-applied `from: 'journal'` (the journal recorded it) is not journaled again.
   */
  reconcileFill(fill: Fill, options?: { readonly from?: 'venue' | 'journal' }): boolean {
    return options?.from === 'journal' ? this.restoring(() => this.applyVenueFill(fill)) : this.applyVenueFill(fill);
  }

  /**
   * True while an order restored `from: 'journal'` or one of its journaled fills is being applied: the
   * order's history is rebuilt, nothing happens at the venue. Nothing is journaled meanwhile (the journal
   * holds it already: re-recording it grew the journal with every restart); the ledger, the hooks and the
   * bus see it as usual, so a hook that acts at the venue on a change (an exit sent when an entry fills)
   * checks this and leaves a restored order to reconciliation.
   */
  protected get restoringFromJournal(): boolean {
    return this.restoringDepth > 0;
  }

  private restoring<T>(apply: () => T): T {
    this.restoringDepth++;
    try {
      return apply();
    } finally {
      this.restoringDepth--;
    }
  }

  /**
   * Reconciliation settled: new orders on `symbols` (default: every blocked symbol) are accepted again
   * after a venue contradiction blocked them. Called by resilience's Reconciler at the end of a pass that
   * left the broker unblocked.
   */
  reconciled(symbols?: readonly string[]): void {
    const cleared = this.fillGuard.unblock(symbols);
    if (cleared.length === 0) return;
    this.logger.warn('orders allowed again after reconciliation', { symbols: cleared });
    this.bus.publish(createEvent({ type: 'Alert', severity: 'INFO', source: 'fill-check', brokerId: this.id, message: `${this.id}: orders on ${cleared.join(', ')} allowed again after reconciliation` }, this.clock.now()));
  }

  /** Symbols refused for new orders until reconciliation settles them (a venue contradicted us there). */
  blockedSymbols(): readonly string[] {
    return this.fillGuard.blockedSymbols();
  }

  // ---- what adapters report ------------------------------------------------------------------

  /**
   * Applies a status the venue reported (ACCEPTED, CANCELED, EXPIRED, REJECTED...). Repeats are
   * no-ops; a transition the table forbids is logged and reported, never applied. `at` is when the
   * change happened on this process's clock (default now; a simulated venue on the same clock passes its
   * own event time).
   */
  protected applyVenueStatus(clientOrderId: string, status: OrderStatus, patch?: OrderTransitionPatch, at: number = this.clock.now()): Order | undefined {
    const machine = this.tracker.machine(clientOrderId);
    if (machine && !machine.canTransition(status) && isStaleStatus(machine.status, status)) {
      // Venues deliver out of order (a REST "NEW" answered after the stream's "FILLED"): an update that
      // is behind what we know is dropped, not reported as an invalid transition.
      this.logger.debug('stale order status ignored', { clientOrderId, current: machine.status, reported: status });
      return machine.order;
    }
    try {
      const result = this.tracker.transition(clientOrderId, status, at, patch);
      if (!result) {
        this.logger.warn('status for an unknown order', { clientOrderId, status });
        return undefined;
      }
      if (result.changed) this.publishOrder(result.order, result.previousStatus);
      return result.order;
    } catch (error) {
      this.reportError(error, clientOrderId, 'internal');
      return this.tracker.get(clientOrderId);
    }
  }

  /**
   * The venue refused a cancel (the order filled meanwhile, or the cancel arrived late): moves a
   * PENDING_CANCEL order back to ACCEPTED / PARTIALLY_FILLED and publishes it. No-op otherwise.
   */
  protected applyCancelRejected(clientOrderId: string, reason?: string): Order | undefined {
    const machine = this.tracker.machine(clientOrderId);
    if (machine?.status !== 'PENDING_CANCEL') return machine?.order;
    const order = machine.revertCancel(this.clock.now());
    this.logger.info('cancel refused by venue', { clientOrderId, reason });
    this.publishOrder(order, 'PENDING_CANCEL');
    return order;
  }

  /**
   * Applies an execution. Duplicate tradeIds are ignored, so adapters can pass replays (after a
   * reconnect, IB's execution replay) without counting anything twice. Returns whether it was new.
   * `now` as for applyVenueStatus (pass `undefined` for the clock's now).
   *
   * A new fill is first checked against its order (`checkFillAgainstOrder`: symbol, side, price within
   * the limit, quantity within the remainder, and `venueCumulativeQuantity` when the adapter has it:
   * Binance `z`, IB cumQty). A fill that contradicts its order is not applied: see `refuseFill`.
   */
  protected applyVenueFill(fill: Fill, now: number = this.clock.now(), venueCumulativeQuantity?: Decimal): boolean {
    // A plugin with its own copy of core reports that copy's Decimals: turned into this copy's once,
    // here, so the checks and the ledger see one type (two instanceof reads on the common path).
    if (!(fill.price instanceof Decimal) || !(fill.quantity instanceof Decimal)) fill = adoptForeignDecimals(fill);
    const machine = this.tracker.machine(fill.clientOrderId);
    if (machine === undefined) {
      this.logger.error('fill for an unknown order', { clientOrderId: fill.clientOrderId, tradeId: fill.tradeId });
      this.bus.publish(createEvent({ type: 'Alert', severity: 'CRITICAL', source: 'order-tracker', brokerId: this.id, message: `fill ${fill.tradeId} for unknown order ${fill.clientOrderId}` }, this.clock.now()));
      return false;
    }
    if (machine.hasApplied(fill.tradeId)) return false; // a replay, not a contradiction
    const contradiction = this.fillGuard.check(machine.order, fill, venueCumulativeQuantity);
    if (contradiction !== undefined) {
      this.refuseFill(machine.order, fill, contradiction, venueCumulativeQuantity);
      return false;
    }
    let result;
    try {
      result = this.tracker.applyFill(fill, now);
    } catch (error) {
      this.reportError(error, fill.clientOrderId, 'internal');
      return false;
    }
    if (!result?.applied) return false;
    if (!isTerminalStatus(result.order.status)) this.fillGuard.applied(result.order, venueCumulativeQuantity);
    const submittedAt = machine.submittedAt;
    if (submittedAt !== undefined) {
      if (this.measuresLatency) this.metrics.orderFirstFill(this.id, monotonicNow(this.clock) - submittedAt, result.order.request.type);
      machine.submittedAt = undefined;
    }
    this.metrics.fill(this.id, fill.symbol);
    if (this.logsOrders) this.logger.info('fill', { clientOrderId: fill.clientOrderId, tradeId: fill.tradeId, quantity: fill.quantity, price: fill.price });
    this.positionLedger.apply(result.order.request.instrument, fill.side, fill.quantity, fill.price);
    if (this.restoringDepth === 0) this.journal?.recordFill(this.id, fill);
    // The hooks run inside try/catch written out at each call, not through a helper taking a closure:
    // that closure was one more allocation per order change.
    try {
      this.onFillApplied(fill, result.order);
    } catch (error) {
      this.hookFailed('onFillApplied', fill.clientOrderId, error);
    }
    this.fillSubject.next(fill);
    const fillEvent: FillEvent = { type: 'Fill', brokerId: this.id, fill, order: result.order, id: newEventId(), timestamp: now };
    this.bus.publish(fillEvent);
    this.publishOrder(result.order, result.previousStatus);
    return true;
  }

  /**
   * A fill that contradicts its order: nothing is applied; a VenueContradictionError naming the rule is
   * reported (BrokerError event), a CRITICAL Alert goes out, the order's symbol is refused for new orders
   * (ReconcilingError: fail closed) until `reconciled()`, and the contradiction is told to
   * `contradictions$` and the `onContradiction` hook, so that the venue is asked what really happened.
   */
  private refuseFill(order: Order, fill: Fill, contradiction: FillContradiction, venueCumulativeQuantity: Decimal | undefined): void {
    const { clientOrderId } = order;
    const symbol = order.request.instrument.symbol;
    const error = new VenueContradictionError(contradiction.rule, `fill ${fill.tradeId} contradicts order ${clientOrderId}: ${contradiction.message}`, { brokerId: this.id, clientOrderId });
    this.fillGuard.block(symbol, error.message);
    this.logger.error('venue fill contradicts its order; not applied, orders on the symbol blocked', { clientOrderId, tradeId: fill.tradeId, symbol, rule: contradiction.rule });
    this.reportError(error, clientOrderId);
    this.bus.publish(
      createEvent({
        type: 'Alert', severity: 'CRITICAL', source: 'fill-check', brokerId: this.id,
        message: `${this.id}: ${error.message}; new orders on ${symbol} refused until reconciliation`,
        details: { rule: contradiction.rule, symbol, clientOrderId, tradeId: String(fill.tradeId) },
      }, this.clock.now()),
    );
    this.contradictionSubject.next({ order, fill, error, venueCumulativeQuantity });
    try {
      this.onContradiction(order, fill, error);
    } catch (hookError) {
      this.hookFailed('onContradiction', clientOrderId, hookError);
    }
  }

  /**
   * A venue message failed its decoder: counts it (`venueMessageRejected`), reports a VenuePayloadError
   * with a short redacted excerpt on the bus, and returns it. The caller changes nothing.
   */
  protected rejectVenuePayload(kind: string, reason: string, payload?: unknown): VenuePayloadError {
    const error = new VenuePayloadError(kind, reason, payload === undefined ? undefined : payloadExcerpt(payload), { brokerId: this.id });
    this.metrics.venueMessageRejected?.(this.id, kind);
    this.reportError(error);
    return error;
  }

  /**
   * The error boundary of every inbound handler (stream frames, TWS callbacks, deferred work): runs
   * `handler` and reports anything it throws instead of letting it reach the process. A BrokerError is
   * reported as it is; anything else is a VenuePayloadError of `kind` (a handler that throws on a
   * venue message read something its decoder should have refused).
   */
  protected guardInbound(kind: string, handler: () => void): void {
    try {
      handler();
    } catch (error) {
      if (isBrokerError(error)) this.reportError(error);
      else this.rejectVenuePayload(kind, describe(error));
    }
  }

  /** A hook threw: reported (an InternalError unless it threw a BrokerError), never propagated. */
  private hookFailed(hook: string, clientOrderId: string, error: unknown): void {
    this.reportError(isBrokerError(error) ? error : new InternalError(`${hook} failed: ${describe(error)}`, { brokerId: this.id, clientOrderId, cause: error }), clientOrderId);
  }

  /**
   * Classifies, logs, counts and publishes an error; returns it as a BrokerError for throwing. A
   * BrokerError keeps its class. Anything else is classified by where it came from, `unclassified`:
   * - 'connection' (the default): an I/O path (connect, cancel, a venue query, a reconnect), where a raw
   *   error is most likely the transport's: TemporaryConnectionError, retryable.
   * - 'internal': a path with no I/O (checks before a send, applying a venue update), where a raw error
   *   can only be a bug: InternalError, critical, not retryable.
   */
  protected reportError(error: unknown, clientOrderId?: string, unclassified: 'connection' | 'internal' = 'connection'): BrokerError {
    const options = { brokerId: this.id, clientOrderId, cause: error };
    const classified = isBrokerError(error)
      ? error
      : unclassified === 'internal' ? new InternalError(describe(error), options) : new TemporaryConnectionError(describe(error), options);
    this.metrics.error(this.id, classified.code, classified.severity);
    this.logger.warn('broker error', { error: classified.toJSON(), clientOrderId });
    this.bus.publish(
      createEvent({
        type: 'BrokerError', brokerId: this.id, code: classified.code, severity: classified.severity, retryable: classified.retryable,
        message: classified.message, clientOrderId: clientOrderId ?? classified.clientOrderId, venueCode: classified.venueCode,
      }, this.clock.now()),
    );
    return classified;
  }

  private onSubmitFailed(machine: OrderStateMachine, error: unknown): never {
    machine.submittedAt = undefined;
    const clientOrderId = machine.order.clientOrderId;
    if (isBrokerError(error) && DEFINITE_REJECTIONS.has(error.code)) {
      this.applyVenueStatus(clientOrderId, 'REJECTED', { rejectReason: error.message });
      throw this.reportError(error, clientOrderId);
    }
    // We cannot know whether the venue took it: track as UNKNOWN and let reconciliation ask.
    this.applyVenueStatus(clientOrderId, 'UNKNOWN');
    throw this.reportError(
      new UnknownOrderStatusError(`outcome of order ${clientOrderId} is unknown: ${describe(error)}`, { brokerId: this.id, clientOrderId, cause: error }),
      clientOrderId,
    );
  }

  private publishOrder(order: Order, previousStatus?: OrderStatus): void {
    if (previousStatus !== order.status && isTerminalStatus(order.status)) {
      this.metrics.orderFinished(this.id, order.status);
      this.fillGuard.closed(order.clientOrderId);
    }
    if (this.restoringDepth === 0) this.journal?.recordUpdate(this.id, order);
    try {
      this.onOrderChanged(order, previousStatus);
    } catch (error) {
      this.hookFailed('onOrderChanged', order.clientOrderId, error);
    }
    this.orderSubject.next(order);
    // Built as a literal of fixed shape (not createEvent's spread): this runs for every order change.
    // Stamped with the time of the change itself, which the tracker just took from the clock.
    const event: OrderUpdateEvent = { type: 'OrderUpdate', brokerId: this.id, order, id: newEventId(), timestamp: order.updatedAt };
    this.bus.publish(event);
  }

  private onOrderEvent(event: OrderEvent): void {
    if (event.brokerId !== this.id) return;
    // Errors are already reported on the bus by placeOrder/cancelOrder.
    const ignore = () => undefined;
    if (event.action === 'submit') void this.placeOrder(event.request).catch(ignore);
    else if (event.action === 'cancel') void this.cancelOrder(event.clientOrderId).catch(ignore);
    else this.reportError(new NotSupportedError('MODIFY', `broker ${this.id} does not support modify`, { brokerId: this.id, clientOrderId: event.clientOrderId }));
  }
}

/** How far along its life an order is; a reported status behind the known one is stale. */
const PROGRESS: Readonly<Record<OrderStatus, number>> = {
  PENDING_SUBMIT: 0, SUBMITTED: 1, UNKNOWN: 1, ACCEPTED: 2, PENDING_CANCEL: 3, PARTIALLY_FILLED: 3,
  FILLED: 4, CANCELED: 4, REJECTED: 4, EXPIRED: 4,
};

function isStaleStatus(current: OrderStatus, reported: OrderStatus): boolean {
  return PROGRESS[reported] < PROGRESS[current];
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The fill with another copy of core's Decimals converted; anything that is no Decimal stays for the checks to refuse. */
function adoptForeignDecimals(fill: Fill): Fill {
  const convert = <T>(value: T): T | Decimal => (!(value instanceof Decimal) && Decimal.isDecimal(value) ? Decimal.from(value) : value);
  return { ...fill, price: convert(fill.price) as Decimal, quantity: convert(fill.quantity) as Decimal, commission: convert(fill.commission) as Decimal };
}
