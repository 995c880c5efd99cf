import { createSilentLogger, systemClock, type Broker, type Clock, type EventBus, type Logger } from '@silvertine/core';
import { AlertManager } from './alerts/alert-manager';
import { defaultAlertRules, type AlertThresholds } from './alerts/alert-rules';
import { LogAlertSink, WebhookAlertSink, type AlertSink } from './alerts/alert-sinks';
import { DashboardFeed } from './dashboard/dashboard-feed';
import { BrokerHealthMonitor } from './health/broker-health-monitor';
import type { HealthTargets } from './health/health-scoring';
import type { KillSwitchControl } from './http/kill-switch-route';
import { MonitoringServer } from './http/monitoring-server';
import { BrokerMetrics, type BrokerMetricsOptions } from './metrics/broker-metrics';

/** Everything monitoring needs, in one place (what YAML config maps to). */
export interface MonitoringOptions {
  readonly bus: EventBus;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly metrics?: Omit<BrokerMetricsOptions, 'clock'>;
  readonly health?: { readonly targets?: Partial<HealthTargets> };
  readonly alerts?: {
    readonly thresholds?: Partial<AlertThresholds>;
    /** Webhook URLs to POST alerts to. */
    readonly webhooks?: readonly string[];
    readonly sinks?: readonly AlertSink[];
    readonly evaluateIntervalMs?: number;
  };
  /** HTTP server; omit (or `enabled: false`) to run without one. */
  readonly http?: { readonly enabled?: boolean; readonly host?: string; readonly port?: number; readonly token?: string };
  /** Driven over HTTP (`/kill-switch`) when given and the server runs. */
  readonly killSwitch?: KillSwitchControl;
}

/**
 * Metrics, health, alerts, dashboard feed and HTTP server wired together on one bus and clock.
 * `start()` begins alert evaluation and listening; `close()` releases every timer, subscription and socket.
 */
export class Monitoring {
  readonly metrics: BrokerMetrics;
  readonly health: BrokerHealthMonitor;
  readonly alerts: AlertManager;
  readonly dashboard: DashboardFeed;
  readonly server?: MonitoringServer;

  constructor(options: MonitoringOptions) {
    const clock = options.clock ?? systemClock;
    const logger = options.logger ?? createSilentLogger();
    this.metrics = new BrokerMetrics({ ...options.metrics, clock });
    this.metrics.observeBus(options.bus);
    this.health = new BrokerHealthMonitor({ metrics: this.metrics, clock, targets: options.health?.targets });
    const sinks: AlertSink[] = [new LogAlertSink(logger), ...(options.alerts?.webhooks ?? []).map((url) => new WebhookAlertSink({ url })), ...(options.alerts?.sinks ?? [])];
    this.alerts = new AlertManager({
      bus: options.bus, metrics: this.metrics, health: this.health, clock, logger, sinks,
      rules: defaultAlertRules(options.alerts?.thresholds), evaluateIntervalMs: options.alerts?.evaluateIntervalMs,
    });
    this.dashboard = new DashboardFeed({ bus: options.bus, metrics: this.metrics, health: this.health, clock });
    if (options.http && options.http.enabled !== false) {
      this.server = new MonitoringServer({ metrics: this.metrics, health: this.health, dashboard: this.dashboard, logger, killSwitch: options.killSwitch, ...options.http });
    }
  }

  /** Follows a broker's connection state (needed only when it was not built with `metrics` as its sink). */
  watch(broker: Broker): void {
    this.health.watch(broker);
  }

  /** Starts alert evaluation and the HTTP server. Resolves with the server's URL when there is one. */
  async start(): Promise<string | undefined> {
    this.alerts.start();
    return this.server ? (await this.server.start()).url : undefined;
  }

  /** Stops everything; safe to call twice. */
  async close(): Promise<void> {
    await this.server?.close();
    this.dashboard.close();
    await this.alerts.close();
    this.health.close();
    this.metrics.close();
  }
}
