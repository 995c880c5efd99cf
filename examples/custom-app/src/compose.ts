import { Container } from 'inversify';
import { CORE_TOKENS, createCoreModule, dec, type Broker } from '@silvertine/core';
import { MONITORING_TOKENS, createMonitoringModule, type Monitoring } from '@silvertine/monitoring';
import { paperTradingConfig, plugin as paperPlugin, spotInstrumentDefaults } from './paper-setup';

/** What the example app holds: the container, the broker it built and monitoring. */
export interface CustomApp {
  readonly container: Container;
  readonly broker: Broker;
  readonly monitoring: Monitoring;
  close(): Promise<void>;
}

/**
 * A composition root of one's own, without YAML, built only by loading modules: core's services, then
 * monitoring's (whose BrokerMetrics becomes the metrics sink). The paper plugin is registered, and a
 * paper broker built from the registry with the container's services, labelled with its venue.
 */
export async function composeCustomApp(): Promise<CustomApp> {
  const container = new Container();
  container.loadSync(createCoreModule(), createMonitoringModule({ http: { port: 0 } }));
  const bus = container.get(CORE_TOKENS.EventBus);
  const monitoring = container.get(MONITORING_TOKENS.Monitoring);

  const registry = container.get(CORE_TOKENS.BrokerRegistry);
  registry.registerPlugin(paperPlugin);
  container.get(MONITORING_TOKENS.VenueLabeller).beforeCreate({ name: 'my-paper', type: 'paper' });
  const broker = registry.create('paper', {
    id: 'my-paper',
    config: paperTradingConfig({ instruments: [spotInstrumentDefaults], initialBalances: { USDT: dec('25000') } }),
    bus,
    clock: container.get(CORE_TOKENS.Clock),
    logger: container.get(CORE_TOKENS.Logger),
    metrics: container.get(CORE_TOKENS.MetricsSink),
  });
  await broker.connect();
  return {
    container, broker, monitoring,
    close: async () => {
      await monitoring.close();
      await broker.disconnect();
      bus.close();
    },
  };
}
