import { serviceToken } from '@silvertine/core';
import type { AlertManager } from '../alerts/alert-manager';
import type { BrokerHealthMonitor } from '../health/broker-health-monitor';
import type { KillSwitchControl } from '../http/kill-switch-route';
import type { MonitoringServer } from '../http/monitoring-server';
import type { BrokerMetrics } from '../metrics/broker-metrics';
import type { Monitoring } from '../monitoring';
import type { VenueLabeller } from './venue-labeller';

/**
 * Inversify service identifiers of @silvertine/monitoring, typed like core's (ServiceToken):
 * `container.get(MONITORING_TOKENS.BrokerMetrics)` is a BrokerMetrics. Symbol.for: equal across copies.
 */
export const MONITORING_TOKENS = {
  Monitoring: serviceToken<Monitoring>('silvertine.monitoring.Monitoring'),
  BrokerMetrics: serviceToken<BrokerMetrics>('silvertine.monitoring.BrokerMetrics'),
  BrokerHealthMonitor: serviceToken<BrokerHealthMonitor>('silvertine.monitoring.BrokerHealthMonitor'),
  AlertManager: serviceToken<AlertManager>('silvertine.monitoring.AlertManager'),
  MonitoringServer: serviceToken<MonitoringServer>('silvertine.monitoring.MonitoringServer'),
  /** Labels each broker's metrics with its venue before it reports anything (a BrokerLifecycle hook for @silvertine/config's factory). */
  VenueLabeller: serviceToken<VenueLabeller>('silvertine.monitoring.VenueLabeller'),
  /** Optional, bound by the composition root: the kill switch the server drives on `/kill-switch`. */
  KillSwitchControl: serviceToken<KillSwitchControl>('silvertine.monitoring.KillSwitchControl'),
} as const;
