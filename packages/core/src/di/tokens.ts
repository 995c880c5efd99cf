import type { Clock } from '../clock/clock';
import type { EventBus } from '../events/event-bus';
import type { ClientOrderIdGenerator } from '../ids/client-order-id';
import type { Logger } from '../logging/logger';
import type { MetricsSink } from '../metrics/metrics-sink';
import type { BrokerRegistry } from '../registry/broker-registry';
import { serviceToken } from './service-token';

/**
 * Inversify service identifiers of core, typed: `container.get(CORE_TOKENS.EventBus)` is an EventBus,
 * and asking for another type does not compile (see ServiceToken). Symbol.for keeps them equal across
 * duplicated copies of the package (a plugin bundling its own core still resolves the app's services).
 */
export const CORE_TOKENS = {
  EventBus: serviceToken<EventBus>('silvertine.core.EventBus'),
  Clock: serviceToken<Clock>('silvertine.core.Clock'),
  Logger: serviceToken<Logger>('silvertine.core.Logger'),
  MetricsSink: serviceToken<MetricsSink>('silvertine.core.MetricsSink'),
  BrokerRegistry: serviceToken<BrokerRegistry>('silvertine.core.BrokerRegistry'),
  ClientOrderIdGenerator: serviceToken<ClientOrderIdGenerator>('silvertine.core.ClientOrderIdGenerator'),
} as const;
