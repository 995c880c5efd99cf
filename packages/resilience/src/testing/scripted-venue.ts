import type { BrokerPosition, Fill, Order } from '@silvertine/core';
import { isOpenStatus } from '@silvertine/core';
import type { VenueStateSource } from '../reconciliation/reconciliation.types';

/** A venue's state written by the test: orders by clientOrderId, fills, positions. Counts queries. */
export class ScriptedVenue implements VenueStateSource {
  readonly orders = new Map<string, Order>();
  fills: Fill[] = [];
  positionList: BrokerPosition[] = [];
  /** Fills older than this are no longer listed (as venues page or age out trade history). */
  fillHorizon = 0;
  readonly lookups: string[] = [];

  setOrder(order: Order): this {
    this.orders.set(order.clientOrderId, order);
    return this;
  }

  async openOrders(): Promise<readonly Order[]> {
    return [...this.orders.values()].filter((o) => isOpenStatus(o.status));
  }

  async recentFills(since: number): Promise<readonly Fill[]> {
    return this.fills.filter((f) => f.timestamp >= Math.max(since, this.fillHorizon));
  }

  async positions(): Promise<readonly BrokerPosition[]> {
    return this.positionList;
  }

  async orderByClientId(clientOrderId: string): Promise<Order | undefined> {
    this.lookups.push(clientOrderId);
    return this.orders.get(clientOrderId);
  }
}
