import {
  Decimal,
  isTerminalStatus,
  ORDER_TYPE_TRAITS,
  asTouch,
  type Bar,
  type Instrument,
  type MarketData,
  type OrderModification,
  type OrderRequest,
  type OrderStatus,
  type Quote,
} from '@silvertine/core';
import { type CommissionModelConfig } from '../models/commission';
import { type SlippageModelConfig } from '../models/slippage';
import { barPath } from './bar-path';
import { BookState, arrivalLiquidity, commitQuoteLiquidity, printLiquidity, quoteLiquidity, type Liquidity } from './book-state';
import { ENGINE_DEFAULTS, validateEngineConfig, type MatchingEngineConfig } from './engine-config';
import type {
  AmendRejectReason,
  CancelReason,
  EngineEvent,
  EngineOrder,
  ExpireReason,
  RejectReason,
} from './engine-events';
import { FillBook } from './fill-book';
import { activeLimitOf, isAwaitingTrigger, newRecord, remainingOf, snapshotOf, type OrderRecord } from './order-record';
import { sessionEndFunction } from './session';
import { betterAnchor, isTriggered, tighterStop, trailingLimitFrom, trailingStopFrom } from './triggers';
import { checkMinNotional, validateRequest } from './validation';

/**
 * A pure, deterministic order matching engine: a simulated venue driven by market data.
 *
 * - Pure: no I/O, no timers, no clock and no randomness of its own. Every call takes the current time,
 *   and returns the events it caused, in order. The same calls with the same data give identical events.
 * - Honest: orders fill only against liquidity the data shows after they arrived, up to its visible
 *   size (quotes) or a share of its volume (trades, bars); resting limits fill at their limit as makers;
 *   takers pay slippage and taker fees.
 *
 * Shared by PaperTradingBroker and the Binance and TWS emulators; see README.md for the matching rules.
 */
export class MatchingEngine {
  private readonly instruments = new Map<string, Instrument>();
  private readonly orders = new Map<string, OrderRecord>();
  /** Open orders by symbol, in time priority (a Map keeps insertion order). */
  private readonly open = new Map<string, Map<string, OrderRecord>>();
  private readonly books = new Map<string, BookState>();
  /** Per symbol, the prices at which some open order could act; absent until asked after each change of the open set. */
  private readonly gates = new Map<string, SweepGate>();
  /** Closed clientOrderIds, oldest first from `closedHead` (a queue without Array.shift's copying). */
  private readonly closed: string[] = [];
  private closedHead = 0;
  private readonly fills: FillBook;
  private readonly sessionEnd: (acceptedAt: number) => number;
  private readonly maxVolumeShare: Decimal;
  private readonly retention: number;
  private nextOrderId = 1;
  private nextSeq = 1;
  private nextExpiry = Number.POSITIVE_INFINITY;

  constructor(private readonly config: MatchingEngineConfig) {
    validateEngineConfig(config);
    for (const instrument of config.instruments) {
      this.instruments.set(instrument.symbol, instrument);
      this.books.set(instrument.symbol, new BookState());
      this.open.set(instrument.symbol, new Map());
    }
    this.sessionEnd = sessionEndFunction(config.sessionEndTime);
    this.maxVolumeShare = config.maxVolumeShare ?? ENGINE_DEFAULTS.maxVolumeShare;
    this.retention = config.closedOrderRetention ?? ENGINE_DEFAULTS.closedOrderRetention;
    this.fills = new FillBook(config.idPrefix ?? '', config.initialPositions, usesTieredCommission(config));
  }

