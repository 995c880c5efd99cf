import type { AlertEvent, FillEvent } from '@silvertine/core';
import type { HotMetricValues } from '../metrics/hot-metrics';
import type { HealthReport } from '../health/broker-health-monitor';
import type { HealthStatus } from '../health/health-scoring';
import type { BrokerMetrics } from '../metrics/broker-metrics';
import type { RateLimitUse } from '../metrics/broker-state';
import { ORDER_LATENCY_BUCKETS_SECONDS } from '../metrics/latency-buckets';
import type { DashboardShadow } from './dashboard-shadow';
import type { DashboardCharts } from './dashboard-charts';

/** One fill as the dashboard shows it. Money values are Decimal strings, never floats. */
export interface DashboardFill {
  readonly at: number;
  readonly brokerId: string;
  readonly tradeId: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: string;
  readonly price: string;
  /** price × quantity × multiplier, computed with core's Decimal. */
  readonly notional: string;
  readonly commission: string;
  readonly commissionAsset: string;
}

/** One alert as the dashboard shows it. */
export interface DashboardAlert {
  readonly at: number;
  readonly severity: string;
  readonly source: string;
  readonly message: string;
  readonly brokerId?: string;
  readonly state?: string;
}

/** One broker's row. */
export interface DashboardBroker {
  readonly brokerId: string;
  readonly venue: string;
  readonly state: string;
  readonly status: HealthStatus;
  readonly score: number;
  readonly reasons: readonly string[];
  readonly submitted: number;
  readonly acknowledged: number;
  readonly fills: number;
  readonly finished: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly errorRate: number;
  readonly uptimeRatio: number;
  readonly reconnects: number;
  readonly ackAvgMs: number;
  readonly ackP99Ms: number;
  readonly rateLimits: readonly RateLimitUse[];
  readonly lastError?: string;
}

/** Per-bucket (not cumulative) latency counts of one broker and stage, summed over order types. */
export interface DashboardLatencySeries {
  readonly brokerId: string;
  readonly stage: string;
  readonly counts: readonly number[];
}

/** Everything the dashboard page renders, pushed on every change. */
export interface DashboardSnapshot {
  readonly at: number;
  readonly status: HealthStatus;
  readonly brokers: readonly DashboardBroker[];
  /** Upper bounds of the latency buckets in seconds; the last series slot is "+Inf". */
  readonly latencyBuckets: readonly number[];
  readonly latency: readonly DashboardLatencySeries[];
  readonly process: { readonly rssBytes: number; readonly heapUsedBytes: number; readonly cpuPercent: number };
  readonly fills: readonly DashboardFill[];
  readonly alerts: readonly DashboardAlert[];
  /** The shadow fill gap (live − paper) when a shadow session reports to this registry; no rows otherwise. */
  readonly shadow: DashboardShadow;
  /** Time series for the charts: P&L and equity, price and position per symbol, fills as markers. */
  readonly charts: DashboardCharts;
}

/** The dashboard's view of a FillEvent. */
export function toDashboardFill(event: FillEvent): DashboardFill {
  const { fill, order } = event;
  return {
    at: event.timestamp, brokerId: event.brokerId, tradeId: fill.tradeId, clientOrderId: fill.clientOrderId, symbol: fill.symbol, side: fill.side,
    quantity: fill.quantity.toString(), price: fill.price.toString(),
    notional: fill.price.times(fill.quantity).times(order.request.instrument.multiplier).toString(),
    commission: fill.commission.toString(), commissionAsset: fill.commissionAsset,
  };
}

/** The dashboard's view of an AlertEvent. */
export function toDashboardAlert(event: AlertEvent): DashboardAlert {
  const state = event.details?.['state'];
  return { at: event.timestamp, severity: event.severity, source: event.source, message: event.message, brokerId: event.brokerId, state: typeof state === 'string' ? state : undefined };
}

/** Brokers' rows from a health report. */
export function dashboardBrokers(report: HealthReport): DashboardBroker[] {
  return report.brokers.map(({ brokerId, venue, status, score, reasons, metrics: m, lastError }) => ({
    brokerId, venue, state: m.connectionState, status, score, reasons,
    submitted: m.totals.submitted, acknowledged: m.totals.acknowledged, fills: m.totals.fills, finished: m.totals.finished,
    errors: m.totals.errors, errorRate: m.window.errorRate, uptimeRatio: m.uptimeRatio, reconnects: m.reconnects,
    ackAvgMs: m.ackLatency.avgMs, ackP99Ms: m.ackLatency.p99Ms, rateLimits: m.rateLimits,
    lastError: lastError ? `${lastError.code}${lastError.message ? `: ${lastError.message}` : ''}` : undefined,
  }));
}

/** Latency histograms read back from the registry, de-accumulated per bucket. */
export async function latencySeries(metrics: BrokerMetrics): Promise<DashboardLatencySeries[]> {
  const metric = metrics.registry.getSingleMetric('silvertine_order_latency_seconds') as unknown as { get(): Promise<HotMetricValues> } | undefined;
  if (!metric) return [];
  const { values } = await metric.get();
  const bounds = [...ORDER_LATENCY_BUCKETS_SECONDS.map(String), '+Inf'];
  const cumulative = new Map<string, number[]>();
  for (const v of values) {
    if (!v.metricName?.endsWith('_bucket')) continue;
    const index = bounds.indexOf(String(v.labels['le']));
    if (index < 0) continue;
    const key = `${v.labels['broker']}\u0000${v.labels['stage']}`;
    let counts = cumulative.get(key);
    if (!counts) cumulative.set(key, (counts = new Array<number>(bounds.length).fill(0)));
    counts[index] += v.value; // summed over order types
  }
  return [...cumulative].map(([key, counts]) => {
    const [brokerId, stage] = key.split('\u0000');
    return { brokerId, stage, counts: counts.map((c, i) => (i === 0 ? c : c - counts[i - 1])) };
  });
}
