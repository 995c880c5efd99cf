import {
  AbstractBroker,
  InvalidOrderError,
  TemporaryConnectionError,
  RegisterBroker,
  isBrokerError,
  isTerminalStatus,
  ConfigurationError,
  NotSupportedError,
  assertSupported,
  dec,
  type Broker,
  type BrokerAccountInfo,
  type ConnectionState,
  type BrokerBalance,
  type BrokerCapabilities,
  type BrokerInit,
  type BrokerPosition,
  type Decimal,
  type Fill,
  type Instrument,
  type InstrumentProvider,
  type Order,
  type OrderPreview,
  type OrderPreviewer,
  type OrderRequest,
  type OrderStatus,
  type ReconcilableBroker,
  type SubmitAcknowledgement,
  type Ticker,
  type TickerProvider,
  type VenueContradictionError,
} from '@silvertine/core';
import { EventName } from '@stoqey/ib';
import { IbConnection, type IbConnectionHooks, type IbConnectionOptions } from './connection/ib-connection';
import { firstSnapshot, withTimeout } from './connection/ib-requests';
import { decodeAccountSummary, decodePosition, type IbAccountSummary } from './decoding/account.decoder';
import { IbPayloadError, decodeOrRefuse, listField, type PayloadRefusal } from './decoding/decode-fields';
import { decodeCommissionReport, decodeExecution, type IbCommissionMessage, type IbExecutionMessage } from './decoding/execution.decoder';
import { decodeErrorEvent, decodeOpenOrderEvent, decodeOrderStatus } from './decoding/order-events.decoder';
import { IbBrokerConfig, normalizeIbConfig, type IbBrokerConfigInput } from './ib.config';
import { ACCOUNT_SUMMARY_TAGS, isPaperAccount, toAccountInfo, toBalances, toPosition } from './mapping/account.mapper';
import { isContractOf, type ContractHints } from './mapping/contract.mapper';
import { classifyIbCode, isLateRejection, toBrokerError } from './mapping/error-mapping';
import { toFill } from './mapping/execution.mapper';
import { bracketChildRequests, toIbOrders, type IbOrderLeg } from './mapping/order.mapper';
import { mapIbOrderStatus } from './mapping/status.mapper';
import { ContractResolver } from './orders/contract-resolver';
import { FillAssembler, type PendingExecution } from './orders/fill-assembler';
import { decodeSnapshotTicks, requestSnapshot } from './orders/market-snapshot';
import { MarketWatch } from './orders/market-watch';
import { OrderIdBook, type IbOrderEntry } from './orders/order-id-book';
import { OrderPreviews } from './orders/order-previews';
import { OrderWaiters } from './orders/order-waiters';
import { PnlWatch } from './orders/pnl-watch';
import { decodeOpenOrders, IbVenueState } from './reconciliation/ib-venue-state';

/** Price precision for contracts we never resolved (adopted orders): IB's doubles carry no finer ticks. */
const UNRESOLVED_TICK = dec('0.00000001');
const CANCEL_ANSWERS = new Set(['PendingCancel', 'Cancelled', 'ApiCancelled', 'Filled', 'Inactive']);
/** A placement is acknowledged by its first status, whatever it is (one predicate, not a closure per order). */
const ANY_STATUS = (): boolean => true;

/**
 * Interactive Brokers through TWS or IB Gateway, on @stoqey/ib's IBApiNext. Orchestration only: the
 * transport is IbConnection, every inbound message passes a decoder in decoding/ before anything reads
 * it, every translation is in mapping/, and core's AbstractBroker owns validation, the order state
 * machine, fill checks and deduplication (by IB execId), and the position ledger.
 *
 * Two views of positions: `getPositions()` is TWS's own (reqPositions, the venue's view, with IB's
 * average cost); `localPositions()` is the ledger of the fills this process applied (plus
 * `seedLocalPositions`), which is what reconciliation compares with TWS.
 */