  /** Submits an order arriving at `now`: validates it, accepts it, and fills what is marketable at once. */
  submit(request: OrderRequest, now: number): readonly EngineEvent[] {
    const events: EngineEvent[] = [];
    this.expire(now, events);
    const symbol = request.instrument.symbol;
    const instrument = this.instruments.get(symbol);
    if (instrument === undefined) {
      return this.reject(events, request, now, 'UNKNOWN_SYMBOL', `unknown symbol ${symbol}`);
    }
    if (this.orders.has(request.clientOrderId)) {
      return this.reject(events, request, now, 'DUPLICATE_CLIENT_ORDER_ID', `clientOrderId ${request.clientOrderId} was already used`);
    }
    const book = this.bookOf(symbol);
    const problem = validateRequest(request, instrument, now) ?? this.checkMarketState(request, instrument, book);
    if (problem) return this.reject(events, request, now, problem.reason, problem.message);

    const venueOrderId = `${this.config.idPrefix ?? ''}${this.nextOrderId++}`;
    const rec = newRecord(request, venueOrderId, this.nextSeq++, now);
    if (request.timeInForce === 'DAY') rec.expiresAt = this.sessionEnd(now);
    if (request.timeInForce === 'GTD') rec.expiresAt = request.expireAt;
    if (rec.expiresAt !== undefined) this.nextExpiry = Math.min(this.nextExpiry, rec.expiresAt);
    this.orders.set(request.clientOrderId, rec);
    events.push({ kind: 'ACCEPTED', clientOrderId: request.clientOrderId, venueOrderId, timestamp: now, order: snapshotOf(rec) });

    const liquidity = arrivalLiquidity(book);
    if (isAwaitingTrigger(rec)) {
      if (liquidity) this.checkTrigger(rec, instrument, liquidity, now, events);
      else if (rec.request.timeInForce === 'IOC' || rec.request.timeInForce === 'FOK') {
        // Nothing to trigger against: an IOC/FOK stop cannot wait.
        this.cancelRecord(rec, now, rec.request.timeInForce === 'FOK' ? 'FOK' : 'IOC_REMAINDER', events);
      }
    } else {
      this.activate(rec, instrument, liquidity, now, events);
    }
    if (liquidity) commitQuoteLiquidity(book, liquidity);
    // Into the open set only if it is still open: a marketable order that filled (or was canceled) on
    // arrival never touches it, which saves a map insertion and deletion per such order. Nothing above
    // needs it there (self-trade checks skip the order itself), and it is the newest order either way,
    // so time priority and iteration order are as if it had been inserted on acceptance.
    if (!isTerminalStatus(rec.status)) {
      this.openIn(symbol).set(request.clientOrderId, rec);
      this.gates.delete(symbol);
    }
    return events;
  }

  /** A cancel arriving at `now`. One that arrives after the last fill fails with ALREADY_CLOSED, as at a venue. */
  cancel(clientOrderId: string, now: number): readonly EngineEvent[] {
    const events: EngineEvent[] = [];
    this.expire(now, events);
    const rec = this.orders.get(clientOrderId);
    if (rec === undefined) {
      events.push({ kind: 'CANCEL_REJECTED', clientOrderId, timestamp: now, reason: 'NOT_FOUND', message: `order ${clientOrderId} not found` });
    } else if (isTerminalStatus(rec.status)) {
      events.push({
        kind: 'CANCEL_REJECTED',
        clientOrderId,
        venueOrderId: rec.venueOrderId,
        timestamp: now,
        reason: 'ALREADY_CLOSED',
        message: `order ${clientOrderId} is already ${rec.status}`,
        order: snapshotOf(rec),
      });
    } else {
      this.cancelRecord(rec, now, 'USER', events);
    }
    return events;
  }

