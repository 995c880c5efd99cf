/** Inversify service identifiers of @silvertine/monitoring (Symbol.for: equal across package copies). */
export const MONITORING_TOKENS = {
  Monitoring: Symbol.for('silvertine.monitoring.Monitoring'),
  BrokerMetrics: Symbol.for('silvertine.monitoring.BrokerMetrics'),
  BrokerHealthMonitor: Symbol.for('silvertine.monitoring.BrokerHealthMonitor'),
  AlertManager: Symbol.for('silvertine.monitoring.AlertManager'),
  MonitoringServer: Symbol.for('silvertine.monitoring.MonitoringServer'),
} as const;
