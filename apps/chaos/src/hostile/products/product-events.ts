import type { Broker, BrokerErrorEvent, EventBus, Fill, Order } from '@silvertine/core';
import { filter, firstValueFrom, type Subscription } from 'rxjs';
import type { AttackContext } from '../attack.types';
import { within } from '../attack-context';

/**
 * Watches what a product publishes: every bus event (exposed to the secret scan, market data only
 * counted), the errors and alerts, and the fills of its brokers.
 */
export class ProductEvents {
  readonly errors: BrokerErrorEvent[] = [];
  readonly alerts: string[] = [];
  readonly fills: Fill[] = [];
  marketData = 0;
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly ctx: AttackContext, readonly bus: EventBus) {
    this.subscriptions.push(
      bus.events$.subscribe((e) => {
        if (e.type === 'MarketData') {
          this.marketData++;
          return;
        }
        ctx.expose(`event ${e.type}`, e);
        if (e.type === 'BrokerError') this.errors.push(e);
        if (e.type === 'Alert') this.alerts.push(`${e.severity} ${e.source}: ${e.message}`);
        if (e.type === 'Fill') this.fills.push(e.fill);
      }),
    );
  }

  /** Error events with one of `codes` published since `from` (an index into `errors`). */
  errorsSince(from: number, codes: readonly string[]): BrokerErrorEvent[] {
    return this.errors.slice(from).filter((e) => codes.includes(e.code));
  }

  /** Waits (bounded) for a fill of `tradeId` on the broker's fills$; a missing one is recorded as a hang. */
  fill(broker: Broker, tradeId: string, ms: number, what: string): Promise<Fill> {
    const seen = this.fills.find((f) => f.tradeId === tradeId);
    if (seen) return Promise.resolve(seen);
    return within(this.ctx, ms, what, firstValueFrom(broker.fills$.pipe(filter((f) => f.tradeId === tradeId))));
  }

  /** Waits (bounded) until an order satisfies `check`, looking at its current state first. */
  async order(broker: Broker, clientOrderId: string, check: (o: Order) => boolean, ms: number, what: string): Promise<Order> {
    const current = await broker.getOrder(clientOrderId);
    if (current && check(current)) return current;
    const next = firstValueFrom(broker.orders$.pipe(filter((o) => o.clientOrderId === clientOrderId && check(o))));
    return within(this.ctx, ms, what, next);
  }

  close(): void {
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
  }
}
