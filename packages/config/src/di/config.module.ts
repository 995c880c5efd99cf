import { ContainerModule } from 'inversify';
import { CORE_TOKENS, type BrokerRegistry, type ClientOrderIdGenerator, type Clock, type EventBus, type Logger, type MetricsSink, type OrderJournal } from '@silvertine/core';
import { BrokerFactory } from '../factory/broker-factory';
import type { SilvertineConfig } from '../schema/silvertine-config';
import { CONFIG_TOKENS } from './tokens';

/**
 * Binds the configuration and a singleton BrokerFactory that takes the bus, clock, logger, metrics,
 * registry and id generator from core's module (load `createCoreModule()` too), and the journal bound
 * to CONFIG_TOKENS.OrderJournal when there is one. Load the configured plugins into the registry
 * before resolving the factory: its construction validates every broker section.
 */
export function createConfigModule(config: SilvertineConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<SilvertineConfig>(CONFIG_TOKENS.Config).toConstantValue(config);
    bind<BrokerFactory>(CONFIG_TOKENS.BrokerFactory)
      .toDynamicValue(
        (context) =>
          new BrokerFactory({
            config: context.get<SilvertineConfig>(CONFIG_TOKENS.Config),
            registry: context.get<BrokerRegistry>(CORE_TOKENS.BrokerRegistry),
            bus: context.get<EventBus>(CORE_TOKENS.EventBus),
            clock: context.get<Clock>(CORE_TOKENS.Clock),
            logger: context.get<Logger>(CORE_TOKENS.Logger),
            metrics: context.get<MetricsSink>(CORE_TOKENS.MetricsSink),
            clientOrderIds: context.get<ClientOrderIdGenerator>(CORE_TOKENS.ClientOrderIdGenerator),
            journal: context.get<OrderJournal>(CONFIG_TOKENS.OrderJournal, { optional: true }),
          }),
      )
      .inSingletonScope();
  });
}
