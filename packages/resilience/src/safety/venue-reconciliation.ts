import type { Broker, ReconcilableBroker, VenueStateSource } from '@silvertine/core';

/** A broker that can describe its venue's state (Binance, IB: `venueState()`); paper's venue is in process. */
export interface VenueStateProvider {
  venueState(): VenueStateSource;
}

/**
 * The broker as a reconcilable broker with its venue's state, or undefined when it offers no venue
 * state (nothing to reconcile against) or lacks the reconciliation members AbstractBroker provides.
 */
export function reconciliationTarget(broker: Broker): { broker: Broker & ReconcilableBroker; venue: VenueStateSource } | undefined {
  const candidate = broker as Broker & Partial<ReconcilableBroker> & Partial<VenueStateProvider>;
  if (typeof candidate.venueState !== 'function') return undefined;
  if (typeof candidate.adoptOrder !== 'function' || typeof candidate.reconcileStatus !== 'function' || typeof candidate.reconcileFill !== 'function') return undefined;
  return { broker: candidate as Broker & ReconcilableBroker, venue: candidate.venueState() };
}
