import type { Decimal, Fill, Order } from '@silvertine/core';
import type { Observable, Subscription } from 'rxjs';
import type { LocalView } from './oracle';

/** The parts of a broker the recorder watches. */
export interface ObservedBroker {
  readonly orders$: Observable<Order>;
  readonly fills$: Observable<Fill>;
  getOrder(clientOrderId: string): Promise<Order | undefined>;
}

/**
 * Records what one broker instance applied: every order it published and how many times each tradeId
 * reached `fills$` (a second time is a duplicate fill, whatever the venue says).
 */
export class LocalRecorder {
  private readonly ids = new Set<string>();
  private readonly fillCounts = new Map<string, number>();
  private readonly fillQuantities = new Map<string, Decimal>();
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly broker: ObservedBroker) {
    this.subscriptions.push(
      broker.orders$.subscribe((o) => this.ids.add(o.clientOrderId)),
      broker.fills$.subscribe((f) => {
        this.fillCounts.set(f.tradeId, (this.fillCounts.get(f.tradeId) ?? 0) + 1);
        this.fillQuantities.set(f.tradeId, f.quantity);
      }),
    );
  }

  /** Also look these up (orders restored or adopted before the recorder was attached). */
  watch(clientOrderIds: Iterable<string>): void {
    for (const id of clientOrderIds) this.ids.add(id);
  }

  /** The broker's current view of every order seen, and the fills applied. */
  async view(): Promise<LocalView> {
    const orders = new Map<string, Order>();
    for (const id of this.ids) {
      const order = await this.broker.getOrder(id);
      if (order) orders.set(id, order);
    }
    return { orders, fillCounts: new Map(this.fillCounts), fillQuantities: new Map(this.fillQuantities) };
  }

  close(): void {
    for (const s of this.subscriptions.splice(0)) s.unsubscribe();
  }
}
