import { serviceToken, type Broker, type OrderJournal } from '@silvertine/core';
import type { BrokerFactory } from '../factory/broker-factory';
import type { BrokerLifecycle } from '../factory/broker-lifecycle';
import type { SilvertineConfig } from '../schema/silvertine-config';

/**
 * Inversify service identifiers of @silvertine/config, typed like core's (ServiceToken):
 * `container.get(CONFIG_TOKENS.BrokerFactory)` is a BrokerFactory, and asking for another type does not
 * compile. Symbol.for keeps them equal across duplicated copies of the package.
 */
export const CONFIG_TOKENS = {
  /** The loaded SilvertineConfig. */
  Config: serviceToken<SilvertineConfig>('silvertine.config.Config'),
  /** The BrokerFactory built from it with core's shared services. */
  BrokerFactory: serviceToken<BrokerFactory>('silvertine.config.BrokerFactory'),
  /** Optional OrderJournal the factory gives every broker (bind it to enable journaling). */
  OrderJournal: serviceToken<OrderJournal>('silvertine.config.OrderJournal'),
  /** Optional, any number: hooks around every broker's life (monitoring's venue label, resilience's reconciliation). */
  BrokerLifecycle: serviceToken<BrokerLifecycle>('silvertine.config.BrokerLifecycle'),
  /**
   * A configured broker, by its name: `await container.getAsync(CONFIG_TOKENS.Broker, { name: 'paper' })`
   * builds and connects it through the factory (or returns the one it already built).
   */
  Broker: serviceToken<Broker>('silvertine.config.Broker'),
} as const;
