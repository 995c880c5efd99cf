import type { OrderGap } from './shadow-gap';

/** Where the shadow path failed: placing the mirror, cancelling it, connecting or disconnecting the paper broker, or recording. */
export type ShadowFailureStage = 'place' | 'cancel' | 'connect' | 'disconnect' | 'record';

/**
 * Optional port for shadow metrics, so that this package does not depend on @silvertine/monitoring. The
 * metric names and labels an implementation should expose are those of `shadowObservations` (see there
 * and the README), plus `silvertine_shadow_failures_total{broker,stage}` for `shadowFailure`.
 * Calls happen off the live order path (once both legs of an order are final); a throw is caught and
 * logged, never passed on.
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

/** Names of the shadow metrics (Prometheus conventions: counters end in `_total`). */
export const SHADOW_METRICS = {
  orders: 'silvertine_shadow_orders_total',
  priceGapBps: 'silvertine_shadow_price_gap_bps',
  timeToFillGapMs: 'silvertine_shadow_time_to_fill_gap_ms',
  fillRatioGap: 'silvertine_shadow_fill_ratio_gap',
  fillCountGap: 'silvertine_shadow_fill_count_gap',
  feeGap: 'silvertine_shadow_fee_gap',
  failures: 'silvertine_shadow_failures_total',
} as const;

/** One value to record: a counter increment (`kind: 'counter'`) or a histogram observation. */
export interface ShadowObservation {
  readonly name: (typeof SHADOW_METRICS)[keyof typeof SHADOW_METRICS];
  readonly kind: 'counter' | 'histogram';
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * What one compared order adds to the metrics (pure), labelled `broker`, `symbol`, `side`, `type`:
 * the orders counter (also labelled `filled_on`), and, when defined, histogram observations of the price
 * gap (bps, positive = live worse), the time-to-fill gap (ms), the fill-ratio gap, the fill-count gap and
 * the fee gap (quote asset). Metrics are statistics, so values are numbers here; reports keep the Decimals.
 */
export function shadowObservations(brokerId: string, gap: OrderGap): ShadowObservation[] {
  const labels = { broker: brokerId, symbol: gap.symbol, side: gap.side, type: gap.type };
  const observations: ShadowObservation[] = [
    { name: SHADOW_METRICS.orders, kind: 'counter', labels: { ...labels, filled_on: gap.filledOn }, value: 1 },
    { name: SHADOW_METRICS.fillRatioGap, kind: 'histogram', labels, value: gap.fillRatioGap.toNumber() },
    { name: SHADOW_METRICS.fillCountGap, kind: 'histogram', labels, value: gap.fillCountGap },
  ];
  if (gap.priceGapBps !== undefined) observations.push({ name: SHADOW_METRICS.priceGapBps, kind: 'histogram', labels, value: gap.priceGapBps.toNumber() });
  if (gap.timeToFillGapMs !== undefined) observations.push({ name: SHADOW_METRICS.timeToFillGapMs, kind: 'histogram', labels, value: gap.timeToFillGapMs });
  if (gap.feeGap !== undefined) observations.push({ name: SHADOW_METRICS.feeGap, kind: 'histogram', labels, value: gap.feeGap.toNumber() });
  return observations;
}
