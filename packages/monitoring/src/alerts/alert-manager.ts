import { createEvent, createSilentLogger, systemClock } from '@silvertine/core';
import type { AlertEvent, Clock, EventBus, Logger, TimerHandle } from '@silvertine/core';
import type { Subscription } from 'rxjs';
import type { BrokerHealthMonitor } from '../health/broker-health-monitor';
import type { BrokerMetrics } from '../metrics/broker-metrics';
import { defaultAlertRules, type AlertCondition, type AlertRule } from './alert-rules';
import type { AlertSink } from './alert-sinks';

/** Prefix of the `source` of alerts this manager raises (the rule name follows). */
export const MONITORING_ALERT_SOURCE = 'monitoring';

/** Options of AlertManager. */
export interface AlertManagerOptions {
  readonly bus: EventBus;
  readonly metrics: BrokerMetrics;
  readonly health: BrokerHealthMonitor;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Default: `defaultAlertRules()`. */
  readonly rules?: readonly AlertRule[];
  readonly sinks?: readonly AlertSink[];
  /** How often rules run once started (default 5 s). Connection changes also trigger a run. */
  readonly evaluateIntervalMs?: number;
  /** A condition that stays active is announced again after this long (default 15 min). */
  readonly repeatIntervalMs?: number;
  /** Identical alerts from other components within this window are delivered to sinks once (default 60 s). */
  readonly dedupWindowMs?: number;
  /** Alerts kept for `recent()` (default 100). */
  readonly historySize?: number;
}

interface ActiveAlert {
  readonly condition: AlertCondition;
  readonly firedAt: number;
  notifiedAt: number;
}

/**
 * Runs alert rules against health and metrics, and publishes AlertEvents on the bus when a condition
 * starts (firing), repeats (after `repeatIntervalMs`) or ends (resolved, severity INFO). Every alert on
 * the bus — its own and other components' (kill switch, circuit breaker, order tracker) — is delivered
 * to the sinks, with other components' duplicates suppressed within `dedupWindowMs`.
 */
