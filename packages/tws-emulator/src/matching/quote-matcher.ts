import { Decimal, ORDER_TYPE_TRAITS, asTouch, type MarketData, type OrderRequest } from '@silvertine/core';
import type { MatchEvent, OrderMatcher } from './order-matcher.port';

interface Book {
  bid?: Decimal;
  ask?: Decimal;
  /** Undefined size means "as much as asked". */
  bidSize?: Decimal;
  askSize?: Decimal;
  last?: Decimal;
}

interface Working {
  readonly request: OrderRequest;
  remaining: Decimal;
  triggered: boolean;
  /** Current trigger level: the stop or take-profit price, or a trailing order's stop. */
  stop?: Decimal;
  /** A triggered TRAILING_STOP_LIMIT's limit (its stop ± trailingLimitOffset). */
  limit?: Decimal;
  /** Best price seen since placement, which a trailing stop follows. */
  extreme?: Decimal;
  /** True once the order has rested through a market update (fills then are maker fills at the limit). */
  resting: boolean;
}

const HUNDRED = Decimal.from(100);

/**
 * True once `touch` has reached a trigger: a STOP when the market moves against the side (a buy at or
 * above it, a sell at or below), a TAKE_PROFIT when it moves in the side's favour (a sell at or above, a
 * buy at or below).
 */
function reached(kind: 'STOP' | 'TAKE_PROFIT', buy: boolean, level: Decimal, touch: Decimal): boolean {
  return buy === (kind === 'STOP') ? touch.gte(level) : touch.lte(level);
}

/**
 * A small top-of-book matcher: market and triggered stop orders take the touch, limit orders fill when
 * the touch crosses them (at the touch on arrival, at their limit once resting), sizes on the touch cap
 * each fill so partial fills happen when the book is thin. Trailing stops follow the best bid (sell) or
 * ask (buy); take-profits (IB's MIT/LIT) trigger when the touch moves in their favour; a triggered
 * trailing stop limit works its limit at the stop ∓ trailingLimitOffset. It is the emulator's stand-in for @silvertine/paper's engine, not a venue simulation.
 */
export class QuoteMatcher implements OrderMatcher {
  private readonly books = new Map<string, Book>();
  private readonly orders = new Map<string, Working>();

  submit(request: OrderRequest, now: number): MatchEvent[] {
    const id = request.clientOrderId;
    const reject = (reason: string, message: string): MatchEvent[] => [{ kind: 'REJECTED', clientOrderId: id, reason, message }];
    if (this.orders.has(id)) return reject('DUPLICATE_CLIENT_ORDER_ID', `order ${id} already exists`);
    if (!request.quantity.isPositive()) return reject('INVALID_QUANTITY', 'quantity must be positive');
    const traits = ORDER_TYPE_TRAITS[request.type];
    if (traits.requiresLimitPrice && request.limitPrice === undefined) return reject('MISSING_PRICE', 'limit price required');
    if (traits.requiresStopPrice && request.stopPrice === undefined) return reject('MISSING_PRICE', 'stop price required');
    if (traits.trailing && request.trailingAmount === undefined && request.trailingPercent === undefined) {
      return reject('MISSING_PRICE', 'trailing amount or percent required');
    }
    if (request.type === 'TRAILING_STOP_LIMIT' && (request.trailingLimitOffset === undefined || request.trailingLimitOffset.isNegative())) {
      return reject('MISSING_PRICE', 'trailing limit offset required (zero or more)');
    }
    const working: Working = { request, remaining: request.quantity, triggered: false, stop: request.stopPrice, resting: false };
    this.orders.set(id, working);
    const events: MatchEvent[] = [{ kind: 'ACCEPTED', clientOrderId: id }];
    const book = this.books.get(request.instrument.symbol) ?? {};
    events.push(...this.work(working, book, now, new Map()));
    if (this.orders.has(id) && (request.timeInForce === 'IOC' || request.timeInForce === 'FOK')) {
      this.orders.delete(id);
      events.push({ kind: 'CANCELED', clientOrderId: id });
    }
    working.resting = true;
    return events;
  }

  cancel(clientOrderId: string): MatchEvent[] {
    if (!this.orders.delete(clientOrderId)) {
      return [{ kind: 'CANCEL_REJECTED', clientOrderId, message: 'order not open' }];
    }
    return [{ kind: 'CANCELED', clientOrderId }];
  }

