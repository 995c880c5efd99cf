import type { Registry } from 'prom-client';

/**
 * The shadow metrics a `ShadowBroker`'s prom-client sink (@silvertine/shadow's PrometheusShadowMetrics)
 * registers on monitoring's registry. By name only: monitoring does not depend on the shadow package.
 */
export const SHADOW_METRIC_NAMES = {
  orders: 'silvertine_shadow_orders_total',
  priceGapBps: 'silvertine_shadow_price_gap_bps',
  timeToFillGapMs: 'silvertine_shadow_time_to_fill_gap_ms',
  fillRatioGap: 'silvertine_shadow_fill_ratio_gap',
  fillCountGap: 'silvertine_shadow_fill_count_gap',
  failures: 'silvertine_shadow_failures_total',
} as const;

/** One broker, symbol, side and order type of a shadow session: the live − paper gap as the panel shows it. */
export interface DashboardShadowRow {
  readonly brokerId: string;
  readonly symbol: string;
  readonly side: string;
  readonly type: string;
  /** Orders compared (both legs final). */
  readonly orders: number;
  /** Compared orders by which sides filled them: BOTH, LIVE_ONLY, PAPER_ONLY, NEITHER. */
  readonly filledOn: Readonly<Record<string, number>>;
  /** Means over the orders observed (statistics from histogram sums, not money): undefined without any. */
  readonly priceGapBps?: number;
  readonly timeToFillGapMs?: number;
  readonly fillRatioGap?: number;
  readonly fillCountGap?: number;
}

/** The shadow panel: one row per group, and the failures of the shadow path by broker. */
export interface DashboardShadow {
  readonly rows: readonly DashboardShadowRow[];
  readonly failures: Readonly<Record<string, number>>;
}

interface MetricValue {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number | undefined>>;
  readonly metricName?: string;
}

/** The values of one metric on the registry, or none when nothing registered it. */
async function valuesOf(registry: Registry, name: string): Promise<readonly MetricValue[]> {
  const metric = registry.getSingleMetric(name) as unknown as { get(): Promise<{ values: MetricValue[] }> } | undefined;
  return metric ? (await metric.get()).values : [];
}

function groupKey(labels: MetricValue['labels']): string {
  return [labels['broker'], labels['symbol'], labels['side'], labels['type']].map(String).join('\u0000');
}

/** Histogram sum / count per group. */
async function meansOf(registry: Registry, name: string): Promise<Map<string, number>> {
  const sums = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const v of await valuesOf(registry, name)) {
    if (v.metricName === `${name}_sum`) sums.set(groupKey(v.labels), v.value);
    else if (v.metricName === `${name}_count`) counts.set(groupKey(v.labels), v.value);
  }
  const means = new Map<string, number>();
  for (const [key, count] of counts) if (count > 0) means.set(key, (sums.get(key) ?? 0) / count);
  return means;
}

/** The shadow panel from the registry: empty when no shadow session reports to it. */
export async function shadowPanel(registry: Registry): Promise<DashboardShadow> {
  const groups = new Map<string, { labels: MetricValue['labels']; filledOn: Record<string, number> }>();
  for (const v of await valuesOf(registry, SHADOW_METRIC_NAMES.orders)) {
    const key = groupKey(v.labels);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { labels: v.labels, filledOn: {} }));
    const filledOn = String(v.labels['filled_on']);
    group.filledOn[filledOn] = (group.filledOn[filledOn] ?? 0) + v.value;
  }
  const [price, time, ratio, count] = await Promise.all(
    [SHADOW_METRIC_NAMES.priceGapBps, SHADOW_METRIC_NAMES.timeToFillGapMs, SHADOW_METRIC_NAMES.fillRatioGap, SHADOW_METRIC_NAMES.fillCountGap].map((name) => meansOf(registry, name)),
  );
  const rows = [...groups].map(([key, { labels, filledOn }]): DashboardShadowRow => ({
    brokerId: String(labels['broker']), symbol: String(labels['symbol']), side: String(labels['side']), type: String(labels['type']),
    orders: Object.values(filledOn).reduce((a, b) => a + b, 0), filledOn,
    priceGapBps: price.get(key), timeToFillGapMs: time.get(key), fillRatioGap: ratio.get(key), fillCountGap: count.get(key),
  }));
  rows.sort((a, b) => groupKey({ broker: a.brokerId, symbol: a.symbol, side: a.side, type: a.type }).localeCompare(groupKey({ broker: b.brokerId, symbol: b.symbol, side: b.side, type: b.type })));
  const failures: Record<string, number> = {};
  for (const v of await valuesOf(registry, SHADOW_METRIC_NAMES.failures)) failures[String(v.labels['broker'])] = (failures[String(v.labels['broker'])] ?? 0) + v.value;
  return { rows, failures };
}