@RegisterBroker({ type: 'ib', description: 'Interactive Brokers (TWS / IB Gateway) through @stoqey/ib IBApiNext', configClass: IbBrokerConfig })
export class InteractiveBrokersBroker extends AbstractBroker<IbBrokerConfig> implements Broker, ReconcilableBroker, InstrumentProvider, OrderPreviewer, TickerProvider {
  readonly capabilities: BrokerCapabilities = {
    orderTypes: ['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT', 'TRAILING_STOP', 'TRAILING_STOP_LIMIT'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'DAY', 'GTD'],
    assetClasses: ['STK', 'CASH', 'FUT', 'OPT', 'CRYPTO'],
    features: ['BRACKET', 'TRAILING', 'MARGIN', 'SHORT_SELLING', 'ORDER_PREVIEW', 'TICKER'],
  };

  private connection?: IbConnection;
  private readonly connectionOptions: IbConnectionOptions;
  private readonly book = new OrderIdBook();
  private readonly waiters: OrderWaiters;
  private readonly previews = new OrderPreviews();
  private readonly contracts: ContractResolver;
  private readonly market: MarketWatch;
  private readonly pnl: PnlWatch;
  private fills?: FillAssembler;
  private accounts: readonly string[] = [];
  private defaultAccount = '';
  private venue?: IbVenueState;
  /** A reconcile with TWS in flight (after a reconnect, 1101 or a contradicting execution). */
  private asking?: Promise<void>;
  /** A read's answer refused by its decoder: reported like an inbound message, returned for throwing. */
  private readonly refuse: PayloadRefusal = (kind, error, payload) => this.rejectVenuePayload(kind, error.message, payload);

  constructor(init: BrokerInit<IbBrokerConfig | IbBrokerConfigInput>) {
    const config = normalizeIbConfig(init.config);
    super({ ...init, config });
    const c = config;
    this.connectionOptions = {
      host: c.host, port: c.port, clientId: c.clientId, maxRequestsPerSecond: c.maxRequestsPerSecond, connectTimeoutMs: c.connectTimeoutMs,
      watchdogIntervalMs: c.watchdogIntervalMs, reconnect: c.reconnect, brokerId: this.id, maxFrameBytes: c.maxFrameBytes, frameStallMs: c.frameStallMs,
    };
    const hints = new Map<string, ContractHints>((c.contracts ?? []).map((entry) => [entry.symbol, entry]));
    this.waiters = new OrderWaiters(this.clock, this.id);
    this.contracts = new ContractResolver(() => this.live().api, this.clock, {
      hints, timeoutMs: c.requestTimeoutMs, brokerId: this.id, refuse: this.refuse,
    });
    this.market = new MarketWatch(() => this.live().api, this.contracts, this.bus, this.clock, this.logger, this.id, (kind, handler, payload) => this.inbound(kind, handler, payload));
    this.pnl = new PnlWatch({
      api: () => this.live().api, contracts: this.contracts, bus: this.bus, clock: this.clock, logger: this.logger, brokerId: this.id,
      inbound: (kind, handler, payload) => this.inbound(kind, handler, payload), timeoutMs: c.requestTimeoutMs,
    });
  }

  /** Accounts this broker trades (configured, else every managed account). */
  get managedAccounts(): readonly string[] {
    return this.accounts;
  }

  /** Streams quotes of an instrument (published as MarketData on the bus; the last one prices MARKET checks). */
  watchMarket(instrument: Instrument): Promise<void> {
    return this.market.watch(instrument);
  }

  /**
   * Streams the daily, unrealized and realized P&L TWS computes for an account (default: the broker's
   * account), published as core PnLEvents on the bus; kept across reconnects. Resolves at TWS's first
   * answer, rejects with TWS's error (e.g. 321 for an account this login does not manage).
   */
  watchPnl(account: string = this.defaultAccount): Promise<void> {
    return this.pnl.watch(account);
  }

  /** The same for one position (TWS's PNL_SINGLE): the events carry its symbol, size and market value. */
  watchPositionPnl(instrument: Instrument, account: string = this.defaultAccount): Promise<void> {
    return this.pnl.watch(account, instrument);
  }

  /** Stops a P&L stream started with watchPnl or watchPositionPnl. */
  unwatchPnl(account: string = this.defaultAccount, instrument?: Instrument): void {
    this.pnl.unwatch(account, instrument);
  }

