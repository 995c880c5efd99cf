import {
  AbstractBroker,
  InvalidOrderError,
  TemporaryConnectionError,
  RegisterBroker,
  isBrokerError,
  isTerminalStatus,
  ConfigurationError,
  NotSupportedError,
  PositionLedger,
  dec,
  type BrokerAccountInfo,
  type BrokerBalance,
  type BrokerCapabilities,
  type BrokerInit,
  type BrokerPosition,
  type Decimal,
  type Fill,
  type Instrument,
  type Order,
  type SubmitAcknowledgement,
} from '@silvertine/core';
import { EventName, type CommissionReport, type Contract, type Execution, type OpenOrder, type Order as IbOrder, type OrderState } from '@stoqey/ib';
import { IbConnection } from './connection/ib-connection';
import { firstSnapshot, withTimeout } from './connection/ib-requests';
import { IbBrokerConfig, resolveIbConfig, type IbBrokerConfigInput } from './ib.config';
import { ACCOUNT_SUMMARY_TAGS, isPaperAccount, toAccountInfo, toBalances, toPosition } from './mapping/account.mapper';
import type { ContractHints } from './mapping/contract.mapper';
import { classifyIbCode, toBrokerError } from './mapping/error-mapping';
import { toFill } from './mapping/execution.mapper';
import { bracketChildRequests, toIbOrders } from './mapping/order.mapper';
import { mapIbOrderStatus } from './mapping/status.mapper';
import { ContractResolver } from './orders/contract-resolver';
import { FillAssembler, type PendingExecution } from './orders/fill-assembler';
import { MarketWatch } from './orders/market-watch';
import { OrderIdBook } from './orders/order-id-book';
import { OrderWaiters } from './orders/order-waiters';
import { IbVenueState } from './reconciliation/ib-venue-state';
import type { IbReconcilableBroker } from './reconciliation/ib-reconcilable.types';

/** Price precision for contracts we never resolved (adopted orders): IB's doubles carry no finer ticks. */
const UNRESOLVED_TICK = dec('0.00000001');
const CANCEL_ANSWERS = new Set(['PendingCancel', 'Cancelled', 'ApiCancelled', 'Filled', 'Inactive']);

/**
 * Interactive Brokers through TWS or IB Gateway, on @stoqey/ib's IBApiNext. Orchestration only: the
 * transport is IbConnection, every translation is in mapping/, and core's AbstractBroker owns
 * validation, the order state machine and fill deduplication (by IB execId).
 */
@RegisterBroker({ type: 'ib', description: 'Interactive Brokers (TWS / IB Gateway) through @stoqey/ib IBApiNext', configClass: IbBrokerConfig })
export class InteractiveBrokersBroker extends AbstractBroker<IbBrokerConfig> {
  readonly capabilities: BrokerCapabilities = {
    orderTypes: ['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT', 'TRAILING_STOP', 'TRAILING_STOP_LIMIT'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'DAY', 'GTD'],
    assetClasses: ['STK', 'CASH', 'FUT', 'OPT', 'CRYPTO'],
    features: ['BRACKET', 'TRAILING', 'MARGIN', 'SHORT_SELLING'],
  };

  private connection?: IbConnection;
  private readonly book = new OrderIdBook();
  private readonly waiters: OrderWaiters;
  private readonly contracts: ContractResolver;
  private readonly market: MarketWatch;
  private fills?: FillAssembler;
  private accounts: readonly string[] = [];
  private defaultAccount = '';
  /** Positions from the fills this process applied: the local side of the reconciler's position check. */
  private readonly ledger = new PositionLedger();
  private venue?: IbVenueState;

  constructor(init: BrokerInit<IbBrokerConfig | IbBrokerConfigInput>) {
    const config = init.config instanceof IbBrokerConfig ? init.config : resolveIbConfig(init.config);
    super({ ...init, config });
    const hints = new Map<string, ContractHints>((config.contracts ?? []).map((c) => [c.symbol, c]));
    this.waiters = new OrderWaiters(this.clock, this.id);
    this.contracts = new ContractResolver(() => this.live().api, hints, this.clock, config.requestTimeoutMs, this.id);
    this.market = new MarketWatch(() => this.live().api, this.contracts, this.bus, this.clock, this.logger, this.id);
  }

  /** Accounts this broker trades (configured, else every managed account). */
  get managedAccounts(): readonly string[] {
    return this.accounts;
  }

  /** Streams quotes of an instrument (published as MarketData on the bus; the last one prices MARKET checks). */
  watchMarket(instrument: Instrument): Promise<void> {
    return this.market.watch(instrument);
  }

