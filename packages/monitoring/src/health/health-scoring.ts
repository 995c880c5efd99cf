import type { ConnectionState } from '@silvertine/core';
import type { BrokerMetricsSummary } from '../metrics/broker-state';

/** Targets a healthy broker meets. */
export interface HealthTargets {
  /** Average acknowledgement latency (default 500 ms). */
  readonly avgLatencyMs: number;
  /** p99 acknowledgement latency (default 1000 ms). */
  readonly p99LatencyMs: number;
  /** Errors per order above which the error component drops (default 0.01 = 1 %). */
  readonly maxErrorRate: number;
  /** Rate-limit use above which the headroom component drops (default 0.8). */
  readonly rateLimitWarnRatio: number;
  /** Age of the last stream message above which the freshness component drops (default 30 s). */
  readonly maxStreamAgeMs: number;
}

/** Weights of the score's components; they sum to 1. */
export interface HealthWeights {
  readonly connectivity: number;
  readonly latency: number;
  readonly errors: number;
  readonly rateLimit: number;
  readonly freshness: number;
}

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

/** Each component from 0 (bad) to 1 (meets its target). */
export type HealthComponents = { readonly [K in keyof HealthWeights]: number };

export const DEFAULT_HEALTH_TARGETS: HealthTargets = { avgLatencyMs: 500, p99LatencyMs: 1000, maxErrorRate: 0.01, rateLimitWarnRatio: 0.8, maxStreamAgeMs: 30_000 };

/**
 * Connectivity weighs most: a disconnected broker scores at most 0.65, below the 0.7 "degraded"
 * floor, so it is unhealthy whatever else looks fine.
 */
export const DEFAULT_HEALTH_WEIGHTS: HealthWeights = { connectivity: 0.35, latency: 0.25, errors: 0.2, rateLimit: 0.1, freshness: 0.1 };

/** Score at or above which a broker is healthy / degraded (below degraded it is unhealthy). */
export const DEFAULT_HEALTH_THRESHOLDS = { healthy: 0.9, degraded: 0.7 } as const;

const CONNECTIVITY: Readonly<Record<ConnectionState, number>> = { CONNECTED: 1, CONNECTING: 0.3, RECONNECTING: 0.3, ERROR: 0, DISCONNECTED: 0 };

const clamp01 = (v: number): number => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);

/** 1 up to `target`, then falling linearly to 0 at `zeroAt`. */
function linearDrop(value: number, target: number, zeroAt: number): number {
  if (value <= target) return 1;
  return clamp01(1 - (value - target) / (zeroAt - target));
}

/** Scores each component of one broker's summary, with the reasons for every component below 1. */
export function scoreComponents(s: BrokerMetricsSummary, targets: HealthTargets, now: number): { components: HealthComponents; reasons: string[] } {
  const reasons: string[] = [];
  let connectivity = CONNECTIVITY[s.connectionState];
  if (connectivity < 1) reasons.push(`connection is ${s.connectionState}`);
  if (s.circuitOpen) {
    connectivity = 0;
    reasons.push('circuit breaker is open');
  }
  let latency = 1;
  if (s.ackLatency.count > 0) {
    // Half-way between on target and twice the target scores 0.5.
    const avg = s.ackLatency.avgMs <= targets.avgLatencyMs ? 1 : clamp01(targets.avgLatencyMs / s.ackLatency.avgMs);
    const p99 = s.ackLatency.p99Ms <= targets.p99LatencyMs ? 1 : clamp01(targets.p99LatencyMs / s.ackLatency.p99Ms);
    latency = (avg + p99) / 2;
    if (avg < 1) reasons.push(`average latency ${s.ackLatency.avgMs.toFixed(1)} ms over ${targets.avgLatencyMs} ms`);
    if (p99 < 1) reasons.push(`p99 latency ${s.ackLatency.p99Ms.toFixed(1)} ms over ${targets.p99LatencyMs} ms`);
  }
  const errors = linearDrop(s.window.errorRate, targets.maxErrorRate, targets.maxErrorRate * 10);
  if (errors < 1) reasons.push(`error rate ${(s.window.errorRate * 100).toFixed(2)} % over ${(targets.maxErrorRate * 100).toFixed(2)} %`);
  const rateLimit = linearDrop(s.maxRateLimitRatio, targets.rateLimitWarnRatio, 1);
  if (rateLimit < 1) reasons.push(`rate-limit use ${(s.maxRateLimitRatio * 100).toFixed(0)} %`);
  let freshness = 1;
  if (s.lastStreamAt !== undefined) {
    const age = now - s.lastStreamAt;
    freshness = linearDrop(age, targets.maxStreamAgeMs, targets.maxStreamAgeMs * 2);
    if (freshness < 1) reasons.push(`no stream data for ${Math.round(age / 1000)} s`);
  }
  return { components: { connectivity, latency, errors, rateLimit, freshness }, reasons };
}

/** Weighted sum of the components, rounded to 3 decimals so gauges and JSON stay readable. */
export function weightedScore(components: HealthComponents, weights: HealthWeights): number {
  let score = 0;
  let total = 0;
  for (const key of Object.keys(weights) as (keyof HealthWeights)[]) {
    score += components[key] * weights[key];
    total += weights[key];
  }
  return Math.round((total > 0 ? score / total : 0) * 1000) / 1000;
}

/** Status of a score against the thresholds. */
export function statusOf(score: number, thresholds: { readonly healthy: number; readonly degraded: number }): HealthStatus {
  if (score >= thresholds.healthy) return 'healthy';
  if (score >= thresholds.degraded) return 'degraded';
  return 'unhealthy';
}

/** The worst of several statuses (healthy when there are none). */
export function worstStatus(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'healthy';
  for (const s of statuses) {
    if (s === 'unhealthy') return s;
    if (s === 'degraded') worst = s;
  }
  return worst;
}