  /**
   * Changes an open order's quantity, limit price or (untriggered) stop price. A price change or a larger
   * quantity loses time priority, as at most venues; a new limit that is now marketable fills as a taker.
   */
  amend(clientOrderId: string, changes: OrderModification, now: number): readonly EngineEvent[] {
    const events: EngineEvent[] = [];
    this.expire(now, events);
    const rec = this.orders.get(clientOrderId);
    const refuse = (reason: AmendRejectReason, message: string): readonly EngineEvent[] => {
      events.push({
        kind: 'AMEND_REJECTED',
        clientOrderId,
        venueOrderId: rec?.venueOrderId,
        timestamp: now,
        reason,
        message,
        order: rec && snapshotOf(rec),
      });
      return events;
    };
    if (rec === undefined) return refuse('NOT_FOUND', `order ${clientOrderId} not found`);
    if (isTerminalStatus(rec.status)) return refuse('ALREADY_CLOSED', `order ${clientOrderId} is already ${rec.status}`);
    const req = rec.request;
    const instrument = this.instrumentOf(req.instrument.symbol);
    const traits = ORDER_TYPE_TRAITS[req.type];
    if (changes.limitPrice !== undefined && !traits.requiresLimitPrice) {
      return refuse('NOT_SUPPORTED', `a ${req.type} order has no limit price`);
    }
    if (changes.stopPrice !== undefined && (!traits.requiresStopPrice || rec.triggered)) {
      return refuse('NOT_SUPPORTED', `the stop price of this ${req.type} order cannot change`);
    }
    const quantity = changes.quantity ?? req.quantity;
    if (quantity.lte(rec.filled)) return refuse('INVALID_QUANTITY', `quantity ${quantity} is not above the filled ${rec.filled}`);
    const amended: OrderRequest = {
      ...req,
      quantity,
      limitPrice: changes.limitPrice ?? req.limitPrice,
      stopPrice: changes.stopPrice ?? req.stopPrice,
    };
    // GTD's expiry was checked on arrival; an amend does not move it, so only the price/quantity rules apply.
    const problem = validateRequest({ ...amended, timeInForce: req.timeInForce === 'GTD' ? 'GTC' : req.timeInForce }, instrument, now);
    if (problem) return refuse(problem.reason === 'INVALID_QUANTITY' ? 'INVALID_QUANTITY' : 'INVALID_PRICE', problem.message);
    const book = this.bookOf(instrument.symbol);
    if (req.postOnly && this.wouldTake(amended, book)) return refuse('POST_ONLY_WOULD_TAKE', 'the new limit price would take liquidity');

    const losesPriority = changes.limitPrice !== undefined || changes.stopPrice !== undefined || quantity.gt(req.quantity);
    rec.request = amended;
    this.gates.delete(instrument.symbol);
    if (changes.stopPrice !== undefined) rec.stopPrice = changes.stopPrice;
    rec.updatedAt = now;
    if (losesPriority) {
      rec.seq = this.nextSeq++;
      const open = this.openIn(instrument.symbol);
      open.delete(clientOrderId);
      open.set(clientOrderId, rec);
    }
    events.push({ kind: 'AMENDED', clientOrderId, venueOrderId: rec.venueOrderId, timestamp: now, order: snapshotOf(rec) });
    const liquidity = arrivalLiquidity(book);
    if (liquidity) {
      if (isAwaitingTrigger(rec)) this.checkTrigger(rec, instrument, liquidity, now, events);
      else this.match(rec, instrument, liquidity, true, now, events);
      commitQuoteLiquidity(book, liquidity);
    }
    return events;
  }

  /**
   * Feeds one market-data update. `now` defaults to the data's time (a bar's close time for bars, since a
   * bar is only known once it has closed). Expires due orders first, then triggers and fills.
   */
  onMarketData(update: MarketData, now?: number): readonly EngineEvent[] {
    const at = now ?? (update.kind === 'bar' ? update.timestamp + update.durationMs : update.timestamp);
    // The list is taken only once something happens (an expiry, an order an update can act on): most
    // updates of a replay move no order and return the shared empty list, allocating nothing (issue 21).
    let events: EngineEvent[] | undefined;
    if (at >= this.nextExpiry) this.expire(at, (events = []));
    // A depth snapshot matches through its top of book (our orders see the touch, as with a quote).
    const data = asTouch(update);
    if (data === undefined) return events ?? NO_EVENTS;
    const book = this.books.get(data.symbol);
    const instrument = this.instruments.get(data.symbol);
    if (book === undefined || instrument === undefined) return events ?? NO_EVENTS;
    switch (data.kind) {
      case 'quote': {
        book.applyQuote(data);
        // Most quotes move no order: decided from the cached best limits and nearest triggers, no allocation.
        if (!this.mayAct(data.symbol, data.ask, data.bid)) break;
        const liquidity = quoteLiquidity(book);
        if (liquidity) {
          this.sweep(instrument, liquidity, at, (events ??= []));
          commitQuoteLiquidity(book, liquidity);
        }
        break;
      }
      case 'trade':
        book.seenPrints = true;
        book.lastTradePrice = data.price;
        book.stats.observePrice(data.price, data.timestamp);
        book.stats.observeVolume(data.size);
        // The sweep's own gate, asked before its liquidity is built: a print no order can act on allocates nothing.
        if (!this.mayAct(data.symbol, data.price, data.price)) break;
        this.sweep(instrument, printLiquidity(data.price, data.size, this.maxVolumeShare), at, (events ??= []));
        break;
      case 'bar':
        book.seenPrints = true;
        book.stats.observePrice(data.close, data.timestamp + data.durationMs);
        book.stats.observeVolume(data.volume);
        // Each point of the path is swept at its own price, and every point is the open, high, low or close:
        // when none of the four passes the gate, no sweep would (nothing changes the gate in between), so
        // the path (four points, a volume division) is not built. The path ends at the close.
        if (!this.barMayAct(data)) {
          book.lastTradePrice = data.close;
          break;
        }
        {
          let previous: Decimal | undefined;
          for (const point of barPath(data)) {
            book.lastTradePrice = point.price;
            this.sweep(instrument, printLiquidity(point.price, point.size, this.maxVolumeShare, previous), at, (events ??= []));
            previous = point.price;
          }
        }
        break;
    }
    return events ?? NO_EVENTS;
  }