  // ---- connection ----------------------------------------------------------------------------

  protected async connectVenue(): Promise<void> {
    const c = this.config;
    this.fills = new FillAssembler(this.clock, c.commissionWaitMs, (p, r) => this.onAssembledFill(p, r));
    const connection = new IbConnection(
      { host: c.host, port: c.port, clientId: c.clientId, maxRequestsPerSecond: c.maxRequestsPerSecond, connectTimeoutMs: c.connectTimeoutMs, watchdogIntervalMs: c.watchdogIntervalMs, reconnect: c.reconnect, brokerId: this.id },
      {
        lost: (reason) => this.onLost(reason),
        restored: (nextOrderId) => this.onRestored(nextOrderId),
        failed: (error) => this.onReconnectFailed(error),
        system: (code, message) => this.onSystemNotice(code, message),
      },
      this.clock,
      this.logger,
    );
    this.connection = connection;
    this.listenToOrders(connection);
    try {
      this.book.seed(await connection.open());
      this.adoptAccounts(connection.accounts);
      if (c.marketDataType !== 1) connection.api.setMarketDataType(c.marketDataType);
    } catch (error) {
      await this.disconnectVenue();
      throw error;
    }
  }

  protected async disconnectVenue(): Promise<void> {
    this.market.stop();
    this.waiters.failAll(new TemporaryConnectionError('broker disconnected', { brokerId: this.id }));
    this.fills?.flush();
    this.connection?.close();
    this.connection = undefined;
  }

  private adoptAccounts(managed: readonly string[]): void {
    const configured = this.config.accounts;
    const unknown = configured?.filter((a) => !managed.includes(a)) ?? [];
    if (unknown.length > 0) throw new ConfigurationError(`accounts ${unknown.join(', ')} are not managed by this login (${managed.join(', ')})`, { brokerId: this.id });
    this.accounts = configured && configured.length > 0 ? configured : managed;
    this.defaultAccount = this.config.account ?? this.accounts[0]!;
    if (!this.accounts.includes(this.defaultAccount)) throw new ConfigurationError(`account ${this.defaultAccount} is not managed by this login`, { brokerId: this.id });
    const paper = isPaperAccount(this.defaultAccount);
    if (paper !== (this.config.mode === 'paper')) {
      throw new ConfigurationError(`mode is ${this.config.mode} but account ${this.defaultAccount} is a ${paper ? 'paper' : 'live'} account`, { brokerId: this.id });
    }
  }

  private onLost(reason: string): void {
    this.waiters.failAll(new TemporaryConnectionError(`connection to TWS lost: ${reason}`, { brokerId: this.id }));
    if (this.state === 'CONNECTED') this.setConnectionState('RECONNECTING', reason);
  }

  private async onRestored(nextOrderId: number): Promise<void> {
    this.book.seed(nextOrderId);
    try {
      await this.reconcile();
      this.market.resubscribe();
    } catch (error) {
      // trading on an unreconciled book could double orders: drop and try again
      this.logger.warn('reconciliation after reconnect failed', { error: (error as Error).message });
      this.connection?.drop('reconciliation failed');
      return;
    }
    if (this.state === 'RECONNECTING' || this.state === 'ERROR') this.setConnectionState('CONNECTED', 'reconnected and reconciled');
  }

  private onReconnectFailed(error: Error): void {
    this.reportError(error);
    if (this.state !== 'DISCONNECTED' && this.state !== 'ERROR') this.setConnectionState('ERROR', error.message);
  }

  /** 1100: TWS lost IB; hold orders. 1101: restored, subscriptions lost; resubscribe. 1102: restored, data kept. */
  private onSystemNotice(code: number, message: string): void {
    this.logger.warn('ib connectivity notice', { code, message });
    if (code === 1100) {
      if (this.state === 'CONNECTED') this.setConnectionState('RECONNECTING', `IB ${code}: ${message}`);
      return;
    }
    const resume = async () => {
      if (code === 1101) {
        this.market.resubscribe();
        await this.reconcile(); // events during the outage may be lost with the data
      }
      if (this.state === 'RECONNECTING') this.setConnectionState('CONNECTED', `IB ${code}: ${message}`);
    };
    resume().catch((error: unknown) => {
      this.logger.warn('resume after IB notice failed', { code, error: (error as Error).message });
      this.connection?.drop(`resume after ${code} failed`);
    });
  }

  // ---- orders --------------------------------------------------------------------------------

