import { ContainerModule } from 'inversify';
import { systemClock, type Clock } from '../clock/clock';
import { EventBus } from '../events/event-bus';
import { ClientOrderIdGenerator } from '../ids/client-order-id';
import { createSilentLogger, type Logger } from '../logging/logger';
import { NoopMetricsSink, type MetricsSink } from '../metrics/metrics-sink';
import { BrokerRegistry } from '../registry/broker-registry';
import { assertSupportedInversify } from './inversify-version';
import { serviceIdentifier as id } from './service-token';
import { CORE_TOKENS } from './tokens';

export interface CoreModuleOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly metrics?: MetricsSink;
  readonly clientOrderIdPrefix?: string;
}

/**
 * Binds core's shared services as singletons. Other packages' modules rebind what they implement
 * (monitoring rebinds MetricsSink with prom-client).
 */
export function createCoreModule(options: CoreModuleOptions = {}): ContainerModule {
  assertSupportedInversify(); // an unsupported Inversify fails here, by name, not later in the container
  return new ContainerModule(({ bind }) => {
    const clock = options.clock ?? systemClock;
    bind(id(CORE_TOKENS.EventBus)).toConstantValue(new EventBus());
    bind(id(CORE_TOKENS.Clock)).toConstantValue(clock);
    bind(id(CORE_TOKENS.Logger)).toConstantValue(options.logger ?? createSilentLogger());
    bind(id(CORE_TOKENS.MetricsSink)).toConstantValue(options.metrics ?? new NoopMetricsSink());
    bind(id(CORE_TOKENS.BrokerRegistry)).toConstantValue(new BrokerRegistry());
    bind(id(CORE_TOKENS.ClientOrderIdGenerator)).toConstantValue(new ClientOrderIdGenerator(options.clientOrderIdPrefix, { now: () => clock.now() }));
  });
}
