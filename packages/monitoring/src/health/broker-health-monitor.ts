import { systemClock, type Broker, type Clock } from '@silvertine/core';
import type { Subscription } from 'rxjs';
import type { BrokerMetrics } from '../metrics/broker-metrics';
import type { BrokerMetricsSummary, LastError } from '../metrics/broker-state';
import {
  DEFAULT_HEALTH_TARGETS, DEFAULT_HEALTH_THRESHOLDS, DEFAULT_HEALTH_WEIGHTS, scoreComponents, statusOf, weightedScore, worstStatus,
  type HealthComponents, type HealthStatus, type HealthTargets, type HealthWeights,
} from './health-scoring';

/** Options of BrokerHealthMonitor. */
export interface BrokerHealthMonitorOptions {
  readonly metrics: BrokerMetrics;
  readonly clock?: Clock;
  readonly targets?: Partial<HealthTargets>;
  readonly weights?: Partial<HealthWeights>;
  readonly thresholds?: { readonly healthy: number; readonly degraded: number };
}

/** Health of one broker. */
export interface BrokerHealth {
  readonly brokerId: string;
  readonly venue: string;
  readonly status: HealthStatus;
  /** 0 (down) to 1 (meets every target). */
  readonly score: number;
  readonly components: HealthComponents;
  /** Why the score is below 1, one line per component that is. */
  readonly reasons: readonly string[];
  readonly metrics: BrokerMetricsSummary;
  readonly lastError?: LastError;
}

/** Health of the process: the worst broker decides. */
export interface HealthReport {
  readonly status: HealthStatus;
  readonly checkedAt: number;
  readonly brokers: readonly BrokerHealth[];
}

/**
 * Scores every broker BrokerMetrics knows from 0 to 1 (connectivity, latency against targets, error
 * rate, rate-limit headroom, stream freshness) and rolls them up to healthy / degraded / unhealthy.
 * Checks are computed on demand from the metrics' windows, so they cost nothing between checks.
 */
export class BrokerHealthMonitor {
  readonly targets: HealthTargets;
  readonly weights: HealthWeights;
  readonly thresholds: { readonly healthy: number; readonly degraded: number };
  private readonly metrics: BrokerMetrics;
  private readonly clock: Clock;
  private readonly watched = new Map<string, Subscription>();

  constructor(options: BrokerHealthMonitorOptions) {
    this.metrics = options.metrics;
    this.clock = options.clock ?? systemClock;
    this.targets = { ...DEFAULT_HEALTH_TARGETS, ...options.targets };
    this.weights = { ...DEFAULT_HEALTH_WEIGHTS, ...options.weights };
    this.thresholds = options.thresholds ?? DEFAULT_HEALTH_THRESHOLDS;
  }

  /**
   * Follows a broker's connection state even when the broker was not built with BrokerMetrics as
   * its sink (repeating a state the sink already reported changes nothing).
   */
  watch(broker: Broker): void {
    if (this.watched.has(broker.id)) return;
    this.watched.set(broker.id, broker.state$.subscribe((state) => this.metrics.connectionState(broker.id, state, this.clock.now())));
  }

  /** Stops following a broker; its metrics remain. */
  unwatch(brokerId: string): void {
    this.watched.get(brokerId)?.unsubscribe();
    this.watched.delete(brokerId);
  }

  /** Scores one broker, or undefined if it never reported. Updates its health-score gauge. */
  brokerHealth(brokerId: string): BrokerHealth | undefined {
    const summary = this.metrics.summary(brokerId);
    return summary ? this.score(summary) : undefined;
  }

  /** Scores every broker and rolls up the overall status. Updates the health-score gauges. */
  check(): HealthReport {
    const brokers = this.metrics.summaries().map((s) => this.score(s));
    return { status: worstStatus(brokers.map((b) => b.status)), checkedAt: this.clock.now(), brokers };
  }

  /** Ends every watch. */
  close(): void {
    for (const id of [...this.watched.keys()]) this.unwatch(id);
  }

  private score(summary: BrokerMetricsSummary): BrokerHealth {
    const { components, reasons } = scoreComponents(summary, this.targets, this.clock.now());
    const score = weightedScore(components, this.weights);
    this.metrics.setHealthScore(summary.brokerId, score);
    return {
      brokerId: summary.brokerId, venue: summary.venue, status: statusOf(score, this.thresholds), score, components, reasons,
      metrics: summary, lastError: summary.lastError,
    };
  }
}
