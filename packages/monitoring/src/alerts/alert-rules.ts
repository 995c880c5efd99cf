import type { AlertSeverity } from '@silvertine/core';
import type { HealthReport } from '../health/broker-health-monitor';
import type { BrokerMetrics } from '../metrics/broker-metrics';

/** One alert condition that currently holds. */
export interface AlertCondition {
  readonly rule: string;
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly brokerId?: string;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/** What rules look at. */
export interface AlertContext {
  readonly now: number;
  readonly health: HealthReport;
  readonly metrics: BrokerMetrics;
}

/** A rule returns every condition that holds now; the manager diffs them to fire and resolve. */
export interface AlertRule {
  readonly name: string;
  evaluate(context: AlertContext): readonly AlertCondition[];
}

/** Thresholds of the default rules. */
export interface AlertThresholds {
  /** p99 acknowledgement latency (default 1000 ms). */
  readonly latencyMs: number;
  /** Rate-limit use (default 0.8). */
  readonly rateLimitRatio: number;
  /** Errors per order (default 0.01). */
  readonly errorRate: number;
  /** Health score (default 0.7). */
  readonly healthScore: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = { latencyMs: 1000, rateLimitRatio: 0.8, errorRate: 0.01, healthScore: 0.7 };

/**
 * The rules issue 8 asks for: latency over 1000 ms, connection failure, rate-limit use at 80 % or more,
 * error rate over 1 %, health score under 0.7, an open circuit, the kill switch. The same thresholds are
 * in `alerting/prometheus-rules.yaml` for teams that alert from Prometheus instead.
 */
export function defaultAlertRules(overrides: Partial<AlertThresholds> = {}): AlertRule[] {
  const t = { ...DEFAULT_ALERT_THRESHOLDS, ...overrides };
  const perBroker = (name: string, fn: (b: HealthReport['brokers'][number]) => Omit<AlertCondition, 'rule' | 'brokerId'> | undefined): AlertRule => ({
    name,
    evaluate: ({ health }) =>
      health.brokers.flatMap((b) => {
        const c = fn(b);
        return c ? [{ ...c, rule: name, brokerId: b.brokerId }] : [];
      }),
  });
  return [
    perBroker('latency-high', (b) => {
      const { p99Ms, count } = b.metrics.ackLatency;
      if (count === 0 || p99Ms <= t.latencyMs) return undefined;
      return { severity: 'WARNING', message: `${b.brokerId}: p99 order latency ${p99Ms.toFixed(0)} ms over ${t.latencyMs} ms`, details: { p99Ms, thresholdMs: t.latencyMs } };
    }),
    perBroker('connection-failure', (b) => {
      const state = b.metrics.connectionState;
      if (state !== 'ERROR' && state !== 'RECONNECTING') return undefined;
      return { severity: 'CRITICAL', message: `${b.brokerId}: connection is ${state}`, details: { state } };
    }),
    perBroker('rate-limit-high', (b) => {
      const worst = b.metrics.rateLimits.reduce<(typeof b.metrics.rateLimits)[number] | undefined>((w, r) => (!w || r.ratio > w.ratio ? r : w), undefined);
      if (!worst || worst.ratio < t.rateLimitRatio) return undefined;
      return { severity: 'WARNING', message: `${b.brokerId}: rate limit ${worst.limit} at ${(worst.ratio * 100).toFixed(0)} %`, details: { limit: worst.limit, used: worst.used, max: worst.max, ratio: worst.ratio } };
    }),
    perBroker('error-rate-high', (b) => {
      const { errorRate, errors, submitted } = b.metrics.window;
      if (errorRate <= t.errorRate) return undefined;
      return { severity: 'WARNING', message: `${b.brokerId}: error rate ${(errorRate * 100).toFixed(2)} % over ${(t.errorRate * 100).toFixed(2)} %`, details: { errorRate, errors, submitted } };
    }),
    perBroker('health-score-low', (b) => {
      if (b.score >= t.healthScore) return undefined;
      return { severity: 'WARNING', message: `${b.brokerId}: health score ${b.score} under ${t.healthScore} (${b.reasons.join('; ')})`, details: { score: b.score } };
    }),
    perBroker('circuit-open', (b) => (b.metrics.circuitOpen ? { severity: 'CRITICAL', message: `${b.brokerId}: circuit breaker open, orders are refused` } : undefined)),
    {
      name: 'kill-switch',
      evaluate: ({ metrics }) => (metrics.killSwitch ? [{ rule: 'kill-switch', severity: 'CRITICAL', message: 'kill switch active: new orders are blocked' }] : []),
    },
  ];
}