export class AlertManager {
  private readonly bus: EventBus;
  private readonly metrics: BrokerMetrics;
  private readonly health: BrokerHealthMonitor;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly rules: readonly AlertRule[];
  private readonly sinks: readonly AlertSink[];
  private readonly evaluateIntervalMs: number;
  private readonly repeatIntervalMs: number;
  private readonly dedupWindowMs: number;
  private readonly historySize: number;
  private readonly active = new Map<string, ActiveAlert>();
  private readonly foreignSeen = new Map<string, number>();
  private readonly history: AlertEvent[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly subscriptions: Subscription[] = [];
  private timer?: TimerHandle;
  private closed = false;

  constructor(options: AlertManagerOptions) {
    this.bus = options.bus;
    this.metrics = options.metrics;
    this.health = options.health;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? createSilentLogger();
    this.rules = options.rules ?? defaultAlertRules();
    this.sinks = options.sinks ?? [];
    this.evaluateIntervalMs = options.evaluateIntervalMs ?? 5000;
    this.repeatIntervalMs = options.repeatIntervalMs ?? 15 * 60_000;
    this.dedupWindowMs = options.dedupWindowMs ?? 60_000;
    this.historySize = options.historySize ?? 100;
    this.subscriptions.push(this.bus.on('Alert', (alert) => this.deliver(alert), 'monitoring:alerts'));
  }

  /** Starts periodic evaluation on the clock, and evaluation on every connection change. */
  start(): void {
    if (this.closed || this.timer) return;
    this.subscriptions.push(this.bus.on('ConnectionState', () => this.evaluate(), 'monitoring:alerts:connection'));
    this.schedule();
  }

  /**
   * Runs every rule once; publishes firing, repeated and resolved alerts. Returns what it published.
   * Safe to call directly (tests, a manual check).
   */
  evaluate(): AlertEvent[] {
    if (this.closed) return [];
    const now = this.clock.now();
    const health = this.health.check();
    const holding = new Map<string, AlertCondition>();
    for (const rule of this.rules) {
      try {
        for (const c of rule.evaluate({ now, health, metrics: this.metrics })) holding.set(keyOf(c), c);
      } catch (error) {
        this.logger.error('alert rule failed', { rule: rule.name, error: String(error) });
      }
    }
    const published: AlertEvent[] = [];
    for (const [key, condition] of holding) {
      const current = this.active.get(key);
      if (!current) {
        this.active.set(key, { condition, firedAt: now, notifiedAt: now });
        published.push(this.publish(condition, 'firing', now));
      } else if (now - current.notifiedAt >= this.repeatIntervalMs) {
        current.notifiedAt = now;
        published.push(this.publish(condition, 'firing', now, current.firedAt));
      }
    }
    for (const [key, { condition, firedAt }] of this.active) {
      if (holding.has(key)) continue;
      this.active.delete(key);
      published.push(this.publish(condition, 'resolved', now, firedAt));
    }
    return published;
  }

  /** Conditions firing now. */
  activeAlerts(): AlertCondition[] {
    return [...this.active.values()].map((a) => a.condition);
  }

  /** The last alerts delivered (oldest first). */
  recent(): readonly AlertEvent[] {
    return [...this.history];
  }

  /** Stops evaluation and subscriptions, then waits for sinks still delivering. */
  async close(): Promise<void> {
    this.closed = true;
    this.timer?.cancel();
    this.timer = undefined;
    for (const sub of this.subscriptions.splice(0)) sub.unsubscribe();
    await this.flush();
  }

  /** Resolves when every delivery started so far has finished. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.closed) return;
      this.evaluate();
      this.schedule();
    }, this.evaluateIntervalMs);
  }

  private publish(condition: AlertCondition, state: 'firing' | 'resolved', now: number, firedAt?: number): AlertEvent {
    const resolved = state === 'resolved';
    const event = createEvent(
      {
        type: 'Alert',
        severity: resolved ? 'INFO' : condition.severity,
        source: `${MONITORING_ALERT_SOURCE}:${condition.rule}`,
        message: resolved ? `resolved: ${condition.message}` : condition.message,
        brokerId: condition.brokerId,
        details: { ...condition.details, rule: condition.rule, state, ...(firedAt !== undefined ? { firedAt } : {}), ...(resolved ? { resolvedSeverity: condition.severity } : {}) },
      },
      now,
    );
    this.metrics.recordAlert(condition.rule, condition.severity, state);
    this.bus.publish(event);
    return event;
  }

  private deliver(alert: AlertEvent): void {
    if (!alert.source.startsWith(`${MONITORING_ALERT_SOURCE}:`)) {
      // Other components may raise the same alert on every order (a kill switch refusing each one).
      const key = `${alert.source}|${alert.brokerId ?? ''}|${alert.severity}|${alert.message}`;
      const seen = this.foreignSeen.get(key);
      if (seen !== undefined && alert.timestamp - seen < this.dedupWindowMs) return;
      this.foreignSeen.set(key, alert.timestamp);
      if (this.foreignSeen.size > 1000) this.pruneForeign(alert.timestamp);
    }
    this.history.push(alert);
    if (this.history.length > this.historySize) this.history.shift();
    for (const sink of this.sinks) {
      let result: void | Promise<void>;
      try {
        result = sink.send(alert);
      } catch (error) {
        this.logger.error('alert sink failed', { sink: sink.name, alertId: alert.id, error: String(error) });
        continue;
      }
      if (result) {
        const p = result.catch((error: unknown) => this.logger.error('alert sink failed', { sink: sink.name, alertId: alert.id, error: String(error) }));
        this.pending.add(p);
        void p.finally(() => this.pending.delete(p));
      }
    }
  }

  private pruneForeign(now: number): void {
    for (const [key, at] of this.foreignSeen) if (now - at >= this.dedupWindowMs) this.foreignSeen.delete(key);
  }
}

function keyOf(c: AlertCondition): string {
  return `${c.rule}|${c.brokerId ?? ''}`;
}
