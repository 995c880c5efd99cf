import type { BrokerPosition, Fill, Order, OrderStatus } from '@silvertine/core';
import type { OrderTransitionPatch } from '@silvertine/core';

/**
 * The venue's own account of orders, fills and positions. Adapters implement it over their reads
 * (Binance openOrders / myTrades / account / order?origClientOrderId; IB reqOpenOrders / reqExecutions /
 * reqPositions), mapping venue payloads to core types in their mappers.
 */
export interface VenueStateSource {
  openOrders(): Promise<readonly Order[]>;
  /** Executions since `since` (epoch ms), in any order; duplicates are harmless. */
  recentFills(since: number): Promise<readonly Fill[]>;
  positions(): Promise<readonly BrokerPosition[]>;
  /** One order by our clientOrderId, open or closed; undefined if the venue never saw it. */
  orderByClientId(clientOrderId: string): Promise<Order | undefined>;
}

/**
 * What the reconciler needs from a broker beyond the Broker interface. AbstractBroker exposes these
 * reconciliation entry points (adoptOrder, reconcileStatus, reconcileFill) publicly, so every broker built
 * on it satisfies this interface as it is.
 */
export interface ReconcilableBroker {
  readonly id: string;
  getOrder(clientOrderId: string): Promise<Order | undefined>;
  getOpenOrders(): Promise<readonly Order[]>;
  /** The broker's own view of positions (from its ledger of fills). */
  getPositions(): Promise<readonly BrokerPosition[]>;
  /** Starts tracking an order we did not know (found at the venue), publishing and journaling it. */
  adoptOrder(order: Order): void;
  /** Forwards to AbstractBroker.applyVenueStatus. */
  reconcileStatus(clientOrderId: string, status: OrderStatus, patch?: OrderTransitionPatch): Order | undefined;
  /** Forwards to AbstractBroker.applyVenueFill (deduplicated by tradeId); true when new. */
  reconcileFill(fill: Fill): boolean;
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

/** One symbol on which the broker and the venue disagree. */
export interface PositionMismatch {
  readonly symbol: string;
  readonly local: string;
  readonly venue: string;
}

/** What one reconciliation did. All counts are of actions taken. */
export interface ReconciliationReport {
  readonly brokerId: string;
  readonly at: number;
  /** Orders open at the venue we did not know (adopted and tracked). */
  readonly adopted: readonly string[];
  /** Orders restored from the journal after a restart. */
  readonly restored: readonly string[];
  /** UNKNOWN submits resolved by clientOrderId, with the status found. */
  readonly resolvedUnknown: readonly { readonly clientOrderId: string; readonly status: OrderStatus }[];
  /** Orders open locally that the venue had closed (filled, canceled, expired) or never saw. */
  readonly closed: readonly { readonly clientOrderId: string; readonly status: OrderStatus }[];
  /** Venue fills we had missed, applied now. */
  readonly appliedFills: readonly string[];
  /** Fills inferred from the venue's filled quantity when the executions themselves were not available. */
  readonly inferredFills: readonly string[];
  /**
   * After a restart: filled bracket entries handed to the broker's `resumeBracketExits` (which sent or
   * adopted their exits as the venue required); empty when the broker has no such capability.
   */
  readonly bracketEntries: readonly string[];
  readonly positionMismatches: readonly PositionMismatch[];
  /**
   * Orders closed here (REJECTED, CANCELED, EXPIRED) that the venue reports working or trading: a state
   * we cannot repair automatically (the state machine has no way back), so the broker is blocked.
   */
  readonly conflicts: readonly string[];
  /** True while orders are refused for this broker (positions disagree or the pass failed). */
  readonly blocked: boolean;
}
