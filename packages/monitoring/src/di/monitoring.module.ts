import { CORE_TOKENS, serviceIdentifier } from '@silvertine/core';
import { ContainerModule } from 'inversify';
import type { MonitoringServer } from '../http/monitoring-server';
import { Monitoring, type MonitoringOptions } from '../monitoring';
import { MONITORING_TOKENS } from './monitoring.tokens';
import { VenueLabeller } from './venue-labeller';

/** Options of the module: MonitoringOptions without what the container supplies (bus, clock, logger). */
export type MonitoringModuleOptions = Omit<MonitoringOptions, 'bus' | 'clock' | 'logger'>;

/**
 * Binds monitoring as singletons: Monitoring, BrokerMetrics, BrokerHealthMonitor, AlertManager, the
 * MonitoringServer (when `http` is enabled) and the VenueLabeller hook; and makes BrokerMetrics core's
 * MetricsSink (replacing core's no-op binding) so brokers built from the container are measured.
 *
 * Expects (from `createCoreModule()`, loaded first): EventBus, Clock, Logger. Optional:
 * MONITORING_TOKENS.KillSwitchControl, served on `/kill-switch`. The composition root calls
 * `Monitoring.start()` and `close()`.
 */
export function createMonitoringModule(options: MonitoringModuleOptions = {}): ContainerModule {
  return new ContainerModule(({ bind, isBound, rebindSync }) => {
    bind(serviceIdentifier(MONITORING_TOKENS.Monitoring))
      .toDynamicValue((ctx) =>
        new Monitoring({
          ...options,
          bus: ctx.get(CORE_TOKENS.EventBus),
          clock: ctx.get(CORE_TOKENS.Clock),
          logger: ctx.get(CORE_TOKENS.Logger),
          // bound by the composition root when a kill switch exists (resilience's, as the app binds it)
          killSwitch: options.killSwitch ?? ctx.get(MONITORING_TOKENS.KillSwitchControl, { optional: true }),
        }),
      )
      .inSingletonScope();
    bind(serviceIdentifier(MONITORING_TOKENS.BrokerMetrics)).toDynamicValue((ctx) => ctx.get(MONITORING_TOKENS.Monitoring).metrics).inSingletonScope();
    bind(serviceIdentifier(MONITORING_TOKENS.BrokerHealthMonitor)).toDynamicValue((ctx) => ctx.get(MONITORING_TOKENS.Monitoring).health).inSingletonScope();
    bind(serviceIdentifier(MONITORING_TOKENS.AlertManager)).toDynamicValue((ctx) => ctx.get(MONITORING_TOKENS.Monitoring).alerts).inSingletonScope();
    bind(serviceIdentifier(MONITORING_TOKENS.VenueLabeller)).toDynamicValue((ctx) => new VenueLabeller(ctx.get(MONITORING_TOKENS.BrokerMetrics))).inSingletonScope();
    if (options.http && options.http.enabled !== false) {
      bind(serviceIdentifier(MONITORING_TOKENS.MonitoringServer)).toDynamicValue((ctx) => serverOf(ctx.get(MONITORING_TOKENS.Monitoring))).inSingletonScope();
    }
    // core's module binds a no-op sink; this module's purpose is to replace it
    const sink = rebindOrBind(isBound(serviceIdentifier(CORE_TOKENS.MetricsSink)), () => rebindSync(serviceIdentifier(CORE_TOKENS.MetricsSink)), () => bind(serviceIdentifier(CORE_TOKENS.MetricsSink)));
    sink.toDynamicValue((ctx) => ctx.get(MONITORING_TOKENS.BrokerMetrics)).inSingletonScope();
  });
}

function rebindOrBind<T>(bound: boolean, rebind: () => T, bind: () => T): T {
  return bound ? rebind() : bind();
}

function serverOf(monitoring: Monitoring): MonitoringServer {
  if (!monitoring.server) throw new Error('monitoring was configured without an HTTP server');
  return monitoring.server;
}