  // ---- connection ----------------------------------------------------------------------------

  protected async connectVenue(): Promise<void> {
    this.fills = new FillAssembler(this.clock, this.config.commissionWaitMs, (p, r) => this.guardInbound(EventName.execDetails, () => this.onAssembledFill(p, r)));
    const hooks: IbConnectionHooks = {
      ready: (nextOrderId, reconnect) => this.onReady(nextOrderId, reconnect),
      state: (state, reason) => this.onSupervisorState(state, reason),
      failed: (error) => this.onReconnectFailed(error),
      system: (code, message) => this.onSystemNotice(code, message),
      corrupt: (reason) => void this.rejectVenuePayload('twsStream', reason),
      inbound: (kind, listener, args) => this.inboundEvent(kind, listener, args),
    };
    const connection = new IbConnection(this.connectionOptions, hooks, this.clock, this.logger);
    this.connection = connection;
    this.listenToOrders(connection);
    try {
      await connection.start();
    } catch (error) {
      await this.disconnectVenue();
      throw error;
    }
    await this.registerConfiguredInstruments();
  }

  protected async disconnectVenue(): Promise<void> {
    this.market.stop();
    this.pnl.stop();
    this.waiters.failAll(new TemporaryConnectionError('broker disconnected', { brokerId: this.id }));
    this.previews.failAll(new TemporaryConnectionError('broker disconnected', { brokerId: this.id }));
    this.fills?.flush();
    const connection = this.connection;
    this.connection = undefined;
    await connection?.shutdown();
  }

  /**
   * A socket finished its handshake. The first one: accounts are checked. After a reconnect: new order
   * ids, then reconciliation and market data again, all before the supervisor reports CONNECTED (a
   * throw fails the attempt: trading on an unreconciled book could double orders).
   */
  private async onReady(nextOrderId: number, reconnect: boolean): Promise<void> {
    const connection = this.live();
    this.book.seed(nextOrderId);
    if (!reconnect) this.adoptAccounts(connection.accounts);
    // the market data type is a setting of the session: every new socket needs it again
    if (this.config.marketDataType !== 1) connection.api.setMarketDataType(this.config.marketDataType);
    if (!reconnect) return;
    await this.askTws();
    this.market.resubscribe();
    this.pnl.resubscribe();
  }

  /** The supervisor's state: a drop blocks orders (RECONNECTING), a ready socket opens them again. */
  private onSupervisorState(state: ConnectionState, reason?: string): void {
    if (state === 'RECONNECTING') {
      this.waiters.failAll(new TemporaryConnectionError(`connection to TWS lost: ${reason ?? 'dropped'}`, { brokerId: this.id }));
      if (this.state === 'CONNECTED') this.setConnectionState('RECONNECTING', reason);
    } else if (state === 'CONNECTED' && (this.state === 'RECONNECTING' || this.state === 'ERROR')) {
      this.setConnectionState('CONNECTED', reason ?? 'reconnected and reconciled');
    }
    // CONNECTING, the first CONNECTED, ERROR and DISCONNECTED: connect() and disconnect() own those
  }

  private adoptAccounts(managed: readonly string[]): void {
    const configured = this.config.accounts;
    const unknown = configured?.filter((a) => !managed.includes(a)) ?? [];
    if (unknown.length > 0) throw new ConfigurationError(`accounts ${unknown.join(', ')} are not managed by this login (${managed.join(', ')})`, { brokerId: this.id });
    this.accounts = configured ?? managed;
    this.defaultAccount = this.config.account ?? this.accounts[0]!;
    if (!this.accounts.includes(this.defaultAccount)) throw new ConfigurationError(`account ${this.defaultAccount} is not managed by this login`, { brokerId: this.id });
    const paper = isPaperAccount(this.defaultAccount);
    if (paper !== (this.config.mode === 'paper')) {
      throw new ConfigurationError(`mode is ${this.config.mode} but account ${this.defaultAccount} is a ${paper ? 'paper' : 'live'} account`, { brokerId: this.id });
    }
  }

