import {
  AbstractBroker,
  createEvent,
  DEFAULT_MAX_CLOSED_ORDERS,
  Decimal,
  DuplicateOrderError,
  InsufficientFundsError,
  InvalidOrderError,
  isLiveMarketData,
  OrderNotFoundError,
  ORDER_TYPES,
  asTouch,
  RegisterBroker,
  type BrokerAccountInfo,
  type BrokerBalance,
  type BrokerCapabilities,
  type BrokerInit,
  type BrokerPosition,
  type Fill,
  type Instrument,
  type MarketData,
  type Order,
  type SubmitAcknowledgement,
  type Ticker,
  type TickerProvider,
  type TimerHandle,
} from '@silvertine/core';
import type { Subscription } from 'rxjs';
import type { EngineEvent, RejectedEngineEvent } from '../engine/engine-events';
import { MatchingEngine } from '../engine/matching-engine';
import { createLatencyModel, type LatencyModel } from '../models/latency';
import { midOf } from '../models/decimal-math';
import { seededRandom } from '../models/random';
import { Portfolio } from '../portfolio/portfolio';
import { PAPER_DEFAULT_MAX_VOLUME_SHARE, PaperTradingConfig, validatePaperTradingConfig } from './paper-trading.config';
import { paperTicker } from './paper-ticker';

/** Closed orders the simulated venue remembers (for late cancels); the broker's tracker keeps the history. */
const VENUE_CLOSED_ORDER_RETENTION = 256;

/**
 * A broker that trades on paper: AbstractBroker around the MatchingEngine and a Portfolio.
 *
 * Market data comes from MarketDataEvents on the bus; orders and cancels reach the engine after the
 * latency model's delay on the injected clock (virtual time in tests and replays), so a cancel can
 * arrive after the fill it meant to stop. Buying power is checked and funds locked before an order
 * reaches the engine; a refusal is an InsufficientFundsError stating the amounts.
 */
@RegisterBroker({ type: 'paper', description: 'paper trading on a deterministic matching engine', configClass: PaperTradingConfig })
export class PaperTradingBroker extends AbstractBroker<PaperTradingConfig> implements TickerProvider {
  readonly capabilities: BrokerCapabilities;
  /** The simulated venue (read-only use: its state is what the broker reports). */
  readonly engine: MatchingEngine;
  readonly portfolio: Portfolio;
  private readonly latency: LatencyModel;
  private readonly cancelLatency: LatencyModel;
  /** The one timer that expires DAY/GTD orders when no market data arrives, and when it fires. */
  private expiryTimer?: TimerHandle;
  private expiryAt?: number;
  private readonly instrumentsBySymbol = new Map<string, Instrument>();
  private readonly timers = new Set<TimerHandle>();
  private marketData?: Subscription;
  private inMarginCall = false;

  constructor(init: BrokerInit<PaperTradingConfig>) {
    // Generated order ids come from the seed and the clock too: the same seed and data replay every id.
    super({ ...init, clientOrderIdSeed: init.clientOrderIdSeed ?? init.config.seed });
    const config = init.config;
    validatePaperTradingConfig(config);
    for (const instrument of config.instruments) this.instrumentsBySymbol.set(instrument.symbol, instrument);
    this.registerInstruments(config.instruments);
    this.engine = new MatchingEngine({
      instruments: config.instruments,
      slippage: config.slippage,
      slippageBySymbol: config.slippageBySymbol,
      commission: config.commission,
      maxVolumeShare: config.maxVolumeShare ?? PAPER_DEFAULT_MAX_VOLUME_SHARE,
      sessionEndTime: config.sessionEndTime,
      // Users read closed orders from the broker's tracker. The venue only needs to remember recent ones,
      // so that a cancel delayed by the latency model finds its order already closed; every closed order
      // kept is one more object the garbage collector must copy, which costs order throughput.
      closedOrderRetention: Math.min(init.maxClosedOrders ?? DEFAULT_MAX_CLOSED_ORDERS, VENUE_CLOSED_ORDER_RETENTION),
    });
    this.portfolio = new Portfolio(
      { accountId: init.id, accountType: config.accountType, baseCurrency: config.baseCurrency, initialBalances: config.initialBalances, leverage: config.leverage, margin: config.margin,
        feeReserve: config.feeReserve },
      config.instruments,
      // The base applies every fill to its ledger; the portfolio keeps its positions in that one.
      this.positionLedger,
      // The engine's mid of the same quote, computed once per quote (the reference price asks for it too).
      (quote) => (this.engine.lastQuote(quote.symbol) === quote ? this.engine.lastMid(quote.symbol) : undefined) ?? midOf(quote.bid, quote.ask),
    );
    const random = seededRandom(config.seed);
    this.latency = createLatencyModel(config.latency ?? { model: 'NONE' }, random);
    this.cancelLatency = config.cancelLatency ? createLatencyModel(config.cancelLatency, random) : this.latency;
    const margin = config.accountType === 'MARGIN';
    this.capabilities = {
      orderTypes: ORDER_TYPES,
      timeInForce: ['GTC', 'IOC', 'FOK', 'DAY', 'GTD'],
      assetClasses: [...new Set(config.instruments.map((i) => i.assetClass))],
      features: margin ? ['TRAILING', 'POST_ONLY', 'REDUCE_ONLY', 'MARGIN', 'SHORT_SELLING', 'TICKER'] : ['TRAILING', 'POST_ONLY', 'REDUCE_ONLY', 'TICKER'],
    };
  }

