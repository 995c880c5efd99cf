import { Counter, Histogram, Registry } from 'prom-client';
import type { OrderGap } from './shadow-gap';
import { SHADOW_METRICS, shadowObservations, type ShadowFailureStage, type ShadowMetricsSink } from './shadow-metrics';

/** Options of PrometheusShadowMetrics. */
export interface PrometheusShadowMetricsOptions {
  /**
   * Registry to register on: pass monitoring's (`Monitoring.metrics.registry`) so that `/metrics` serves
   * the shadow series beside the broker ones; a new one by default (never prom-client's global registry).
   */
  readonly registry?: Registry;
}

const LABELS = ['broker', 'symbol', 'side', 'type'] as const;

/** Buckets of the signed gaps: symmetric around zero, since paper can be worse than live too. */
const PRICE_GAP_BPS_BUCKETS = [-100, -50, -20, -10, -5, -2, -1, 0, 1, 2, 5, 10, 20, 50, 100];
const TIME_GAP_MS_BUCKETS = [-1000, -250, -100, -50, -20, -5, 0, 5, 20, 50, 100, 250, 1000, 5000];
const RATIO_GAP_BUCKETS = [-1, -0.5, -0.25, -0.1, 0, 0.1, 0.25, 0.5, 1];
const COUNT_GAP_BUCKETS = [-10, -5, -2, -1, 0, 1, 2, 5, 10];
const FEE_GAP_BUCKETS = [-10, -1, -0.1, -0.01, -0.001, 0, 0.001, 0.01, 0.1, 1, 10];

/**
 * The shadow metrics on prom-client: `shadowObservations` of every compared order (the
 * `silvertine_shadow_*` counters and histograms, labelled broker, symbol, side, type) and
 * `silvertine_shadow_failures_total{broker,stage}`. Called off the live order path, once per order
 * whose legs are both final; ShadowBroker catches a throw, but nothing here throws on a valid gap.
 */
export class PrometheusShadowMetrics implements ShadowMetricsSink {
  readonly registry: Registry;
  private readonly orders: Counter<string>;
  private readonly failures: Counter<string>;
  private readonly histograms: ReadonlyMap<string, Histogram<string>>;

  constructor(options: PrometheusShadowMetricsOptions = {}) {
    this.registry = options.registry ?? new Registry();
    const registers = [this.registry];
    this.orders = new Counter({ name: SHADOW_METRICS.orders, help: 'Orders compared live vs paper, by which sides filled them (BOTH, LIVE_ONLY, PAPER_ONLY, NEITHER)', labelNames: [...LABELS, 'filled_on'], registers });
    this.failures = new Counter({ name: SHADOW_METRICS.failures, help: 'Failures of the shadow path (the live path was not affected), by stage', labelNames: ['broker', 'stage'], registers });
    const histogram = (name: string, help: string, buckets: number[]) => [name, new Histogram({ name, help, labelNames: [...LABELS], buckets, registers })] as const;
    this.histograms = new Map([
      histogram(SHADOW_METRICS.priceGapBps, 'Live minus paper fill price in bps, signed against the trader (positive: live worse)', PRICE_GAP_BPS_BUCKETS),
      histogram(SHADOW_METRICS.timeToFillGapMs, 'Live minus paper time to first fill (ms)', TIME_GAP_MS_BUCKETS),
      histogram(SHADOW_METRICS.fillRatioGap, 'Live minus paper filled fraction of the order', RATIO_GAP_BUCKETS),
      histogram(SHADOW_METRICS.fillCountGap, 'Live minus paper number of fills (partial fills)', COUNT_GAP_BUCKETS),
      histogram(SHADOW_METRICS.feeGap, 'Live minus paper fees, quote asset', FEE_GAP_BUCKETS),
    ]);
  }

  orderCompared(brokerId: string, gap: OrderGap): void {
    for (const observation of shadowObservations(brokerId, gap)) {
      if (observation.kind === 'counter') this.orders.inc(observation.labels, observation.value);
      else this.histograms.get(observation.name)?.observe(observation.labels, observation.value);
    }
  }

  shadowFailure(brokerId: string, stage: ShadowFailureStage): void {
    this.failures.inc({ broker: brokerId, stage });
  }

  /** Names of every metric this sink registers. */
  metricNames(): string[] {
    return Object.values(SHADOW_METRICS);
  }
}