  /** Moves the engine's clock: DAY and GTD orders due at or before `now` expire. */
  advanceTime(now: number): readonly EngineEvent[] {
    const events: EngineEvent[] = [];
    this.expire(now, events);
    return events;
  }

  /**
   * The earliest time a DAY/GTD order may expire, or undefined when none is waiting. It may be early (an
   * order that has since filled): calling advanceTime then expires nothing and recomputes it. The
   * engine has no timers; a host that must expire orders without market data arms one for this time.
   */
  nextExpiryAt(): number | undefined {
    return this.nextExpiry === Number.POSITIVE_INFINITY ? undefined : this.nextExpiry;
  }

  /** The order with this clientOrderId (open, or closed and still retained). */
  getOrder(clientOrderId: string): EngineOrder | undefined {
    const rec = this.orders.get(clientOrderId);
    return rec && snapshotOf(rec);
  }

  /** Open orders, in time priority, for one symbol or all. */
  openOrders(symbol?: string): readonly EngineOrder[] {
    const out: EngineOrder[] = [];
    for (const [sym, open] of this.open) {
      if (symbol !== undefined && sym !== symbol) continue;
      for (const rec of open.values()) out.push(snapshotOf(rec));
    }
    return out;
  }

  /** The last quote seen for a symbol. */
  lastQuote(symbol: string): Quote | undefined {
    return this.books.get(symbol)?.quote;
  }

  /** Mid of the last quote seen (computed once per quote, when first asked). */
  lastMid(symbol: string): Decimal | undefined {
    return this.books.get(symbol)?.mid();
  }

  /** The last trade price seen (a trade, or the last point of a bar's path). */
  lastTradePrice(symbol: string): Decimal | undefined {
    return this.books.get(symbol)?.lastTradePrice;
  }

  /** Net position (signed) from the engine's own fills plus its seed. */
  positionOf(symbol: string): Decimal {
    return this.fills.positionOf(symbol);
  }

  /** Replaces the engine's position in a symbol (for reduceOnly checks after an outside change). */
  setPosition(symbol: string, quantity: Decimal): void {
    this.fills.setPosition(symbol, quantity);
  }

  /** Estimated daily volatility and average daily volume for a symbol, from the data seen so far. */
  marketStats(symbol: string): { readonly sigma?: number; readonly adv?: Decimal } {
    const stats = this.books.get(symbol)?.stats;
    return { sigma: stats?.sigma(), adv: stats?.adv() };
  }

  // ---------------------------------------------------------------------------------------------------

  private bookOf(symbol: string): BookState {
    const book = this.books.get(symbol);
    if (book === undefined) throw new RangeError(`unknown symbol ${symbol}`);
    return book;
  }

  private instrumentOf(symbol: string): Instrument {
    const instrument = this.instruments.get(symbol);
    if (instrument === undefined) throw new RangeError(`unknown symbol ${symbol}`);
    return instrument;
  }

  private openIn(symbol: string): Map<string, OrderRecord> {
    let open = this.open.get(symbol);
    if (open === undefined) {
      open = new Map();
      this.open.set(symbol, open);
    }
    return open;
  }

  private slippageFor(symbol: string): SlippageModelConfig {
    return this.config.slippageBySymbol?.[symbol] ?? this.config.slippage ?? ENGINE_DEFAULTS.slippage;
  }

  private commissionFor(symbol: string): CommissionModelConfig {
    return this.config.commissionBySymbol?.[symbol] ?? this.config.commission ?? ENGINE_DEFAULTS.commission;
  }

  private reject(events: EngineEvent[], request: OrderRequest, now: number, reason: RejectReason, message: string): EngineEvent[] {
    const order: EngineOrder = {
      request,
      clientOrderId: request.clientOrderId,
      status: 'REJECTED',
      filledQuantity: Decimal.ZERO,
      remainingQuantity: request.quantity,
      createdAt: now,
      updatedAt: now,
      rejectReason: message,
      triggered: false,
      totalCommission: Decimal.ZERO,
    };
    events.push({ kind: 'REJECTED', clientOrderId: request.clientOrderId, timestamp: now, reason, message, order });
    return events;
  }

