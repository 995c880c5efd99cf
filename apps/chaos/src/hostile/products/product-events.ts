import type { Broker, BrokerErrorEvent, EventBus, Fill, MarketData, Order } from '@silvertine/core';
import { filter, firstValueFrom, map, type Subscription } from 'rxjs';
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
  /** Market data published, in order (the last 1,000). */
  readonly market: MarketData[] = [];
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly ctx: AttackContext, readonly bus: EventBus) {
    this.subscriptions.push(
      bus.events$.subscribe((e) => {
        if (e.type === 'MarketData') {
          this.market.push(e.data);
          if (this.market.length > 1_000) this.market.shift();
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

  /** Like `order`, but resolves undefined when the order never gets there (for oracles, not hangs). */
  async settledOrder(broker: Broker, clientOrderId: string, check: (o: Order) => boolean, ms: number): Promise<Order | undefined> {
    const current = await broker.getOrder(clientOrderId);
    if (current && check(current)) return current;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
    try {
      return await Promise.race([firstValueFrom(broker.orders$.pipe(filter((o) => o.clientOrderId === clientOrderId && check(o)))), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits (bounded) for market data satisfying `check` published from now on. */
  nextMarketData(check: (d: MarketData) => boolean, ms: number, what: string): Promise<MarketData> {
    return within(this.ctx, ms, what, firstValueFrom(this.bus.marketData$.pipe(map((e) => e.data), filter(check))));
  }

  close(): void {
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
  }
}
