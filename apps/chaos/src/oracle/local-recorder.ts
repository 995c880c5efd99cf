import type { Decimal, EventBus, Fill, Order } from '@silvertine/core';
import { filter, map, type Observable, type Subscription } from 'rxjs';
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

  /**
   * A recorder of the broker `brokerId` as the bus reports it (every `fills$` emission is published as a
   * Fill event, every order change as an OrderUpdate), attachable before the broker exists: a composed
   * broker is reconciled by the safety stack right after connect, before `createBroker` returns.
   */
  static onBus(bus: EventBus, brokerId: string, getOrder: (clientOrderId: string) => Promise<Order | undefined>): LocalRecorder {
    return new LocalRecorder({
      orders$: bus.orderUpdates$.pipe(filter((e) => e.brokerId === brokerId), map((e) => e.order)),
      fills$: bus.fills$.pipe(filter((e) => e.brokerId === brokerId), map((e) => e.fill)),
      getOrder,
    });
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
