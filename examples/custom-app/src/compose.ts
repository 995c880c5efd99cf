import { Container } from 'inversify';
import { BrokerRegistry, CORE_TOKENS, createCoreModule, dec, type Broker, type Clock, type EventBus, type Logger, type MetricsSink } from '@silvertine/core';
import { Monitoring } from '@silvertine/monitoring';
import { paperTradingConfig, plugin as paperPlugin, spotInstrumentDefaults } from './paper-setup';

/** What the example app holds: the container, the broker it built and monitoring. */
export interface CustomApp {
  readonly container: Container;
  readonly broker: Broker;
  readonly monitoring: Monitoring;
  close(): Promise<void>;
}

/**
 * A composition root of one's own, without YAML: core's module, monitoring bound as the metrics sink,
 * the paper plugin registered, and a paper broker built from the registry with the container's services.
 */
export async function composeCustomApp(): Promise<CustomApp> {
  const container = new Container();
  container.loadSync(createCoreModule());
  const bus = container.get<EventBus>(CORE_TOKENS.EventBus);
  const clock = container.get<Clock>(CORE_TOKENS.Clock);
  const monitoring = new Monitoring({ bus, clock, http: { port: 0 } });
  await container.unbind(CORE_TOKENS.MetricsSink);
  container.bind<MetricsSink>(CORE_TOKENS.MetricsSink).toConstantValue(monitoring.metrics);

  const registry = container.get<BrokerRegistry>(CORE_TOKENS.BrokerRegistry);
  registry.registerPlugin(paperPlugin);
  const broker = registry.create('paper', {
    id: 'my-paper',
    config: paperTradingConfig({ instruments: [spotInstrumentDefaults], initialBalances: { USDT: dec('25000') } }),
    bus, clock,
    logger: container.get<Logger>(CORE_TOKENS.Logger),
    metrics: container.get<MetricsSink>(CORE_TOKENS.MetricsSink),
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