  /** Checks that need the market and the position: postOnly, reduceOnly, minimum notional, pre-trade hook. */
  private checkMarketState(request: OrderRequest, instrument: Instrument, book: BookState): { reason: RejectReason; message: string } | undefined {
    if (request.postOnly && this.wouldTake(request, book)) {
      return { reason: 'POST_ONLY_WOULD_TAKE', message: `postOnly ${request.side} at ${request.limitPrice} would take liquidity` };
    }
    const position = this.fills.positionOf(instrument.symbol);
    if (request.reduceOnly) {
      const capacity = request.side === 'BUY' ? position.negated() : position;
      if (request.quantity.gt(capacity)) {
        return {
          reason: 'REDUCE_ONLY_WOULD_INCREASE',
          message: `reduceOnly ${request.side} ${request.quantity} exceeds the position that can be reduced (${Decimal.max(capacity, Decimal.ZERO)})`,
        };
      }
    }
    const referencePrice = request.limitPrice ?? this.referencePrice(request.side, book);
    if (request.type === 'MARKET' && referencePrice !== undefined) {
      const notionalProblem = checkMinNotional(request.quantity, referencePrice, instrument);
      if (notionalProblem) return notionalProblem;
    }
    const check = this.config.preTradeCheck;
    if (check) {
      const openOrders = [...this.openIn(instrument.symbol).values()].map(snapshotOf);
      return check(request, { position, referencePrice, openOrders });
    }
    return undefined;
  }

  private referencePrice(side: 'BUY' | 'SELL', book: BookState): Decimal | undefined {
    const q = book.quote;
    if (q) return side === 'BUY' ? q.ask : q.bid;
    return book.lastTradePrice;
  }

  /** True when a limit order would be marketable against the current quote (or last trade without quotes). */
  private wouldTake(request: OrderRequest, book: BookState): boolean {
    const limit = request.limitPrice;
    const opposite = this.referencePrice(request.side, book);
    if (limit === undefined || opposite === undefined) return false;
    return request.side === 'BUY' ? limit.gte(opposite) : limit.lte(opposite);
  }

  /**
   * An order becomes active (on arrival, or when its stop triggers): FOK checks it can fill completely,
   * it takes what it can as a taker, and IOC/FOK cancel what is left.
   */
  private activate(rec: OrderRecord, instrument: Instrument, liquidity: Liquidity | undefined, now: number, events: EngineEvent[]): void {
    const tif = rec.request.timeInForce;
    if (tif === 'FOK' && !(liquidity && this.canFillCompletely(rec, instrument, liquidity))) {
      this.cancelRecord(rec, now, 'FOK', events);
      return;
    }
    if (liquidity) this.match(rec, instrument, liquidity, true, now, events);
    if ((tif === 'IOC' || tif === 'FOK') && !isTerminalStatus(rec.status)) this.cancelRecord(rec, now, 'IOC_REMAINDER', events);
  }

  private canFillCompletely(rec: OrderRecord, instrument: Instrument, liquidity: Liquidity): boolean {
    const buy = rec.request.side === 'BUY';
    const price = buy ? liquidity.buyPrice : liquidity.sellPrice;
    if (price === undefined || !this.isMarketable(rec, price)) return false;
    const size = (buy ? liquidity.buySize : liquidity.sellSize).roundToStep(instrument.stepSize, 'DOWN');
    return size.gte(remainingOf(rec)) && this.selfTradeConflict(rec, price) === undefined;
  }

  private isMarketable(rec: OrderRecord, price: Decimal): boolean {
    const limit = activeLimitOf(rec);
    if (limit === undefined) return true;
    return rec.request.side === 'BUY' ? price.lte(limit) : price.gte(limit);
  }

  /** Our own resting opposite order the taker would meet first, if self-trade prevention is on. */
  private selfTradeConflict(rec: OrderRecord, price: Decimal): OrderRecord | undefined {
    if ((this.config.selfTradePrevention ?? ENGINE_DEFAULTS.selfTradePrevention) === 'NONE') return undefined;
    for (const other of this.openIn(rec.request.instrument.symbol).values()) {
      if (other === rec || other.request.side === rec.request.side || isAwaitingTrigger(other)) continue;
      const limit = activeLimitOf(other);
      if (limit === undefined) continue;
      // Our resting sell at or below the price a buy would pay sits ahead of the market's offer, and vice versa.
      if (rec.request.side === 'BUY' ? limit.lte(price) : limit.gte(price)) return other;
    }
    return undefined;
  }

