import { Decimal, type MarketData } from '@silvertine/core';
import type { AccountBook } from '../account/account-book';
import { apiErrors, ENGINE_MESSAGES } from '../errors/binance-error';
import type { MarketState, TapeTrade } from '../market/market-state';
import type { MatchEvent, OrderMatcher } from '../matching/order-matcher.port';
import { isStopType, type NewOrderParams } from '../rules/new-order.params';
import { checkOrderFilters } from '../rules/order-filters';
import type { SymbolSpec } from '../rules/symbol-spec';
import { releaseLock, settleFill, type CommissionRates } from './fill-settlement';
import { executionReportJson, type ExecutionType, type Json } from './order-json';
import { isOpen, newOrderRecord, remainingQty, type OrderRecord, type TradeRecord } from './order-record';
import { estimateMarket, stopTriggered } from './order-pricing';
import { trailingStopMoves } from './trailing-stop';

/** Listeners of what the exchange does: user-data events (envelope-less) and prints for market streams. */
export interface ExchangeListeners {
  userEvent(event: Json): void;
  tapeTrade(trade: TapeTrade): void;
}

/** How an order was looked up: by orderId or by its client id. */
export interface OrderRef {
  readonly orderId?: number;
  readonly origClientOrderId?: string;
}

/**
 * The emulated spot exchange for one account: places, cancels and queries orders, holds stop orders
 * until their trigger, feeds the matcher, settles fills into balances and reports every change as a
 * user-data event. All amounts are Decimal; JSON shaping lives in order-json.ts.
 */
export class EmulatedExchange {
  private readonly orders = new Map<number, OrderRecord>();
  // Indexes, so that the cost of a request does not grow with the number of orders ever stored: open
  // orders per symbol (closed ones pruned when next listed), orders per symbol and client id, orders and
  // trades per symbol in id order.
  private readonly openBySymbol = new Map<string, Map<number, OrderRecord>>();
  private readonly byClientId = new Map<string, OrderRecord[]>();
  private readonly bySymbol = new Map<string, OrderRecord[]>();
  private readonly tradesBySymbol = new Map<string, TradeRecord[]>();
  private readonly byMatcherId = new Map<string, OrderRecord>();
  private readonly stops = new Map<number, OrderRecord>();
  private nextOrderId = 1;
  private nextTradeId = 1;
  private clientIdSeq = 0;
  /** Called when a leg of an order list fills or triggers (OCO cancels the other leg). */
  onLegActivity: (order: OrderRecord, now: number) => void = () => undefined;

  constructor(
    readonly specs: ReadonlyMap<string, SymbolSpec>,
    readonly market: MarketState,
    readonly book: AccountBook,
    private readonly matcher: OrderMatcher,
    readonly rates: CommissionRates,
    private readonly listeners: ExchangeListeners,
  ) {
    // A matcher with a venue latency reports its delayed matches here.
    matcher.attach?.((events, now) => this.apply(events, now));
  }

  /** A Binance-style random client order id (22 characters), for orders sent without one. */
  generateClientOrderId(): string {
    this.clientIdSeq++;
    return `emu${Date.now().toString(36)}${this.clientIdSeq.toString(36)}`.padEnd(22, '0').slice(0, 36);
  }