  protected async submitToVenue(order: Order): Promise<SubmitAcknowledgement> {
    const { request } = order;
    const account = request.account ?? this.defaultAccount;
    if (!this.accounts.includes(account)) {
      throw new InvalidOrderError('account', 'notManaged', `account ${account} is not one of ${this.accounts.join(', ')}`, { brokerId: this.id, clientOrderId: order.clientOrderId });
    }
    // a resolved contract is read synchronously: no await (and no microtask hop) on the hot path
    const resolved = this.contracts.resolved(request.instrument) ?? (await this.contracts.resolve(request.instrument));
    const connection = this.live();
    const children = request.bracket ? bracketChildRequests(request) : [];
    const legs = toIbOrders(request, { firstOrderId: this.book.take(1 + children.length), account });
    for (const child of children) this.tracker.track(child, this.clock.now());
    for (const leg of legs) {
      this.book.add({ orderId: leg.orderId, clientOrderId: leg.clientOrderId, role: leg.role, instrument: request.instrument, contract: resolved.contract, account });
    }
    const parentId = legs[0]!.orderId;
    const ack = this.waiters.wait(parentId, () => true, this.config.orderAckTimeoutMs, `order ${order.clientOrderId}`);
    for (const leg of legs) connection.api.placeOrder(leg.orderId, resolved.contract, leg.order);
    let ibStatus: string;
    try {
      ibStatus = await ack;
    } catch (error) {
      if (isBrokerError(error) && error.code !== 'TIMEOUT' && error.code !== 'TEMPORARY_CONNECTION') {
        for (const leg of legs.slice(1)) this.applyVenueStatus(leg.clientOrderId, 'REJECTED', { rejectReason: `parent rejected: ${error.message}` });
      }
      throw error;
    }
    return { venueOrderId: String(parentId), status: ibStatus === 'PendingSubmit' ? 'SUBMITTED' : 'ACCEPTED' };
  }

  protected async cancelAtVenue(order: Order): Promise<void> {
    const entry = this.book.byClientId(order.clientOrderId);
    if (!entry && order.venueOrderId !== undefined) {
      // adopted from another API client or TWS: IB only lets the placing client cancel it
      throw new NotSupportedError('cancel:otherClient', `order ${order.clientOrderId} was placed by another IB client; cancel it there or in TWS`, { brokerId: this.id, clientOrderId: order.clientOrderId });
    }
    if (!entry) {
      // never reached TWS (or forgotten): nothing to cancel there
      this.applyVenueStatus(order.clientOrderId, 'CANCELED');
      return;
    }
    const answer = this.waiters.wait(entry.orderId, (s) => CANCEL_ANSWERS.has(s), this.config.orderAckTimeoutMs, `cancel ${order.clientOrderId}`);
    this.live().api.cancelOrder(entry.orderId);
    try {
      await answer;
    } catch (error) {
      // no answer yet is not a failure: the confirmation may still come through orderStatus
      if (isBrokerError(error) && error.code === 'TIMEOUT') return;
      throw error;
    }
  }

  private listenToOrders(connection: IbConnection): void {
    // reqAllOpenOrders lists every client's orders, whose ids overlap ours: only our client id's count
    const mine = (clientId: number | undefined) => clientId === undefined || clientId === this.config.clientId;
    connection.listen(EventName.orderStatus, (orderId: number, status: string, _f: number, _r: number, _a: number, _p: number, _pa: number, _l: number, clientId?: number) => {
      if (mine(clientId)) this.onIbStatus(orderId, status);
    });
    connection.listen(EventName.openOrder, (orderId: number, _c: Contract, o: IbOrder, state: OrderState) => {
      if (mine(o.clientId)) this.onIbStatus(orderId, String(state.status));
    });
    connection.listen(EventName.error, (error: Error, code: number, reqId: number) => this.onIbError(reqId, code, error.message));
    connection.listen(EventName.execDetails, (_reqId: number, contract: Contract, execution: Execution) => this.onExecution(contract, execution));
    connection.listen(EventName.commissionReport, (report: CommissionReport) => this.fills?.addCommission(report));
  }

  private onIbStatus(orderId: number, ibStatus: string): void {
    const entry = this.book.byId(orderId);
    if (!entry) return; // another client's order
    const current = this.tracker.get(entry.clientOrderId);
    if (current && !isTerminalStatus(current.status)) {
      const next = mapIbOrderStatus(ibStatus, current.status);
      if (next && next !== current.status) this.applyVenueStatus(entry.clientOrderId, next, { venueOrderId: String(orderId) });
    }
    this.waiters.status(orderId, ibStatus);
  }

