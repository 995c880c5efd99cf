import type { OrderGap } from './shadow-gap';

/** Where the shadow path failed: placing the mirror, cancelling it, connecting or disconnecting the paper broker. */
export type ShadowFailureStage = 'place' | 'cancel' | 'connect' | 'disconnect' | 'record';

/**
 * Optional port for shadow metrics, so that this package does not depend on @silvertine/monitoring. A
 * prom-client implementation should expose (labels `broker`, `symbol`, `side`, `type`):
 * - `silvertine_shadow_orders_total{filled_on}` counter, `filled_on` = BOTH | LIVE_ONLY | PAPER_ONLY | NEITHER;
 * - `silvertine_shadow_price_gap_bps` histogram (signed, positive = live worse than paper), orders filled on both sides;
 * - `silvertine_shadow_time_to_fill_gap_ms` histogram (live minus paper time from submission to first fill);
 * - `silvertine_shadow_fill_ratio_gap` histogram (live minus paper filled fraction of the order quantity);
 * - `silvertine_shadow_partial_fills_gap` histogram (live minus paper number of fills);
 * - `silvertine_shadow_fee_gap` counter-like gauge sum, in the quote asset (live minus paper fees);
 * - `silvertine_shadow_failures_total{stage}` counter (no symbol/side/type labels).
 * Calls happen off the live order path (after both legs of an order are final); an implementation should
 * still be cheap and must not throw (a throw is caught and logged).
 */
export interface ShadowMetricsSink {
  /** One order whose live and paper legs are both final (or whose mirror failed), with its gap. */
  orderCompared(brokerId: string, gap: OrderGap): void;
  /** One failure of the shadow path; the live path was not affected. */
  shadowFailure(brokerId: string, stage: ShadowFailureStage): void;
}

/** The default sink: records nothing. */
export const noopShadowMetrics: ShadowMetricsSink = {
  orderCompared: () => undefined,
  shadowFailure: () => undefined,
};
