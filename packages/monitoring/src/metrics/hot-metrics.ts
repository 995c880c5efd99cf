import type { Metric, Registry } from 'prom-client';

/** One sample in prom-client's `get()` shape. */
export interface HotSample {
  readonly metricName?: string;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
}

/** prom-client's `get()` shape (its `type` is the exposition's type name at runtime). */
export interface HotMetricValues {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
  readonly aggregator: 'sum';
  readonly values: HotSample[];
}

/** One label combination of a HotCounter: increment `value` directly. */
export interface HotCounterChild {
  value: number;
}

/** One label combination of a HotHistogram. */
export interface HotHistogramChild {
  observe(value: number): void;
}

/**
 * Counters and histograms for the order path. prom-client's children validate and hash their labels
 * on every `inc`/`observe`; on a paper broker doing 100,000+ orders a second that costs more than the
 * rest of the metrics together. These keep plain numbers per cached child and build prom-client's
 * metric shape only when scraped. They register on a prom-client Registry like any metric (the
 * registry reads `name`, `help`, `type` and `get()`), so `/metrics`, `getSingleMetric` and
 * `getMetricsAsJSON` see them as ordinary counters and histograms.
 */
abstract class HotMetric<L extends string> {
  abstract readonly type: 'counter' | 'histogram';
  readonly aggregator = 'sum' as const;

  constructor(readonly name: string, readonly help: string, readonly labelNames: readonly L[], registry: Registry) {
    registry.registerMetric(this as unknown as Metric<string>);
  }

  protected labelsOf(values: readonly string[]): Record<L, string> {
    if (values.length !== this.labelNames.length) throw new RangeError(`${this.name} takes ${this.labelNames.length} labels, got ${values.length}`);
    const labels = {} as Record<L, string>;
    this.labelNames.forEach((n, i) => (labels[n] = values[i]));
    return labels;
  }

  abstract get(): Promise<HotMetricValues>;
}

/** A counter whose children are plain objects: `child.value++` on the hot path. */
export class HotCounter<L extends string> extends HotMetric<L> {
  readonly type = 'counter' as const;
  private readonly children = new Map<string, { labels: Record<L, string>; child: HotCounterChild }>();

  /** @param beforeScrape updates children's values from where they are counted (called on each scrape) */
  constructor(name: string, help: string, labelNames: readonly L[], registry: Registry, private readonly beforeScrape?: () => void) {
    super(name, help, labelNames, registry);
  }

  /** The child for these label values (create once, keep the reference). */
  labels(...values: string[]): HotCounterChild {
    const key = values.join('\u0000');
    let entry = this.children.get(key);
    if (!entry) this.children.set(key, (entry = { labels: this.labelsOf(values), child: { value: 0 } }));
    return entry.child;
  }

  async get(): Promise<HotMetricValues> {
    this.beforeScrape?.();
    const values = [...this.children.values()].map(({ labels, child }) => ({ labels, value: child.value }));
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}

class HistogramChild implements HotHistogramChild {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    // Linear scan: latencies cluster in the low buckets, where it stops early.
    let i = 0;
    while (i < this.bounds.length && value > this.bounds[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
  }
}

/** A histogram whose children count into typed arrays; cumulative buckets are built at scrape time. */
export class HotHistogram<L extends string> extends HotMetric<L> {
  readonly type = 'histogram' as const;
  private readonly children = new Map<string, { labels: Record<L, string>; child: HistogramChild }>();

  constructor(name: string, help: string, labelNames: readonly L[], readonly buckets: readonly number[], registry: Registry) {
    super(name, help, labelNames, registry);
  }

  labels(...values: string[]): HotHistogramChild {
    const key = values.join('\u0000');
    let entry = this.children.get(key);
    if (!entry) this.children.set(key, (entry = { labels: this.labelsOf(values), child: new HistogramChild(this.buckets) }));
    return entry.child;
  }

  async get(): Promise<HotMetricValues> {
    const values: HotSample[] = [];
    for (const { labels, child } of this.children.values()) {
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += child.counts[i];
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: child.count });
      values.push({ metricName: `${this.name}_sum`, labels, value: child.sum });
      values.push({ metricName: `${this.name}_count`, labels, value: child.count });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}