  /**
   * Validates and places an order. Throws BinanceApiError for anything Binance would refuse (filters,
   * duplicate client id, balance, would trigger/take immediately); otherwise returns the record and
   * the trades this request produced.
   */
  place(p: NewOrderParams, now: number, options: { test?: boolean; orderListId?: number; skipLock?: boolean } = {}): { order: OrderRecord; fills: TradeRecord[] } {
    const spec = this.specs.get(p.symbol)!;
    const clientOrderId = p.newClientOrderId ?? this.generateClientOrderId();
    if ((this.byClientId.get(clientKey(p.symbol, clientOrderId)) ?? []).some(isOpen)) throw apiErrors.newOrderRejected(ENGINE_MESSAGES.duplicateOrder);
    const isMarket = p.type === 'MARKET';
    const estimate = isMarket ? estimateMarket(this.market.depth(p.symbol), p.side, p.quantity, p.quoteOrderQty, spec.stepSize) : undefined;
    if (isMarket && !estimate) throw apiErrors.newOrderRejected('No orders on book for symbol.');
    const quantity = p.quantity ?? estimate!.quantity;
    checkOrderFilters(spec, {
      side: p.side,
      isMarket: isMarket || p.type === 'STOP_LOSS' || p.type === 'TAKE_PROFIT',
      price: p.price,
      stopPrice: p.stopPrice,
      quantity,
      averagePrice: this.market.last(p.symbol),
      openOrders: this.openOrders(p.symbol).length,
    });
    const last = this.market.last(p.symbol);
    // A trailing stop's stopPrice is an activation price, never a trigger (inferred: Binance's FAQ lists no
    // "would trigger immediately" case for it).
    if (isStopType(p.type) && p.trailingDelta === undefined && last && stopTriggered(p.type, p.side, p.stopPrice!, last)) {
      throw apiErrors.newOrderRejected(ENGINE_MESSAGES.wouldTriggerImmediately);
    }
    if (options.test) return { order: this.record(p, spec, clientOrderId, quantity, now, -1), fills: [] };

    const order = this.record(p, spec, clientOrderId, quantity, now, options.orderListId ?? -1);
    if (options.skipLock) order.lockPerUnit = Decimal.ZERO;
    else if (p.side === 'SELL') this.lock(order, spec.baseAsset, quantity, Decimal.ONE);
    else if (p.price) this.lock(order, spec.quoteAsset, p.price.times(quantity), p.price);
    else if (estimate) this.book.requireFree(spec.quoteAsset, estimate.cost);
    if (isStopType(p.type)) {
      // Without an activation price a trailing stop trails from the last price at placement.
      if (p.trailingDelta !== undefined) order.trail = p.stopPrice ? { extreme: undefined, time: -1 } : { extreme: last, time: last ? now : -1 };
      this.accept(order, now);
      this.stops.set(order.orderId, order);
      return { order, fills: [] };
    }
    const fills = this.work(order, now);
    return { order, fills };
  }

  private record(p: NewOrderParams, spec: SymbolSpec, clientOrderId: string, quantity: Decimal, now: number, orderListId: number): OrderRecord {
    const stop = isStopType(p.type);
    return newOrderRecord({
      symbol: spec.symbol,
      orderId: this.nextOrderId++,
      orderListId,
      clientOrderId,
      side: p.side,
      type: p.type,
      timeInForce: p.timeInForce ?? 'GTC',
      price: p.price ?? Decimal.ZERO,
      stopPrice: p.stopPrice ?? Decimal.ZERO,
      origQty: quantity,
      origQuoteOrderQty: p.quoteOrderQty ?? Decimal.ZERO,
      time: now,
      workingTime: stop ? -1 : now,
      isWorking: !stop,
      ...(p.trailingDelta === undefined ? {} : { trailingDelta: p.trailingDelta }),
    });
  }

  private lock(order: OrderRecord, asset: string, amount: Decimal, perUnit: Decimal): void {
    this.book.lock(asset, amount);
    order.lockedAsset = asset;
    order.lockedAmount = amount;
    order.lockPerUnit = perUnit;
  }

  private accept(order: OrderRecord, now: number): void {
    this.orders.set(order.orderId, order);
    listOf(this.bySymbol, order.symbol).push(order);
    listOf(this.byClientId, clientKey(order.symbol, order.clientOrderId)).push(order);
    let open = this.openBySymbol.get(order.symbol);
    if (!open) this.openBySymbol.set(order.symbol, (open = new Map()));
    open.set(order.orderId, order);
    this.byMatcherId.set(String(order.orderId), order);
    this.emit(order, 'NEW', now);
  }

