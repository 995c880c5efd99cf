import { createEvent, type Decimal, type EventBus, type Instrument, type OrderSide, type Quote } from '@silvertine/core';
import type { Subscription } from 'rxjs';

/** Where a symbol's orders go, and how much each order is for. */
export interface Route {
  readonly brokerId: string;
  readonly instrument: Instrument;
  readonly quantity: Decimal;
}

/**
 * A deliberately small strategy that only talks to the bus, as a strategy in another process would:
 * each quote of a routed symbol becomes one MARKET OrderEvent to that symbol's broker, sides
 * alternating BUY/SELL. The clientOrderId is chosen here and the triggering MarketDataEvent's id
 * travels in the request's tags, so a test can tie every order back to the quote that caused it.
 */
export class QuoteFollowerStrategy {
  private subscription?: Subscription;
  private readonly counts = new Map<string, number>();
  /** clientOrderIds this strategy submitted, by broker, in submission order. */
  readonly submitted = new Map<string, string[]>();

  constructor(private readonly bus: EventBus, private readonly routes: ReadonlyMap<string, Route>, private readonly prefix = 'e2e') {}

  start(): void {
    this.subscription = this.bus.on('MarketData', (event) => {
      if (event.data.kind === 'quote') this.onQuote(event.data, event.id, event.timestamp);
    }, 'quote-follower');
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }

  private onQuote(quote: Quote, marketDataId: string, now: number): void {
    const route = this.routes.get(quote.symbol);
    if (!route) return;
    const n = this.counts.get(route.brokerId) ?? 0;
    this.counts.set(route.brokerId, n + 1);
    const side: OrderSide = n % 2 === 0 ? 'BUY' : 'SELL';
    const clientOrderId = `${this.prefix}-${route.brokerId}-${n}`;
    const ids = this.submitted.get(route.brokerId) ?? [];
    ids.push(clientOrderId);
    this.submitted.set(route.brokerId, ids);
    this.bus.publish(createEvent({
      type: 'Order', action: 'submit', brokerId: route.brokerId,
      request: { clientOrderId, instrument: route.instrument, side, type: 'MARKET', quantity: route.quantity, tags: { trigger: marketDataId } },
    }, now));
  }
}