  protected override referencePrice(symbol: string): Decimal | undefined {
    // The engine computes a quote's mid once, when first asked (every order asks; most quotes see none).
    return this.engine.lastMid(symbol) ?? this.engine.lastTradePrice(symbol);
  }

  protected async connectVenue(): Promise<void> {
    // A last known value re-served stale by a failover feed is old news: matching on it would fill at a price gone.
    this.marketData ??= this.bus.on('MarketData', (event) => { if (isLiveMarketData(event)) this.onMarketData(event.data); }, `paper:${this.id}`);
    // Orders that came due while disconnected expire on the clock's next turn.
    this.armExpiry();
  }

  protected async disconnectVenue(): Promise<void> {
    this.marketData?.unsubscribe();
    this.marketData = undefined;
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    this.disarmExpiry();
  }

  /**
   * Not async: the simulated venue answers at once, so the acknowledgement is returned as it is and
   * placeOrder completes without awaiting it (a rejection is thrown, which placeOrder catches the same way).
   */
  protected submitToVenue(order: Order): SubmitAcknowledgement {
    const request = order.request;
    const quote = this.engine.lastQuote(request.instrument.symbol);
    const reference = quote ? (request.side === 'BUY' ? quote.ask : quote.bid) : this.engine.lastTradePrice(request.instrument.symbol);
    this.portfolio.reserve(request, reference);
    const delay = this.latency.next();
    if (delay > 0) {
      this.later(delay, () => this.apply(this.engine.submit(request, this.clock.now())));
      return { status: 'SUBMITTED' };
    }
    // No latency: the order reaches the venue at the instant it was submitted, which the tracker just took.
    const events = this.engine.submit(request, order.updatedAt);
    const first = events[0];
    if (first?.kind === 'REJECTED') {
      this.portfolio.release(request.clientOrderId);
      throw this.rejectionError(first);
    }
    this.apply(events);
    return { venueOrderId: first?.venueOrderId };
  }

  protected async cancelAtVenue(order: Order): Promise<void> {
    const delay = this.cancelLatency.next();
    if (delay > 0) {
      this.later(delay, () => this.apply(this.engine.cancel(order.clientOrderId, this.clock.now())));
      return;
    }
    const events = this.engine.cancel(order.clientOrderId, this.clock.now());
    const refused = events.find((e) => e.kind === 'CANCEL_REJECTED');
    this.apply(events.filter((e) => e !== refused));
    if (refused?.kind === 'CANCEL_REJECTED') {
      throw new OrderNotFoundError(`paper venue refused cancel of ${order.clientOrderId}: ${refused.message}`, { brokerId: this.id, clientOrderId: order.clientOrderId });
    }
  }

  async getPositions(): Promise<readonly BrokerPosition[]> {
    return this.portfolio.positionsSnapshot();
  }

  async getBalances(): Promise<readonly BrokerBalance[]> {
    return this.portfolio.balanceList();
  }

  async getAccountInfo(): Promise<BrokerAccountInfo> {
    return this.portfolio.accountInfo(this.clock.now());
  }

  /** The last quote and trade price the engine has seen for `symbol` (see paperTicker: no data yet is an error). */
  async ticker(symbol: string): Promise<Ticker> {
    return paperTicker(this.engine, symbol, { brokerId: this.id, knows: (s) => this.instrumentsBySymbol.has(s), now: this.clock.now() });
  }

  /**
   * Settles a fill the base accepted (checked against its order, not a duplicate) and already applied
   * to the position ledger the portfolio shares: cash, locks, commission.
   */
  /** Deferred quote marks land before the base moves the shared ledger, as they would have eagerly. */
  protected override applyVenueFill(fill: Fill, now?: number, venueCumulativeQuantity?: Decimal): boolean {
    this.portfolio.settleMarks();
    return super.applyVenueFill(fill, now, venueCumulativeQuantity);
  }

  /** The base reads the shared ledger directly: deferred quote marks land first. */
  override async localPositions(): Promise<readonly BrokerPosition[]> {
    this.portfolio.settleMarks();
    return super.localPositions();
  }

  protected override onFillApplied(fill: Fill, order: Order): void {
    this.portfolio.settleFill(fill, order.request.instrument);
  }

