// Public surface of @silvertine/monitoring. Everything else is internal.
export { BrokerMetrics, type BrokerMetricsOptions } from './metrics/broker-metrics';
export type { BrokerMetricsSummary, LastError, RateLimitUse } from './metrics/broker-state';
export { ORDER_LATENCY_BUCKETS_SECONDS, BUS_LAG_BUCKETS_SECONDS } from './metrics/latency-buckets';
export { LabelLimiter, OVERFLOW_LABEL } from './metrics/label-limiter';
export type { LatencyStats } from './metrics/rolling-window';
export { BrokerHealthMonitor, type BrokerHealth, type BrokerHealthMonitorOptions, type HealthReport } from './health/broker-health-monitor';
export {
  DEFAULT_HEALTH_TARGETS, DEFAULT_HEALTH_THRESHOLDS, DEFAULT_HEALTH_WEIGHTS,
  type HealthComponents, type HealthStatus, type HealthTargets, type HealthWeights,
} from './health/health-scoring';
export { AlertManager, MONITORING_ALERT_SOURCE, type AlertManagerOptions } from './alerts/alert-manager';
export { defaultAlertRules, DEFAULT_ALERT_THRESHOLDS, type AlertCondition, type AlertContext, type AlertRule, type AlertThresholds } from './alerts/alert-rules';
export { LogAlertSink, WebhookAlertSink, type AlertSink, type WebhookAlertSinkOptions } from './alerts/alert-sinks';
export { MonitoringServer, type MonitoringServerOptions } from './http/monitoring-server';
export { MAX_KILL_SWITCH_BODY, type KillSwitchControl } from './http/kill-switch-route';
export { DashboardFeed, type DashboardFeedOptions, type SnapshotListener } from './dashboard/dashboard-feed';
export type { DashboardSnapshot, DashboardBroker, DashboardFill, DashboardAlert, DashboardLatencySeries } from './dashboard/dashboard-snapshot';
export { renderDashboardPage } from './dashboard/dashboard-page';
export { DashboardChartSeries, type DashboardCharts, type DashboardMarker, type DashboardPnLPoint, type DashboardPoint } from './dashboard/dashboard-charts';
export { SHADOW_METRIC_NAMES, shadowPanel, type DashboardShadow, type DashboardShadowRow } from './dashboard/dashboard-shadow';
export { Monitoring, type MonitoringOptions } from './monitoring';
export { createMonitoringModule, type MonitoringModuleOptions } from './di/monitoring.module';
export { MONITORING_TOKENS } from './di/monitoring.tokens';
export { VenueLabeller } from './di/venue-labeller';