  onMarketData(update: MarketData, now: number): MatchEvent[] {
    const data = asTouch(update);
    if (data === undefined) return [];
    const book = this.books.get(data.symbol) ?? {};
    if (data.kind === 'quote') {
      book.bid = data.bid;
      book.ask = data.ask;
      book.bidSize = data.bidSize.isPositive() ? data.bidSize : undefined;
      book.askSize = data.askSize.isPositive() ? data.askSize : undefined;
    } else if (data.kind === 'trade') {
      book.last = data.price;
    } else {
      book.last = data.close;
    }
    this.books.set(data.symbol, book);
    // size taken from the touch during this update, so two orders cannot both take the whole touch
    const taken = new Map<'bid' | 'ask', Decimal>();
    const events: MatchEvent[] = [];
    for (const working of [...this.orders.values()]) {
      if (working.request.instrument.symbol === data.symbol) events.push(...this.work(working, book, now, taken));
    }
    return events;
  }

  advanceTime(now: number): MatchEvent[] {
    const events: MatchEvent[] = [];
    for (const [id, working] of this.orders) {
      const expireAt = working.request.expireAt;
      if (working.request.timeInForce === 'GTD' && expireAt !== undefined && now >= expireAt) {
        this.orders.delete(id);
        events.push({ kind: 'EXPIRED', clientOrderId: id });
      }
    }
    return events;
  }

  private work(working: Working, book: Book, now: number, taken: Map<'bid' | 'ask', Decimal>): MatchEvent[] {
    const { request } = working;
    const buy = request.side === 'BUY';
    const touch = buy ? (book.ask ?? book.last) : (book.bid ?? book.last);
    if (touch === undefined) return [];
    const events: MatchEvent[] = [];
    const traits = ORDER_TYPE_TRAITS[request.type];
    if (traits.trailing && !working.triggered) this.trail(working, touch);
    if (traits.trigger && !working.triggered) {
      const stop = working.stop;
      if (stop === undefined || !reached(traits.trigger, buy, stop, touch)) return [];
      working.triggered = true;
      // a triggered trailing stop limit works a limit `offset` beyond its stop (below for a sell)
      if (request.type === 'TRAILING_STOP_LIMIT') {
        const offset = request.trailingLimitOffset ?? Decimal.ZERO;
        working.limit = buy ? stop.plus(offset) : stop.minus(offset);
      }
      events.push({ kind: 'TRIGGERED', clientOrderId: request.clientOrderId, triggerPrice: touch });
    }
    const limit = traits.limit ? (request.limitPrice ?? working.limit) : undefined;
    if (limit !== undefined && (buy ? touch.gt(limit) : touch.lt(limit))) return events;
    const side = buy ? 'ask' : 'bid';
    const shown = buy ? book.askSize : book.bidSize;
    let available = working.remaining;
    if (shown !== undefined) available = Decimal.min(available, shown.minus(taken.get(side) ?? Decimal.ZERO));
    if (!available.isPositive()) return events;
    if (request.timeInForce === 'FOK' && available.lt(working.remaining)) return events;
    // a limit order that rested before the market came to it fills at its own price, as a maker
    const maker = limit !== undefined && working.resting && request.type === 'LIMIT';
    const price = maker ? limit : touch;
    working.remaining = working.remaining.minus(available);
    taken.set(side, (taken.get(side) ?? Decimal.ZERO).plus(available));
    if (!working.remaining.isPositive()) this.orders.delete(request.clientOrderId);
    events.push({ kind: 'FILL', clientOrderId: request.clientOrderId, price, quantity: available, liquidity: maker ? 'MAKER' : 'TAKER', timestamp: now });
    return events;
  }

  /** Moves a trailing stop with the market: sells trail below the high, buys above the low. */
  private trail(working: Working, price: Decimal | undefined): void {
    if (price === undefined) return;
    const { request } = working;
    const buy = request.side === 'BUY';
    if (working.extreme === undefined || (buy ? price.lt(working.extreme) : price.gt(working.extreme))) working.extreme = price;
    const extreme = working.extreme;
    const distance = request.trailingAmount ?? extreme.times(request.trailingPercent ?? Decimal.ZERO).div(HUNDRED);
    const tick = request.instrument.tickSize;
    const raw = buy ? extreme.plus(distance) : extreme.minus(distance);
    // round away from the market so the stop never sits closer than asked
    working.stop = tick.isPositive() ? raw.roundToStep(tick, buy ? 'CEIL' : 'FLOOR') : raw;
  }
}
