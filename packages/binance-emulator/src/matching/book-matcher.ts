import { Decimal, asTouch, type MarketData } from '@silvertine/core';
import type { Level } from '../market/market-state';
import type { MatchEvent, OrderMatcher, WorkingOrder } from './order-matcher.port';

interface Resting {
  readonly order: WorkingOrder;
  remaining: Decimal;
}

/** The book the matcher takes liquidity from (the emulator's synthetic depth). */
export type BookView = (symbol: string) => { bids: readonly Level[]; asks: readonly Level[] };

/**
 * A small price-time matcher against the emulator's market. Takers walk the synthetic depth level by
 * level (several fills, as in the FULL response example); resting LIMIT orders fill at their own price,
 * as makers, when a quote or a print crosses them, limited by the quote size or print size.
 */
export class BookMatcher implements OrderMatcher {
  private readonly resting = new Map<string, Resting>();

  constructor(private readonly book: BookView) {}

  submit(order: WorkingOrder, _now: number): MatchEvent[] {
    const id = order.clientOrderId;
    const { bids, asks } = this.book(order.symbol);
    const opposite = order.side === 'BUY' ? asks : bids;
    const crosses = (price: Decimal): boolean =>
      order.type === 'MARKET' || (order.side === 'BUY' ? price.lte(order.limitPrice!) : price.gte(order.limitPrice!));
    if (order.type === 'MARKET' && opposite.length === 0) return [{ kind: 'REJECTED', clientOrderId: id, reason: 'No orders on book for symbol.' }];
    if (order.postOnly && opposite.length > 0 && crosses(opposite[0][0])) {
      return [{ kind: 'REJECTED', clientOrderId: id, reason: 'Order would immediately match and take.' }];
    }
    const available = Decimal.sum(opposite.filter(([p]) => crosses(p)).map(([, q]) => q));
    if (order.timeInForce === 'FOK' && available.lt(order.quantity)) {
      return [{ kind: 'ACCEPTED', clientOrderId: id }, { kind: 'EXPIRED', clientOrderId: id }];
    }
    const events: MatchEvent[] = [{ kind: 'ACCEPTED', clientOrderId: id }];
    let remaining = order.quantity;
    for (const [price, qty] of opposite) {
      if (remaining.isZero() || !crosses(price)) break;
      const fill = Decimal.min(remaining, qty);
      events.push({ kind: 'FILL', clientOrderId: id, price, quantity: fill, liquidity: 'TAKER' });
      remaining = remaining.minus(fill);
    }
    if (remaining.isZero()) return events;
    if (order.type === 'MARKET' || order.timeInForce !== 'GTC') events.push({ kind: 'EXPIRED', clientOrderId: id });
    else this.resting.set(id, { order, remaining });
    return events;
  }

  cancel(clientOrderId: string, _now: number): MatchEvent[] {
    if (!this.resting.delete(clientOrderId)) return [{ kind: 'CANCEL_REJECTED', clientOrderId, reason: 'Unknown order sent.' }];
    return [{ kind: 'CANCELED', clientOrderId }];
  }

  onMarketData(update: MarketData, _now: number): MatchEvent[] {
    const data = asTouch(update);
    if (data === undefined || data.kind === 'bar') return [];
    const events: MatchEvent[] = [];
    // Liquidity the market offers to resting orders: a quote's size on each side, or a print's size.
    let buyLiquidity = data.kind === 'quote' ? data.askSize : data.size;
    let sellLiquidity = data.kind === 'quote' ? data.bidSize : data.size;
    for (const [id, r] of this.resting) {
      if (r.order.symbol !== data.symbol) continue;
      const limit = r.order.limitPrice!;
      const buy = r.order.side === 'BUY';
      const crossed = data.kind === 'quote' ? (buy ? data.ask.lte(limit) : data.bid.gte(limit)) : buy ? data.price.lte(limit) : data.price.gte(limit);
      const liquidity = buy ? buyLiquidity : sellLiquidity;
      if (!crossed || !liquidity.isPositive()) continue;
      const fill = Decimal.min(r.remaining, liquidity);
      if (buy) buyLiquidity = buyLiquidity.minus(fill);
      else sellLiquidity = sellLiquidity.minus(fill);
      r.remaining = r.remaining.minus(fill);
      events.push({ kind: 'FILL', clientOrderId: id, price: limit, quantity: fill, liquidity: 'MAKER' });
      if (r.remaining.isZero()) this.resting.delete(id);
    }
    return events;
  }
}