  /** Hands a working (non-stop or triggered) order to the matcher and applies what comes back. */
  private work(order: OrderRecord, now: number): TradeRecord[] {
    const limit = order.type !== 'MARKET' && order.type !== 'STOP_LOSS' && order.type !== 'TAKE_PROFIT';
    // Not yet indexed: the matcher's ACCEPTED makes it known (pendingAccept), a REJECTED undoes it.
    this.pending = this.orders.has(order.orderId) ? undefined : order;
    const events = this.matcher.submit(
      {
        clientOrderId: String(order.orderId),
        symbol: order.symbol,
        side: order.side,
        type: limit ? 'LIMIT' : 'MARKET',
        quantity: remainingQty(order),
        limitPrice: limit ? order.price : undefined,
        timeInForce: order.timeInForce,
        postOnly: order.type === 'LIMIT_MAKER',
      },
      now,
    );
    const first = events[0];
    if (first?.kind !== 'ACCEPTED') this.pending = undefined;
    if (first?.kind === 'REJECTED' && !this.orders.has(order.orderId)) {
      releaseLock(this.book, order);
      this.book.takeTouched();
      throw apiErrors.newOrderRejected(first.reason);
    }
    return this.apply(events, now);
  }

  /** Applies matcher events to records, balances and user-data events; returns the new trades. */
  private apply(events: readonly MatchEvent[], now: number): TradeRecord[] {
    const trades: TradeRecord[] = [];
    for (const ev of events) {
      const order = this.byMatcherId.get(ev.clientOrderId) ?? this.pendingAccept(ev, now);
      if (!order) continue;
      switch (ev.kind) {
        case 'ACCEPTED':
          break;
        case 'FILL': {
          const spec = this.specs.get(order.symbol)!;
          const trade = settleFill(this.book, spec, order, { price: ev.price, qty: ev.quantity, maker: ev.liquidity === 'MAKER', id: this.nextTradeId++, time: now }, this.rates);
          trades.push(trade);
          listOf(this.tradesBySymbol, order.symbol).push(trade);
          this.emit(order, 'TRADE', now, trade);
          this.listeners.tapeTrade(this.market.recordTrade(order.symbol, ev.price, ev.quantity, now, order.side === 'SELL' ? ev.liquidity === 'TAKER' : ev.liquidity === 'MAKER'));
          if (order.orderListId >= 0) this.onLegActivity(order, now);
          break;
        }
        case 'EXPIRED':
        case 'CANCELED':
        case 'REJECTED':
          order.status = ev.kind === 'REJECTED' ? 'EXPIRED' : ev.kind;
          order.updateTime = now;
          releaseLock(this.book, order);
          this.emit(order, order.status === 'CANCELED' ? 'CANCELED' : 'EXPIRED', now);
          break;
        case 'CANCEL_REJECTED':
          break;
      }
    }
    this.emitAccount(now);
    return trades;
  }

  /** The order an ACCEPTED event refers to before it was indexed (the first event of a submit). */
  private pendingAccept(ev: MatchEvent, now: number): OrderRecord | undefined {
    if (ev.kind !== 'ACCEPTED') return undefined;
    const order = this.pending;
    if (!order || String(order.orderId) !== ev.clientOrderId) return undefined;
    this.accept(order, now);
    return order;
  }
  private pending?: OrderRecord;

  /** Ends the other leg of an order list with EXPIRED (what Binance does when one OCO leg executes). */
  expire(order: OrderRecord, now: number): void {
    if (!isOpen(order)) return;
    this.stops.delete(order.orderId);
    if (order.isWorking) this.matcher.cancel(String(order.orderId), now);
    order.status = 'EXPIRED';
    order.updateTime = now;
    releaseLock(this.book, order);
    this.emit(order, 'EXPIRED', now);
  }

