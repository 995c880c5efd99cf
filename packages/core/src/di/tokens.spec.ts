import { Container, ContainerModule } from 'inversify';
import { EventBus } from '../events/event-bus';
import type { BrokerRegistry } from '../registry/broker-registry';
import { createCoreModule } from './core.module';
import { serviceIdentifier, serviceToken } from './service-token';
import { CORE_TOKENS } from './tokens';

/** Some other service type, as @silvertine/config's BrokerFactory is to core. */
interface BrokerFactoryLike {
  createBroker(name: string): unknown;
}

describe('CORE_TOKENS', () => {
  it('are the Symbol.for symbols every copy of core shares', () => {
    expect(CORE_TOKENS.EventBus as unknown).toBe(Symbol.for('silvertine.core.EventBus'));
    expect(serviceToken<EventBus>('silvertine.core.EventBus')).toBe(CORE_TOKENS.EventBus);
  });

  it('resolve to their own type without a type argument; another type does not compile', async () => {
    const container = new Container();
    await container.load(createCoreModule());
    const bus = container.get(CORE_TOKENS.EventBus);
    // The type-level half: checked by `tsc -p tsconfig.spec.json` (the lint target), where an
    // expect-error that no longer errors fails too.
    const typed: EventBus = bus;
    // @ts-expect-error a token of EventBus is not a token of another service
    const wrong: BrokerFactoryLike = container.get<BrokerFactoryLike>(CORE_TOKENS.EventBus);
    // @ts-expect-error nor does its value pass for one
    const misassigned: BrokerRegistry = container.get(CORE_TOKENS.EventBus);
    expect(typed).toBeInstanceOf(EventBus);
    expect(wrong).toBe(bus);
    expect(misassigned).toBe(bus);
    expect(container.get<EventBus>(CORE_TOKENS.EventBus)).toBe(bus);
  });

  it('work in resolution contexts, and in module binds through serviceIdentifier', async () => {
    const busCount = serviceToken<number>('silvertine.test.BusCount');
    const container = new Container();
    await container.load(
      createCoreModule(),
      new ContainerModule(({ bind }) => {
        bind(serviceIdentifier(busCount)).toDynamicValue((context) => (context.get(CORE_TOKENS.EventBus) instanceof EventBus ? 1 : 0));
      }),
    );
    const count: number = container.get(busCount);
    expect(count).toBe(1);
    expect(container.isBound(CORE_TOKENS.Clock)).toBe(true);
    await container.unbind(CORE_TOKENS.MetricsSink);
    expect(container.isBound(CORE_TOKENS.MetricsSink)).toBe(false);
  });
});