  private onIbError(id: number, code: number, message: string): void {
    const kind = classifyIbCode(code);
    const entry = id >= 0 ? this.book.byId(id) : undefined;
    if (kind === 'warning' || kind === 'connectivity') return void this.logger.debug('ib message', { id, code, message });
    if (!entry) return void (id >= 0 && this.logger.debug('ib error for a request', { id, code, message }));
    if (kind === 'cancelled') return this.onIbStatus(id, 'Cancelled');
    const error = toBrokerError(code, message, { brokerId: this.id, clientOrderId: entry.clientOrderId });
    if (this.waiters.fail(id, error)) return; // the placement or cancel that waits reports it
    const current = this.tracker.get(entry.clientOrderId);
    if (!current || isTerminalStatus(current.status)) return void this.reportError(error, entry.clientOrderId);
    if (code === 201 || code === 110 || code === 103) {
      // a late rejection of a working order (a bracket child, a held stop): it is off the book
      const to = current.status === 'ACCEPTED' || current.status === 'PARTIALLY_FILLED' || current.status === 'PENDING_CANCEL' ? 'CANCELED' : 'REJECTED';
      this.applyVenueStatus(entry.clientOrderId, to, { rejectReason: error.message });
    }
    this.reportError(error, entry.clientOrderId);
  }

  private onExecution(contract: Contract, execution: Execution): void {
    const ours = execution.clientId === undefined || execution.clientId === this.config.clientId;
    const byId = ours && execution.orderId !== undefined ? this.book.byId(execution.orderId) : undefined;
    // after a restart the ids may be new to us: the orderRef carries our clientOrderId
    const clientOrderId = byId?.clientOrderId ?? (execution.orderRef && this.tracker.has(execution.orderRef) ? execution.orderRef : undefined);
    if (!clientOrderId) return void this.logger.debug('execution of an order we do not track', { execId: execution.execId, orderId: execution.orderId });
    this.fills?.addExecution({ clientOrderId, contract, execution });
  }

  private onAssembledFill(pending: PendingExecution, commission: CommissionReport | undefined): void {
    const order = this.tracker.get(pending.clientOrderId);
    if (!order) return;
    if (!commission) this.logger.warn('execution applied without its commission report', { execId: pending.execution.execId });
    this.applyVenueFill(toFill(pending.execution, commission, { clientOrderId: pending.clientOrderId, instrument: order.request.instrument, receivedAt: this.clock.now() }));
  }

  /**
   * After a reconnect or 1101: new order ids, open orders (statuses we missed), executions replayed
   * by TWS (deduplicated by execId in core), then orders TWS no longer knows are closed out.
   */
  private async reconcile(): Promise<void> {
    const connection = this.live();
    const timeout = this.config.requestTimeoutMs;
    const open: OpenOrder[] = await withTimeout(connection.api.getAllOpenOrders(), this.clock, timeout, 'open orders', this.id);
    const seen = new Set<string>();
    for (const o of open) {
      const ref = o.order.orderRef;
      const ours = o.order.clientId === undefined || o.order.clientId === this.config.clientId;
      const clientOrderId = (ours ? this.book.byId(o.orderId)?.clientOrderId : undefined) ?? (ref && this.tracker.has(ref) ? ref : undefined);
      if (!clientOrderId) continue;
      seen.add(clientOrderId);
      if (!ours) continue; // adopted from another client: only a reconciliation pass updates it
      this.book.rebind(clientOrderId, o.orderId);
      this.onIbStatus(o.orderId, String(o.orderStatus?.status ?? o.orderState.status));
    }
    await withTimeout(connection.api.getExecutionDetails({}), this.clock, timeout, 'executions', this.id);
    await withTimeout(this.fills!.whenIdle(), this.clock, this.config.commissionWaitMs + timeout, 'commission reports', this.id);
    for (const order of this.tracker.open()) {
      if (seen.has(order.clientOrderId) || order.status === 'PENDING_SUBMIT') continue;
      const to = order.status === 'UNKNOWN' || order.status === 'SUBMITTED' ? 'REJECTED' : 'CANCELED';
      this.logger.warn('order unknown to TWS after reconnect', { clientOrderId: order.clientOrderId, status: order.status, now: to });
      this.applyVenueStatus(order.clientOrderId, to, { rejectReason: 'not open at TWS after reconnect' });
    }
  }

  // ---- reconciliation (with @silvertine/resilience's Reconciler) ------------------------------