  /**
   * Fills what `rec` can take from `liquidity`. Takers meet the market price plus slippage (never beyond
   * their limit); resting limit orders fill at their own limit as makers.
   */
  private match(rec: OrderRecord, instrument: Instrument, liquidity: Liquidity, asTaker: boolean, now: number, events: EngineEvent[]): void {
    const buy = rec.request.side === 'BUY';
    const marketPrice = buy ? liquidity.buyPrice : liquidity.sellPrice;
    if (marketPrice === undefined || !this.isMarketable(rec, marketPrice)) return;
    const limit = activeLimitOf(rec);
    const taker = asTaker || limit === undefined;
    if (taker && this.selfTradeConflict(rec, marketPrice)) {
      this.cancelRecord(rec, now, 'SELF_TRADE_PREVENTION', events);
      return;
    }
    const pool = buy ? liquidity.buySize : liquidity.sellSize;
    let quantity = Decimal.min(remainingOf(rec), pool).roundToStep(instrument.stepSize, 'DOWN');
    if (rec.request.reduceOnly) {
      const position = this.fills.positionOf(instrument.symbol);
      const capacity = buy ? position.negated() : position;
      if (!capacity.isPositive()) {
        this.cancelRecord(rec, now, 'REDUCE_ONLY', events);
        return;
      }
      quantity = Decimal.min(quantity, capacity);
    }
    if (!quantity.isPositive()) return;
    const slippage = taker ? this.slippageFor(instrument.symbol) : undefined;
    // The volatility and volume estimates only feed MARKET_IMPACT: not computed for any other model.
    const stats = slippage?.model === 'MARKET_IMPACT' ? this.bookOf(instrument.symbol).stats : undefined;
    const referencePrice = taker || limit === undefined ? marketPrice : limit;
    const commission = this.commissionFor(instrument.symbol);
    const event = stats
      ? this.fills.execute(rec, instrument, quantity, referencePrice, 'TAKER', slippage, commission, now, stats.sigma(), stats.adv())
      : this.fills.execute(rec, instrument, quantity, referencePrice, taker ? 'TAKER' : 'MAKER', slippage, commission, now);
    if (buy) liquidity.buySize = pool.minus(quantity);
    else liquidity.sellSize = pool.minus(quantity);
    events.push(event);
    if (rec.status === 'FILLED') {
      this.close(rec);
    } else if (rec.request.reduceOnly && this.fills.positionOf(instrument.symbol).isZero()) {
      // Nothing left to reduce: a venue cancels the rest rather than let it open a new position.
      this.cancelRecord(rec, now, 'REDUCE_ONLY', events);
    }
  }

  /** Updates a waiting stop (and a trailing stop's level) against one update, and activates it when crossed. */
  private checkTrigger(rec: OrderRecord, instrument: Instrument, liquidity: Liquidity, now: number, events: EngineEvent[]): void {
    const req = rec.request;
    const traits = ORDER_TYPE_TRAITS[req.type];
    const kind = traits.trigger ?? 'STOP';
    // A buy trigger watches the price buyers pay (ask or print), a sell trigger the price sellers get.
    const price = req.side === 'BUY' ? liquidity.buyPrice : liquidity.sellPrice;
    if (price === undefined) return;
    if (rec.stopPrice !== undefined && isTriggered(kind, req.side, rec.stopPrice, price)) {
      rec.triggered = true;
      this.gates.delete(req.instrument.symbol);
      rec.updatedAt = now;
      if (req.type === 'TRAILING_STOP_LIMIT') rec.triggeredLimit = trailingLimitFrom(req.side, rec.stopPrice, req.trailingLimitOffset ?? Decimal.ZERO);
      const from = liquidity.continuousFrom;
      // Inside a bar the price moved continuously from `from`: the trigger was crossed at the trigger itself.
      const crossedOnTheWay = from !== undefined && !isTriggered(kind, req.side, rec.stopPrice, from);
      const triggerPrice = crossedOnTheWay ? rec.stopPrice : price;
      events.push({ kind: 'TRIGGERED', clientOrderId: req.clientOrderId, venueOrderId: rec.venueOrderId, timestamp: now, triggerPrice, order: snapshotOf(rec) });
      if (!crossedOnTheWay) {
        this.activate(rec, instrument, liquidity, now, events);
        return;
      }
      const atStop: Liquidity = { ...liquidity, buyPrice: triggerPrice, sellPrice: triggerPrice };
      this.activate(rec, instrument, atStop, now, events);
      liquidity.buySize = atStop.buySize;
      liquidity.sellSize = atStop.sellSize;
      return;
    }
    if (traits.trailing) {
      rec.anchor = betterAnchor(req.side, rec.anchor, price);
      rec.stopPrice = tighterStop(req.side, rec.stopPrice, trailingStopFrom(req, rec.anchor, instrument.tickSize));
    }
  }

