import type { BrokerPosition } from '../domain/account';
import type { Fill, Order, OrderStatus } from '../domain/order';
import type { OrderTransitionPatch } from '../orders/order-state-machine';

/**
 * What a reconciler needs from a broker beyond the Broker interface. AbstractBroker implements every
 * member but `resumeBracketExits`, so a broker built on it is reconcilable as it is; the interface is
 * here, in core, so an adapter that changes shape fails to compile rather than at a reconcile pass.
 */
export interface ReconcilableBroker {
  readonly id: string;
  getOrder(clientOrderId: string): Promise<Order | undefined>;
  getOpenOrders(): Promise<readonly Order[]>;
  /** The broker's own view of positions, built from the fills it applied (its ledger). */
  localPositions(): Promise<readonly BrokerPosition[]>;
  /**
   * Starts tracking an order we did not know, publishing and journaling it: found at the venue (the
   * default, a warning), or `from: 'journal'`, an earlier process's order that its journal closed with
   * the fills the venue lists (logged at debug: expected after every restart, nothing to look at; not
   * journaled again, the journal holds it).
   */
  adoptOrder(order: Order, options?: { readonly from?: 'venue' | 'journal' }): Order;
  /** Applies a status learnt by reconciliation (the same rules as a venue update). */
  reconcileStatus(clientOrderId: string, status: OrderStatus, patch?: OrderTransitionPatch): Order | undefined;
  /**
   * Applies a fill learnt by reconciliation (deduplicated by tradeId); true when it was new. A fill
   * re-applied `from: 'journal'` (one the journal recorded) is not journaled again.
   */
  reconcileFill(fill: Fill, options?: { readonly from?: 'venue' | 'journal' }): boolean;
  /**
   * Called when a reconcile pass settled the broker: clears any fail-closed block that a contradicting
   * venue message put on an instrument (see AbstractBroker's fill checks).
   */
  reconciled?(symbols?: readonly string[]): void;
  /**
   * Optional: sends the exits of bracket entries that filled before a restart, if the venue does not hold
   * them already (brokers that send exits only once the entry has filled, e.g. Binance; a crash between
   * the fill and the exits' send leaves the position unprotected). Given after a restart only, once the
   * rest of the pass is done: the journaled orders that carry `request.bracket` and are terminal with a
   * filled quantity, each with its journaled request. Must be idempotent: exits the venue holds are
   * adopted, never sent again. A failure fails the pass (the broker stays blocked; the next pass retries).
   */
  resumeBracketExits?(entries: readonly Order[]): Promise<void>;
}
