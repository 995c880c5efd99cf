import type { Broker, OrderJournal } from '@silvertine/core';
import type { BrokerFactory } from '../factory/broker-factory';
import type { BrokerLifecycle } from '../factory/broker-lifecycle';
import type { SilvertineConfig } from '../schema/silvertine-config';

/**
 * A service identifier that carries its service's type: `container.get(CONFIG_TOKENS.BrokerFactory)` is
 * a BrokerFactory without a type argument, and binding or reading the wrong type does not compile.
 * (Inversify infers the type from the constructor half; the value is a plain `Symbol.for`.)
 */
export type ConfigToken<T> = symbol & (abstract new (...args: never[]) => T);

const token = <T>(key: string) => Symbol.for(key) as ConfigToken<T>;

/** Inversify service identifiers of @silvertine/config (Symbol.for: equal across duplicated copies). */
export const CONFIG_TOKENS = {
  /** The loaded SilvertineConfig. */
  Config: token<SilvertineConfig>('silvertine.config.Config'),
  /** The BrokerFactory built from it with core's shared services. */
  BrokerFactory: token<BrokerFactory>('silvertine.config.BrokerFactory'),
  /** Optional OrderJournal the factory gives every broker (bind it to enable journaling). */
  OrderJournal: token<OrderJournal>('silvertine.config.OrderJournal'),
  /** Optional, any number: hooks around every broker's life (monitoring's venue label, resilience's reconciliation). */
  BrokerLifecycle: token<BrokerLifecycle>('silvertine.config.BrokerLifecycle'),
  /**
   * A configured broker, by its name: `await container.getAsync(CONFIG_TOKENS.Broker, { name: 'paper' })`
   * builds and connects it through the factory (or returns the one it already built).
   */
  Broker: token<Broker>('silvertine.config.Broker'),
} as const;