  /** Runs one update past every open order of its symbol: triggers first (in time priority), then fills. */
  private sweep(instrument: Instrument, liquidity: Liquidity, now: number, events: EngineEvent[]): void {
    const open = this.openIn(instrument.symbol);
    if (open.size === 0 || !this.mayAct(instrument.symbol, liquidity.buyPrice, liquidity.sellPrice)) return;
    const activated = new Set<OrderRecord>();
    for (const rec of [...open.values()]) {
      if (!isAwaitingTrigger(rec) || !open.has(rec.request.clientOrderId)) continue;
      this.checkTrigger(rec, instrument, liquidity, now, events);
      if (rec.triggered) activated.add(rec);
    }
    const resting = [...open.values()].filter((rec) => !activated.has(rec) && !isAwaitingTrigger(rec));
    if (resting.length > 1) resting.sort(byPriority);
    for (const rec of resting) {
      if (open.has(rec.request.clientOrderId)) this.match(rec, instrument, liquidity, false, now, events);
    }
  }

  /**
   * False when no open order of the symbol can act at these prices: every resting limit is away from them
   * and no waiting stop would trigger. Then a sweep would only find nothing to do (a non-marketable limit
   * is left as it is, an untriggered plain stop too), so skipping it changes nothing. O(1) per update; the
   * gate is rebuilt (one pass over the open orders) only after the open set changed.
   */
  private mayAct(symbol: string, buyPrice: Decimal | undefined, sellPrice: Decimal | undefined): boolean {
    const open = this.open.get(symbol);
    if (open === undefined || open.size === 0) return false;
    let gate = this.gates.get(symbol);
    if (gate === undefined) {
      gate = sweepGateOf(open);
      this.gates.set(symbol, gate);
    }
    if (gate.always) return true;
    if (buyPrice !== undefined && (reaches(buyPrice, gate.buyLimit, 'DOWN') || reaches(buyPrice, gate.buyRise, 'UP') || reaches(buyPrice, gate.buyFall, 'DOWN'))) return true;
    if (sellPrice !== undefined && (reaches(sellPrice, gate.sellLimit, 'UP') || reaches(sellPrice, gate.sellRise, 'UP') || reaches(sellPrice, gate.sellFall, 'DOWN'))) return true;
    return false;
  }

  /** True when some open order could act at one of the prices a bar's path visits (see onMarketData). */
  private barMayAct(bar: Bar): boolean {
    const s = bar.symbol;
    return this.mayAct(s, bar.open, bar.open) || this.mayAct(s, bar.high, bar.high) || this.mayAct(s, bar.low, bar.low) || this.mayAct(s, bar.close, bar.close);
  }

  private cancelRecord(rec: OrderRecord, now: number, reason: CancelReason, events: EngineEvent[]): void {
    this.finish(rec, 'CANCELED', now);
    events.push({ kind: 'CANCELED', clientOrderId: rec.request.clientOrderId, venueOrderId: rec.venueOrderId, timestamp: now, reason, order: snapshotOf(rec) });
  }

  private finish(rec: OrderRecord, status: OrderStatus, now: number): void {
    rec.status = status;
    rec.updatedAt = now;
    this.close(rec);
  }

  /** Removes a terminal order from the open set and forgets the oldest closed orders beyond retention. */
  private close(rec: OrderRecord): void {
    const symbol = rec.request.instrument.symbol;
    if (this.open.get(symbol)?.delete(rec.request.clientOrderId)) this.gates.delete(symbol);
    this.closed.push(rec.request.clientOrderId);
    while (this.closed.length - this.closedHead > this.retention) this.orders.delete(this.closed[this.closedHead++]);
    // Drop forgotten ids now and then, so the array stays about twice the retention at most.
    if (this.closedHead > 1024 && this.closedHead * 2 > this.closed.length) {
      this.closed.splice(0, this.closedHead);
      this.closedHead = 0;
    }
  }

  /** Expires DAY and GTD orders due at or before `now`. Cheap when nothing is due. */
  private expire(now: number, events: EngineEvent[]): void {
    if (now < this.nextExpiry) return;
    let next = Number.POSITIVE_INFINITY;
    for (const open of this.open.values()) {
      for (const rec of [...open.values()]) {
        if (rec.expiresAt === undefined) continue;
        if (rec.expiresAt <= now) {
          this.finish(rec, 'EXPIRED', now);
          const reason: ExpireReason = rec.request.timeInForce === 'DAY' ? 'DAY' : 'GTD';
          events.push({ kind: 'EXPIRED', clientOrderId: rec.request.clientOrderId, venueOrderId: rec.venueOrderId, timestamp: now, reason, order: snapshotOf(rec) });
        } else {
          next = Math.min(next, rec.expiresAt);
        }
      }
    }
    this.nextExpiry = next;
  }
}

