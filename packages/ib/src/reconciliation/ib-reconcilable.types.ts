import type { BrokerPosition, Fill, Order, OrderStatus, OrderTransitionPatch } from '@silvertine/core';

/**
 * InteractiveBrokersBroker as @silvertine/resilience's Reconciler sees it (its `ReconcilableBroker`,
 * matched structurally). The one difference from the broker itself is `getPositions`: the broker reads
 * positions live from TWS, which would compare TWS with TWS; this view answers with the positions built
 * from the fills this process applied (plus seeded opening positions), which is what must agree.
 */
export interface IbReconcilableBroker {
  readonly id: string;
  getOrder(clientOrderId: string): Promise<Order | undefined>;
  getOpenOrders(): Promise<readonly Order[]>;
  localPositions(): Promise<readonly BrokerPosition[]>;
  adoptOrder(order: Order): Order;
  reconcileStatus(clientOrderId: string, status: OrderStatus, patch?: OrderTransitionPatch): Order | undefined;
  reconcileFill(fill: Fill): boolean;
}