  /** Cancels an open order; -2011 "Unknown order sent." when there is none. */
  cancel(symbol: string, ref: OrderRef, now: number, cancelClientOrderId?: string): OrderRecord {
    const order = this.find(symbol, ref);
    if (!order || !isOpen(order)) throw apiErrors.cancelRejected();
    this.stops.delete(order.orderId);
    if (order.isWorking) this.matcher.cancel(String(order.orderId), now);
    order.status = 'CANCELED';
    order.updateTime = now;
    releaseLock(this.book, order);
    this.emit(order, 'CANCELED', now, undefined, cancelClientOrderId ?? this.generateClientOrderId());
    this.emitAccount(now);
    return order;
  }

  /** Finds an order by id or client id (the latest with that client id). */
  find(symbol: string, ref: OrderRef): OrderRecord | undefined {
    if (ref.orderId !== undefined) {
      const o = this.orders.get(ref.orderId);
      return o && o.symbol === symbol ? o : undefined;
    }
    const matches = this.byClientId.get(clientKey(symbol, ref.origClientOrderId ?? '')) ?? [];
    return matches.find(isOpen) ?? matches[matches.length - 1];
  }

  /** Open orders (of a symbol, or all by orderId); O(open orders), closed ones are dropped from the index here. */
  openOrders(symbol?: string): OrderRecord[] {
    if (symbol === undefined) return [...this.openBySymbol.keys()].flatMap((s) => this.openOrders(s)).sort((a, b) => a.orderId - b.orderId);
    const open = this.openBySymbol.get(symbol);
    if (!open) return [];
    const out: OrderRecord[] = [];
    for (const [id, o] of open) {
      if (isOpen(o)) out.push(o);
      else open.delete(id);
    }
    return out;
  }

  /** Every order of a symbol, by orderId (a view: callers must not change it). */
  allOrders(symbol: string): readonly OrderRecord[] {
    return this.bySymbol.get(symbol) ?? [];
  }

  /** Every trade of a symbol, by trade id (a view: callers must not change it). */
  trades(symbol: string): readonly TradeRecord[] {
    return this.tradesBySymbol.get(symbol) ?? [];
  }

  /**
   * Feeds market data (from the control interface) to the matcher, then to stops. The matcher learns the
   * move first so that an order the move triggers works against the new market: a sell take-profit
   * triggered by a rise to 51000 sells at the new bid, not at the bid from before the rise. Stops
   * trigger on the move's last price, read before the resting fills it causes print their own prices.
   */
  onMarketData(data: MarketData, now: number): void {
    const last = this.market.last(data.symbol);
    this.apply(this.matcher.onMarketData(data, now), now);
    if (last) {
      for (const order of [...this.stops.values()]) {
        if (order.symbol !== data.symbol) continue;
        const triggered = order.trail ? trailingStopMoves(order, last, now) : stopTriggered(order.type, order.side, order.stopPrice, last);
        if (!triggered) continue;
        this.stops.delete(order.orderId);
        order.isWorking = true;
        order.workingTime = now;
        if (order.orderListId >= 0) this.onLegActivity(order, now);
        if (isOpen(order)) this.work(order, now);
      }
    }
  }

  private emit(order: OrderRecord, x: ExecutionType, now: number, trade?: TradeRecord, cancelId?: string): void {
    this.listeners.userEvent(executionReportJson(order, x, now, trade, cancelId));
  }

  /** One outboundAccountPosition with the assets changed since the last one. */
  emitAccount(now: number): void {
    const changed = this.book.takeTouched();
    if (changed.length === 0) return;
    this.listeners.userEvent({
      e: 'outboundAccountPosition',
      E: now,
      u: now,
      B: changed.map((b) => ({ a: b.asset, f: b.free.toFixed(8), l: b.locked.toFixed(8) })),
    });
  }
}

function clientKey(symbol: string, clientOrderId: string): string {
  return `${symbol} ${clientOrderId}`;
}

function listOf<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
