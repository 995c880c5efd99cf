import type { OrderStatus } from '@silvertine/core';

/** The ports live in core, beside Broker; re-exported here for code written against resilience. */
export type { ReconcilableBroker, VenueStateSource } from '@silvertine/core';

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
  /**
   * After a restart: orders an earlier process placed and its journal closed, with every fill the venue
   * lists, tracked again from the journal (no venue lookup, no warning; not counted as adopted).
   */
  readonly journalClosed: readonly string[];
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
  /**
   * Venue fills the broker refused during this pass because they contradict their orders (the messages
   * of its VENUE_CONTRADICTION errors; seen on the Reconciler's bus): the pass does not settle.
   */
  readonly contradictions: readonly string[];
  /** True while orders are refused for this broker (positions disagree, conflicts, contradictions, or the pass failed). */
  readonly blocked: boolean;
}