/** What an update that changed no order returns (shared: callers get a readonly list). */
const NO_EVENTS: readonly EngineEvent[] = Object.freeze([]);

/**
 * The levels that decide whether an update can move any open order of a symbol. A buy meets the price
 * buyers pay (ask or print), a sell the price sellers get (bid or print).
 */
interface SweepGate {
  /** Some order acts on every update: a market order waiting for liquidity, a triggered stop, a trailing stop. */
  readonly always: boolean;
  /** Highest resting buy limit: marketable when the buy price falls to it. */
  readonly buyLimit?: Decimal;
  /** Lowest resting sell limit: marketable when the sell price rises to it. */
  readonly sellLimit?: Decimal;
  /** Waiting triggers that fire when the price rises to them (buy stop, sell take-profit): the lowest, per side. */
  readonly buyRise?: Decimal;
  readonly sellRise?: Decimal;
  /** Waiting triggers that fire when the price falls to them (sell stop, buy take-profit): the highest, per side. */
  readonly buyFall?: Decimal;
  readonly sellFall?: Decimal;
}

const ALWAYS: SweepGate = { always: true };

/** One pass over a symbol's open orders: the gate `mayAct` checks updates against. */
function sweepGateOf(open: ReadonlyMap<string, OrderRecord>): SweepGate {
  let buyLimit: Decimal | undefined;
  let sellLimit: Decimal | undefined;
  let buyRise: Decimal | undefined;
  let sellRise: Decimal | undefined;
  let buyFall: Decimal | undefined;
  let sellFall: Decimal | undefined;
  for (const rec of open.values()) {
    const buy = rec.request.side === 'BUY';
    if (isAwaitingTrigger(rec)) {
      const traits = ORDER_TYPE_TRAITS[rec.request.type];
      // A trailing stop moves its level with every price; a stop without a level cannot trigger.
      if (traits.trailing) return ALWAYS;
      const level = rec.stopPrice;
      if (level === undefined) continue;
      const rises = buy === ((traits.trigger ?? 'STOP') === 'STOP');
      if (rises) {
        if (buy) buyRise = buyRise === undefined ? level : Decimal.min(buyRise, level);
        else sellRise = sellRise === undefined ? level : Decimal.min(sellRise, level);
      } else if (buy) buyFall = buyFall === undefined ? level : Decimal.max(buyFall, level);
      else sellFall = sellFall === undefined ? level : Decimal.max(sellFall, level);
      continue;
    }
    const limit = activeLimitOf(rec);
    if (limit === undefined) return ALWAYS;
    if (buy) buyLimit = buyLimit === undefined ? limit : Decimal.max(buyLimit, limit);
    else sellLimit = sellLimit === undefined ? limit : Decimal.min(sellLimit, limit);
  }
  return { always: false, buyLimit, sellLimit, buyRise, sellRise, buyFall, sellFall };
}

/** True when `price` has reached `level` moving up (price ≥ level) or down (price ≤ level). */
function reaches(price: Decimal, level: Decimal | undefined, direction: 'UP' | 'DOWN'): boolean {
  if (level === undefined) return false;
  return direction === 'UP' ? price.gte(level) : price.lte(level);
}

/** True when some commission schedule of the engine depends on the month's traded volume (TIERED). */
function usesTieredCommission(config: MatchingEngineConfig): boolean {
  const schedules = [config.commission ?? ENGINE_DEFAULTS.commission, ...Object.values(config.commissionBySymbol ?? {})];
  return schedules.some((schedule) => schedule.model === 'TIERED');
}

/**
 * Fill priority within one update: orders without a limit (market, triggered stops) first, then limits
 * by price (highest bid, lowest offer), then time.
 */
function byPriority(a: OrderRecord, b: OrderRecord): number {
  const la = activeLimitOf(a);
  const lb = activeLimitOf(b);
  if (la === undefined || lb === undefined) {
    if (la === undefined && lb !== undefined) return -1;
    if (lb === undefined && la !== undefined) return 1;
    return a.seq - b.seq;
  }
  if (a.request.side === b.request.side && !la.eq(lb)) {
    const better = a.request.side === 'BUY' ? lb.compare(la) : la.compare(lb);
    return better;
  }
  return a.seq - b.seq;
}