  /**
   * Looks up every configured contract, so `instrument()` / `instruments()` know them from the start.
   * A lookup that fails is logged, not fatal: `instrument(symbol)` asks again on demand.
   */
  private async registerConfiguredInstruments(): Promise<void> {
    const symbols = (this.config.contracts ?? []).map((entry) => entry.symbol);
    const results = await Promise.allSettled(symbols.map((symbol) => this.instrument(symbol)));
    results.forEach((result, i) => {
      if (result.status === 'rejected') this.logger.warn('configured contract not found at connect', { symbol: symbols[i], error: (result.reason as Error).message });
      else if (!result.value) this.logger.warn('configured contract unknown to TWS', { symbol: symbols[i] });
    });
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
        this.pnl.resubscribe();
        await this.askTws(); // events during the outage may be lost with the data
      }
      if (this.state === 'RECONNECTING') this.setConnectionState('CONNECTED', `IB ${code}: ${message}`);
    };
    resume().catch((error: unknown) => {
      this.logger.warn('resume after IB notice failed', { code, error: (error as Error).message });
      this.connection?.drop(`resume after ${code} failed`);
    });
  }

  // ---- inbound boundary ------------------------------------------------------------------------

  /**
   * Every @stoqey/ib callback runs here: inside core's error boundary, and a message its decoder
   * refuses becomes a VenuePayloadError (counted, on the bus, with an excerpt) that changes nothing.
   */
  private inbound(kind: string, handler: () => void, payload?: unknown): void {
    this.guardInbound(kind, () => {
      try {
        handler();
      } catch (error) {
        if (!(error instanceof IbPayloadError)) throw error;
        this.rejectVenuePayload(kind, error.message, typeof payload === 'function' ? (payload as () => unknown)() : payload);
      }
    });
  }

  /**
   * `inbound` for @stoqey/ib's event listeners (IbConnection's hook): the same boundary, but a listener
   * that returns normally costs one try, not two closures and three calls per event (openOrder,
   * orderStatus and `received` run here for every order; issue #21). A throw is handed to `inbound`,
   * which reports it exactly as before (refused payload with the event's arguments, else core's boundary).
   */
  private inboundEvent(kind: string, listener: (...args: unknown[]) => void, args: unknown[]): void {
    try {
      listener(...args);
    } catch (error) {
      this.inbound(kind, () => {
        throw error;
      }, args);
    }
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
    const ack = this.waiters.wait(parentId, ANY_STATUS, this.config.orderAckTimeoutMs, `order ${order.clientOrderId}`);
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

  /**
   * IB's what-if order: the request goes to TWS with `whatIf` set under a fresh order id, TWS answers with
   * an openOrder carrying margin and commission estimates and places nothing (tws-api margin.html). No
   * order is tracked and no order event is emitted. Bracket children are not previewed (their margin
   * depends on the parent's fill): a bracket request is refused.
   */
  async previewOrder(request: OrderRequest): Promise<OrderPreview> {
    assertSupported(this.capabilities, request, this.id);
    if (request.bracket) throw new NotSupportedError('previewOrder:bracket', 'a what-if preview covers one order; preview the parent without its bracket', { brokerId: this.id });
    if (this.state !== 'CONNECTED') throw new TemporaryConnectionError(`broker ${this.id} is ${this.state}`, { brokerId: this.id });
    const account = request.account ?? this.defaultAccount;
    if (!this.accounts.includes(account)) {
      throw new InvalidOrderError('account', 'notManaged', `account ${account} is not one of ${this.accounts.join(', ')}`, { brokerId: this.id });
    }
    const resolved = this.contracts.resolved(request.instrument) ?? (await this.contracts.resolve(request.instrument));
    // no bracket: exactly one leg
    const { orderId, order } = toIbOrders(request, { firstOrderId: this.book.take(1), account })[0] as IbOrderLeg;
    const answer = this.previews.wait(orderId);
    this.live().api.placeOrder(orderId, resolved.contract, { ...order, whatIf: true, transmit: true });
    try {
      return await withTimeout(answer, this.clock, this.config.orderAckTimeoutMs, `what-if ${request.clientOrderId}`, this.id);
    } finally {
      this.previews.forget(orderId);
    }
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

  /** reqAllOpenOrders lists every client's orders, whose ids overlap ours: only our client id's count. */
  private mine(clientId: number | undefined): boolean {
    return clientId === undefined || clientId === this.config.clientId;
  }

  private listenToOrders(connection: IbConnection): void {
    connection.listen(EventName.orderStatus, (orderId: unknown, status: unknown, _f: unknown, _r: unknown, _a: unknown, _p: unknown, _pa: unknown, _l: unknown, clientId: unknown) => {
      const message = decodeOrderStatus(orderId, status, clientId);
      if (this.mine(message.clientId)) this.onIbStatus(message.orderId, message.status);
    });
    connection.listen(EventName.openOrder, (orderId: unknown, _contract: unknown, order: unknown, state: unknown) => {
      if (this.previews.answer(orderId, order, state)) return;
      const message = decodeOpenOrderEvent(orderId, order, state);
      if (this.mine(message.clientId)) this.onIbStatus(message.orderId, message.status);
    });
    connection.listen(EventName.error, (error: unknown, code: unknown, reqId: unknown) => {
      const message = decodeErrorEvent(error, code, reqId);
      this.onIbError(message.id, message.code, message.message);
    });
    connection.listen(EventName.execDetails, (_reqId: unknown, contract: unknown, execution: unknown) => this.onExecution(decodeExecution(contract, execution)));
    connection.listen(EventName.commissionReport, (report: unknown) => this.fills?.addCommission(decodeCommissionReport(report)));
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
    if (id >= 0 && this.previews.fail(id, toBrokerError(code, message, { brokerId: this.id }))) return;
    if (!entry) return void (id >= 0 && this.logger.debug('ib error for a request', { id, code, message }));
    if (kind === 'cancelled') return this.onIbStatus(id, 'Cancelled');
    const error = toBrokerError(code, message, { brokerId: this.id, clientOrderId: entry.clientOrderId });
    if (this.waiters.fail(id, error)) return; // the placement or cancel that waits reports it
    const current = this.tracker.get(entry.clientOrderId);
    if (!current || isTerminalStatus(current.status)) return void this.reportError(error, entry.clientOrderId);
    if (isLateRejection(code)) {
      const to = current.status === 'ACCEPTED' || current.status === 'PARTIALLY_FILLED' || current.status === 'PENDING_CANCEL' ? 'CANCELED' : 'REJECTED';
      this.applyVenueStatus(entry.clientOrderId, to, { rejectReason: error.message });
    }
    this.reportError(error, entry.clientOrderId);
  }

  private onExecution(execution: IbExecutionMessage): void {
    const ours = execution.clientId === undefined || execution.clientId === this.config.clientId;
    const entry = ours ? this.book.byId(execution.orderId) : undefined;
    // after a restart the ids may be new to us: the orderRef carries our clientOrderId
    const clientOrderId = entry?.clientOrderId ?? (execution.orderRef && this.tracker.has(execution.orderRef) ? execution.orderRef : undefined);
    const order = clientOrderId === undefined ? undefined : this.tracker.get(clientOrderId);
    if (!order) return void this.logger.debug('execution of an order we do not track', { execId: execution.execId, orderId: execution.orderId });
    this.fills?.addExecution({ clientOrderId: order.clientOrderId, instrument: this.instrumentOfExecution(execution, order, entry), execution });
  }

  /**
   * The instrument an execution is on, as TWS said: the order's when its contract is the order's (by
   * conId once resolved, else by IB's contract fields), else the one TWS's contract names, so that core
   * sees the other symbol and refuses the fill instead of booking it on our order's instrument.
   */
  private instrumentOfExecution(execution: IbExecutionMessage, order: Order, entry: IbOrderEntry | undefined): Instrument {
    const instrument = order.request.instrument;
    const resolvedConId = entry?.contract.conId ?? this.contracts.resolved(instrument)?.conId;
    if (isContractOf(instrument, execution.contract, resolvedConId)) return instrument;
    const named = this.contracts.instrumentFor(execution.contract, UNRESOLVED_TICK);
    return named && named.symbol !== instrument.symbol ? named : { ...instrument, symbol: `conId:${execution.contract.conId ?? '?'}` };
  }

  private onAssembledFill(pending: PendingExecution, commission: IbCommissionMessage | undefined): void {
    if (!this.tracker.has(pending.clientOrderId)) return;
    if (!commission) this.logger.warn('execution applied without its commission report', { execId: pending.execution.execId });
    const fill = toFill(pending.execution, commission, { clientOrderId: pending.clientOrderId, instrument: pending.instrument, receivedAt: this.clock.now() });
    this.applyVenueFill(fill, undefined, pending.execution.cumQty);
  }

  /** An execution contradicted its order (core refused it and blocked the symbol): ask TWS what it has. */
  protected override onContradiction(order: Order, fill: Fill, error: VenueContradictionError): void {
    this.logger.warn('asking TWS after an execution that contradicts its order', { clientOrderId: order.clientOrderId, tradeId: fill.tradeId, rule: error.rule });
    if (this.state !== 'CONNECTED') return; // the reconnect reconciles anyway
    this.askTws().catch((reason: unknown) => this.logger.warn('reconciliation after a contradiction failed', { error: (reason as Error).message }));
  }

  /** One reconcile with TWS at a time: callers arriving while one runs share it. */
  private askTws(): Promise<void> {
    this.asking ??= this.reconcile().finally(() => (this.asking = undefined));
    return this.asking;
  }

  /**
   * After a reconnect, 1101 or a contradiction: new order ids, open orders (statuses we missed),
   * executions replayed by TWS (deduplicated by execId in core), then orders TWS no longer knows are
   * closed out.
   */
  private async reconcile(): Promise<void> {
    const connection = this.live();
    const timeout = this.config.requestTimeoutMs;
    const listed: unknown = await withTimeout(connection.api.getAllOpenOrders(), this.clock, timeout, 'open orders', this.id);
    const seen = new Set<string>();
    for (const o of decodeOpenOrders(listed, this.refuse)) {
      const ours = this.mine(o.clientId);
      const clientOrderId = (ours ? this.book.byId(o.orderId)?.clientOrderId : undefined) ?? (o.orderRef && this.tracker.has(o.orderRef) ? o.orderRef : undefined);
      if (!clientOrderId) continue;
      seen.add(clientOrderId);
      if (!ours) continue; // adopted from another client: only a reconciliation pass updates it
      this.book.rebind(clientOrderId, o.orderId);
      this.onIbStatus(o.orderId, o.status);
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
   * TWS's account of orders, executions and positions: the VenueStateSource a Reconciler reads. The
   * same instance is returned each time; it remembers where adopted orders live at IB. The broker itself
   * is the ReconcilableBroker (its `localPositions()` are the fills it applied).
   */
  venueState(): IbVenueState {
    this.venue ??= new IbVenueState({
      brokerId: this.id,
      clock: this.clock,
      logger: this.logger,
      requestTimeoutMs: this.config.requestTimeoutMs,
      commissionWaitMs: this.config.commissionWaitMs,
      api: () => this.live().api,
      onCommission: (listener) => this.live().listenUntil(EventName.commissionReport, (report: unknown) => listener(decodeCommissionReport(report))),
      refuse: this.refuse,
      accounts: () => this.accounts,
      knownOrder: (clientOrderId) => this.tracker.get(clientOrderId),
      instrumentFor: (contract, clientOrderId) => this.tracker.get(clientOrderId)?.request.instrument ?? this.contracts.instrumentFor(contract, UNRESOLVED_TICK),
      positions: () => this.getPositions(),
    });
    return this.venue;
  }

  /**
   * Opening positions from before this process's fills (the previous day's close, a journal), applied to
   * the ledger behind `localPositions()`: without them, positions TWS carries over would never agree with
   * the fills seen today.
   */
  seedLocalPositions(positions: readonly BrokerPosition[]): void {
    for (const p of positions) {
      if (!p.quantity.isZero()) this.positionLedger.apply(p.instrument, p.quantity.isPositive() ? 'BUY' : 'SELL', p.quantity.abs(), p.averagePrice);
    }
  }

  /** An adopted order of our own client id is booked, so that it can be cancelled through our socket. */
  protected override onOrderChanged(order: Order, previousStatus?: OrderStatus): void {
    if (previousStatus !== undefined || this.venue === undefined) return; // adoption publishes without a previous status
    const ref = this.venue.venueRef(order.clientOrderId);
    if (ref && ref.clientId === this.config.clientId && !this.book.byClientId(order.clientOrderId)) {
      this.book.add({ orderId: ref.orderId, clientOrderId: ref.clientOrderId, role: 'parent', instrument: ref.instrument, contract: ref.contract, account: order.request.account });
    }
  }

  // ---- reads ---------------------------------------------------------------------------------

  /**
   * Our instrument for a symbol from TWS's contract details: configured contracts as pinned, "EUR.USD"
   * as a forex pair, other symbols as US stocks (see `contractQueryFor`). Undefined when TWS has none.
   */
  protected override lookupInstrument(symbol: string): Promise<Instrument | undefined> {
    return this.contracts.lookup(symbol);
  }

  /** TWS's positions on our accounts (reqPositions): the venue's view, with IB's average cost per unit. */
  async getPositions(): Promise<readonly BrokerPosition[]> {
    const snapshot = await firstSnapshot(this.live().api.getPositions(), this.clock, this.config.requestTimeoutMs, 'positions', this.id);
    const out: BrokerPosition[] = [];
    for (const account of this.accounts) {
      const rows = decodeOrRefuse('position', snapshot.get(account) ?? [], (v) => listField(v, 'positions'), this.refuse);
      for (const row of rows) {
        const position = decodeOrRefuse('position', row, decodePosition, this.refuse);
        const instrument = this.contracts.instrumentFor(position.contract);
        if (instrument && !position.quantity.isZero()) out.push(toPosition(position, instrument));
      }
    }
    return out;
  }

  async getBalances(account = this.defaultAccount): Promise<readonly BrokerBalance[]> {
    return toBalances(await this.summary(account));
  }

  async getAccountInfo(account = this.defaultAccount): Promise<BrokerAccountInfo> {
    const [summary, positions] = await Promise.all([this.summary(account), this.getPositions()]);
    return toAccountInfo(account, summary, positions.filter((p) => p.account === account), this.clock.now());
  }

  /**
   * The ticker of one symbol from a TWS market data snapshot (reqMktData snapshot=true, until
   * tickSnapshotEnd, within requestTimeoutMs on the broker's clock): bid, ask, their sizes and last,
   * decoded (a refused tick is a VenuePayloadError naming it). Delayed ticks (66-70) count when
   * marketDataType asks for delayed data.
   */
  async ticker(symbol: string): Promise<Ticker> {
    const instrument = await this.instrument(symbol);
    if (!instrument) throw new InvalidOrderError('symbol', 'unknownInstrument', `broker ${this.id} has no instrument ${symbol}`, { brokerId: this.id });
    const { contract } = await this.contracts.resolve(instrument);
    const at = this.clock.now();
    const ticks = await requestSnapshot({ api: this.live().api, contract, clock: this.clock, timeoutMs: this.config.requestTimeoutMs, brokerId: this.id });
    const { delayed, ...figures } = decodeOrRefuse('marketDataSnapshot', ticks, (t) => decodeSnapshotTicks(t, instrument), this.refuse);
    return { symbol, ...figures, at, source: `ib reqMktData snapshot${delayed ? ' (delayed)' : ''}` };
  }

  protected override referencePrice(symbol: string): Decimal | undefined {
    return this.market.lastPrice(symbol);
  }

  /** One account's summary, decoded (a summary with a value that is not a number is refused whole). */
  private async summary(account: string): Promise<IbAccountSummary> {
    const all = await firstSnapshot(this.live().api.getAccountSummary('All', `${ACCOUNT_SUMMARY_TAGS},$LEDGER:ALL`), this.clock, this.config.requestTimeoutMs, 'account summary', this.id);
    return decodeOrRefuse('accountSummary', all.get(account), decodeAccountSummary, this.refuse);
  }

  private live(): IbConnection {
    if (!this.connection) throw new TemporaryConnectionError(`broker ${this.id} is not connected`, { brokerId: this.id });
    return this.connection;
  }
}

/** Shorter alias. */
export { InteractiveBrokersBroker as IbBroker };
