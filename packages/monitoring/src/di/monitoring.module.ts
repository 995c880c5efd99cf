import { CORE_TOKENS, type Clock, type EventBus, type Logger, type MetricsSink } from '@silvertine/core';
import { ContainerModule } from 'inversify';
import type { AlertManager } from '../alerts/alert-manager';
import type { BrokerHealthMonitor } from '../health/broker-health-monitor';
import type { MonitoringServer } from '../http/monitoring-server';
import type { BrokerMetrics } from '../metrics/broker-metrics';
import { Monitoring, type MonitoringOptions } from '../monitoring';
import { MONITORING_TOKENS } from './monitoring.tokens';

/** Options of the module: MonitoringOptions without what the container supplies (bus, clock, logger). */
export type MonitoringModuleOptions = Omit<MonitoringOptions, 'bus' | 'clock' | 'logger'>;

/**
 * Binds monitoring as singletons built from core's EventBus, Clock and Logger, and rebinds
 * CORE_TOKENS.MetricsSink to BrokerMetrics so brokers built from the container are measured.
 * Load it after `createCoreModule()`. The composition root calls `Monitoring.start()` and `close()`.
 */
export function createMonitoringModule(options: MonitoringModuleOptions = {}): ContainerModule {
  return new ContainerModule(({ bind, isBound, rebindSync }) => {
    bind<Monitoring>(MONITORING_TOKENS.Monitoring)
      .toDynamicValue((ctx) =>
        new Monitoring({
          ...options,
          bus: ctx.get<EventBus>(CORE_TOKENS.EventBus),
          clock: ctx.get<Clock>(CORE_TOKENS.Clock),
          logger: ctx.get<Logger>(CORE_TOKENS.Logger),
        }),
      )
      .inSingletonScope();
    bind<BrokerMetrics>(MONITORING_TOKENS.BrokerMetrics).toDynamicValue((ctx) => ctx.get<Monitoring>(MONITORING_TOKENS.Monitoring).metrics).inSingletonScope();
    bind<BrokerHealthMonitor>(MONITORING_TOKENS.BrokerHealthMonitor).toDynamicValue((ctx) => ctx.get<Monitoring>(MONITORING_TOKENS.Monitoring).health).inSingletonScope();
    bind<AlertManager>(MONITORING_TOKENS.AlertManager).toDynamicValue((ctx) => ctx.get<Monitoring>(MONITORING_TOKENS.Monitoring).alerts).inSingletonScope();
    if (options.http && options.http.enabled !== false) {
      bind<MonitoringServer>(MONITORING_TOKENS.MonitoringServer).toDynamicValue((ctx) => serverOf(ctx.get<Monitoring>(MONITORING_TOKENS.Monitoring))).inSingletonScope();
    }
    const sink = rebindOrBind(isBound(CORE_TOKENS.MetricsSink), () => rebindSync<MetricsSink>(CORE_TOKENS.MetricsSink), () => bind<MetricsSink>(CORE_TOKENS.MetricsSink));
    sink.toDynamicValue((ctx) => ctx.get<BrokerMetrics>(MONITORING_TOKENS.BrokerMetrics)).inSingletonScope();
  });
}

function rebindOrBind<T>(bound: boolean, rebind: () => T, bind: () => T): T {
  return bound ? rebind() : bind();
}

function serverOf(monitoring: Monitoring): MonitoringServer {
  if (!monitoring.server) throw new Error('monitoring was configured without an HTTP server');
  return monitoring.server;
}
