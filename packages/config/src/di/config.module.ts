import { ContainerModule } from 'inversify';
import { CORE_TOKENS, serviceIdentifier } from '@silvertine/core';
import { BrokerFactory } from '../factory/broker-factory';
import type { SilvertineConfig } from '../schema/silvertine-config';
import { CONFIG_TOKENS } from './tokens';

/**
 * Binds the configuration, a singleton BrokerFactory and every configured broker by name.
 *
 * Expects (from `createCoreModule()`): EventBus, Clock, Logger, MetricsSink, BrokerRegistry,
 * ClientOrderIdGenerator. Optional: CONFIG_TOKENS.OrderJournal (given to every broker) and any number of
 * CONFIG_TOKENS.BrokerLifecycle hooks. Load the configured plugins into the registry before resolving
 * the factory: its construction validates every broker section.
 */
export function createConfigModule(config: SilvertineConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(serviceIdentifier(CONFIG_TOKENS.Config)).toConstantValue(config);
    bind(serviceIdentifier(CONFIG_TOKENS.BrokerFactory))
      .toDynamicValue(
        (context) =>
          new BrokerFactory({
            config: context.get(CONFIG_TOKENS.Config),
            registry: context.get(CORE_TOKENS.BrokerRegistry),
            bus: context.get(CORE_TOKENS.EventBus),
            clock: context.get(CORE_TOKENS.Clock),
            logger: context.get(CORE_TOKENS.Logger),
            metrics: context.get(CORE_TOKENS.MetricsSink),
            clientOrderIds: context.get(CORE_TOKENS.ClientOrderIdGenerator),
            journal: context.get(CONFIG_TOKENS.OrderJournal, { optional: true }),
            lifecycle: context.getAll(CONFIG_TOKENS.BrokerLifecycle, { optional: true }),
          }),
      )
      .inSingletonScope();
    for (const name of Object.keys(config.brokers)) {
      // the factory caches: asking twice gives the same connected broker
      bind(serviceIdentifier(CONFIG_TOKENS.Broker)).toDynamicValue((context) => context.get(CONFIG_TOKENS.BrokerFactory).createBroker(name)).whenNamed(name);
    }
  });
}