  /**
   * TWS's account of orders, executions and positions as a VenueStateSource for the Reconciler. The
   * same instance is returned each time; it remembers where adopted orders live at IB.
   */
  venueState(): IbVenueState {
    this.venue ??= new IbVenueState({
      brokerId: this.id,
      clock: this.clock,
      logger: this.logger,
      requestTimeoutMs: this.config.requestTimeoutMs,
      commissionWaitMs: this.config.commissionWaitMs,
      api: () => this.live().api,
      onCommission: (listener) => this.live().listenUntil(EventName.commissionReport, listener),
      accounts: () => this.accounts,
      knownOrder: (clientOrderId) => this.tracker.get(clientOrderId),
      instrumentFor: (contract, clientOrderId) => this.tracker.get(clientOrderId)?.request.instrument ?? this.contracts.instrumentFor(contract, UNRESOLVED_TICK),
      positions: () => this.getPositions(),
    });
    return this.venue;
  }

  /** This broker as the Reconciler's ReconcilableBroker: positions come from the fills applied here. */
  asReconcilable(): IbReconcilableBroker {
    return {
      id: this.id,
      getOrder: (id) => this.getOrder(id),
      getOpenOrders: () => this.getOpenOrders(),
      localPositions: async () => this.fillPositions(),
      adoptOrder: (order) => this.adoptOrder(order),
      reconcileStatus: (id, status, patch) => this.reconcileStatus(id, status, patch),
      reconcileFill: (fill) => this.reconcileFill(fill),
    };
  }

  /** Positions built from every fill this process applied, plus seeded opening positions. */
  fillPositions(): readonly BrokerPosition[] {
    return this.ledger.snapshot().filter((p) => !p.quantity.isZero());
  }

  /**
   * Opening positions from before this process's fills (the previous day's close, a journal): without
   * them, positions TWS carries over would never agree with the fills seen today.
   */
  seedFillPositions(positions: readonly BrokerPosition[]): void {
    for (const p of positions) {
      if (!p.quantity.isZero()) this.ledger.apply(p.instrument, p.quantity.isPositive() ? 'BUY' : 'SELL', p.quantity.abs(), p.averagePrice);
    }
  }

  /** Adopts an order found at TWS; one of our own client id is also booked so that it can be cancelled. */
  override adoptOrder(order: Order): Order {
    const adopted = super.adoptOrder(order);
    const ref = this.venue?.venueRef(order.clientOrderId);
    if (ref && ref.clientId === this.config.clientId && !this.book.byClientId(order.clientOrderId)) {
      this.book.add({ orderId: ref.orderId, clientOrderId: ref.clientOrderId, role: 'parent', instrument: ref.instrument, contract: ref.contract, account: order.request.account });
    }
    return adopted;
  }

  protected override applyVenueFill(fill: Fill): boolean {
    const applied = super.applyVenueFill(fill);
    const order = applied ? this.tracker.get(fill.clientOrderId) : undefined;
    if (order) this.ledger.apply(order.request.instrument, fill.side, fill.quantity, fill.price);
    return applied;
  }

  // ---- reads ---------------------------------------------------------------------------------

  async getPositions(): Promise<readonly BrokerPosition[]> {
    const snapshot = await firstSnapshot(this.live().api.getPositions(), this.clock, this.config.requestTimeoutMs, 'positions', this.id);
    const out: BrokerPosition[] = [];
    for (const account of this.accounts) {
      for (const p of snapshot.get(account) ?? []) {
        const instrument = this.contracts.instrumentFor(p.contract);
        if (instrument && p.pos !== 0) out.push(toPosition(p, instrument));
      }
    }
    return out;
  }

  async getBalances(account = this.defaultAccount): Promise<readonly BrokerBalance[]> {
    return toBalances((await this.summary()).get(account));
  }

  async getAccountInfo(account = this.defaultAccount): Promise<BrokerAccountInfo> {
    const [summary, positions] = await Promise.all([this.summary(), this.getPositions()]);
    return toAccountInfo(account, summary.get(account), positions.filter((p) => p.account === account), this.clock.now());
  }

  protected override referencePrice(symbol: string): Decimal | undefined {
    return this.market.lastPrice(symbol);
  }

  private summary() {
    return firstSnapshot(this.live().api.getAccountSummary('All', `${ACCOUNT_SUMMARY_TAGS},$LEDGER:ALL`), this.clock, this.config.requestTimeoutMs, 'account summary', this.id);
  }

  private live(): IbConnection {
    if (!this.connection) throw new TemporaryConnectionError(`broker ${this.id} is not connected`, { brokerId: this.id });
    return this.connection;
  }
}

/** Shorter alias. */
export { InteractiveBrokersBroker as IbBroker };