  /** Feeds one market-data update (also what the bus subscription calls). */
  onMarketData(update: MarketData): void {
    if (!this.instrumentsBySymbol.has(update.symbol)) return;
    // A depth snapshot acts through its top of book; one with an empty side quotes nothing.
    const data = asTouch(update);
    if (data === undefined) return;
    // Positions are marked at the quote mid (computed when a mark is next read), the trade price or the bar close.
    if (data.kind === 'quote') this.portfolio.markQuote(data);
    else this.portfolio.mark(data.symbol, data.kind === 'trade' ? data.price : data.close);
    this.apply(this.engine.onMarketData(data, this.clock.now()));
    this.checkMargin();
  }

  /** Applies engine events to the portfolio and the order state machine (which publishes them). */
  private apply(events: readonly EngineEvent[]): void {
    for (const e of events) {
      switch (e.kind) {
        case 'ACCEPTED':
          this.applyVenueStatus(e.clientOrderId, 'ACCEPTED', { venueOrderId: e.venueOrderId }, e.timestamp);
          break;
        case 'REJECTED':
          this.portfolio.release(e.clientOrderId);
          this.applyVenueStatus(e.clientOrderId, 'REJECTED', { rejectReason: e.message });
          break;
        case 'FILL':
          // The portfolio settles it in onFillApplied, once the base has checked and applied it.
          this.applyVenueFill(e.fill, e.timestamp);
          break;
        case 'CANCELED':
        case 'EXPIRED':
          this.portfolio.release(e.clientOrderId);
          this.applyVenueStatus(e.clientOrderId, e.kind);
          break;
        case 'CANCEL_REJECTED':
          // A delayed cancel the venue refused: the order closed first (then this is a no-op), or the
          // cancel overtook its order (NOT_FOUND) and the order is still live. Back out of PENDING_CANCEL.
          this.applyCancelRejected(e.clientOrderId, e.message);
          break;
        default:
          break;
      }
    }
    this.armExpiry();
  }

  /**
   * Keeps one timer on the injected clock at the engine's next DAY/GTD expiry, so orders expire at the
   * session end even when no market data arrives. Cheap when nothing can expire (the hot path).
   */
  private armExpiry(): void {
    const at = this.engine.nextExpiryAt();
    if (at === this.expiryAt) return;
    this.disarmExpiry();
    if (at === undefined || this.state === 'DISCONNECTED') return;
    this.expiryAt = at;
    this.expiryTimer = this.clock.setTimeout(() => {
      this.expiryTimer = undefined;
      this.expiryAt = undefined;
      this.apply(this.engine.advanceTime(this.clock.now()));
    }, at - this.clock.now());
  }

  private disarmExpiry(): void {
    this.expiryTimer?.cancel();
    this.expiryTimer = undefined;
    this.expiryAt = undefined;
  }

  private checkMargin(): void {
    // A cash account borrows nothing, so nothing can be liquidated: skip valuing the whole account per event.
    if (!this.portfolio.canMarginCall()) return;
    const status = this.portfolio.marginStatus();
    if (status.marginCall === this.inMarginCall) return;
    this.inMarginCall = status.marginCall;
    if (!status.marginCall) return;
    const message = `margin call: equity ${status.equity} below maintenance ${status.maintenanceRequired}`;
    this.logger.warn(message, {});
    this.bus.publish(
      createEvent({ type: 'Alert', severity: 'CRITICAL', source: 'paper-margin', brokerId: this.id, message, details: { equity: status.equity.toString(), maintenance: status.maintenanceRequired.toString() } }, this.clock.now()),
    );
    if (this.config.liquidateOnMarginCall) {
      for (const position of this.portfolio.positionsSnapshot()) {
        if (position.quantity.isZero()) continue;
        const side = position.quantity.isPositive() ? 'SELL' : 'BUY';
        void this.placeOrder({ instrument: position.instrument, side, type: 'MARKET', quantity: position.quantity.abs(), reduceOnly: true }).catch(() => undefined);
      }
    }
  }

  private later(delay: number, action: () => void): void {
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(handle);
      action();
    }, delay);
    this.timers.add(handle);
  }

  private rejectionError(event: RejectedEngineEvent): Error {
    const options = { brokerId: this.id, clientOrderId: event.clientOrderId, venueCode: event.reason };
    switch (event.reason) {
      case 'INSUFFICIENT_FUNDS':
        return new InsufficientFundsError(event.message, options);
      case 'DUPLICATE_CLIENT_ORDER_ID':
        return new DuplicateOrderError(event.message, options);
      case 'INVALID_QUANTITY':
      case 'MIN_NOTIONAL':
        return new InvalidOrderError('quantity', event.reason, event.message, options);
      case 'INVALID_PRICE':
      case 'MISSING_PRICE':
        return new InvalidOrderError('limitPrice', event.reason, event.message, options);
      case 'INVALID_EXPIRY':
        return new InvalidOrderError('expireAt', event.reason, event.message, options);
      case 'POST_ONLY_WOULD_TAKE':
        return new InvalidOrderError('postOnly', event.reason, event.message, options);
      case 'REDUCE_ONLY_WOULD_INCREASE':
        return new InvalidOrderError('reduceOnly', event.reason, event.message, options);
      default:
        return new InvalidOrderError('instrument', event.reason, event.message, options);
    }
  }
}

