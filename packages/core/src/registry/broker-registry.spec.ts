import { Container } from 'inversify';
import { dec } from '../decimal/decimal';
import { CORE_TOKENS } from '../di/tokens';
import { createCoreModule } from '../di/core.module';
import { ConfigurationError } from '../errors/errors';
import { EventBus } from '../events/event-bus';
import { ReferenceBroker } from '../testing/reference-broker';
import type { Clock } from '../clock/clock';
import { BrokerRegistry } from './broker-registry';
import { getBrokerMetadata, RegisterBroker } from './register-broker.decorator';

class Undecorated extends ReferenceBroker {}

@RegisterBroker({ type: 'reference', description: 'an impostor' })
class Impostor extends ReferenceBroker {}

describe('BrokerRegistry', () => {
  it('registers the decorated classes a plugin manifest lists and creates them', async () => {
    const registry = new BrokerRegistry();
    const [registration] = registry.registerPlugin({ name: '@silvertine/core/testing', brokers: [ReferenceBroker] });
    expect(registration).toMatchObject({ type: 'reference', plugin: '@silvertine/core/testing' });
    const broker = registry.create('reference', { id: 'r1', config: { cash: { USD: dec(1) } } });
    expect(broker).toBeInstanceOf(ReferenceBroker);
    expect(broker.id).toBe('r1');
  });

  it('fails on an unknown type with the list of known ones', () => {
    const registry = new BrokerRegistry();
    registry.register(ReferenceBroker);
    expect(() => registry.get('binanse')).toThrow(ConfigurationError);
    expect(() => registry.get('binanse')).toThrow('unknown broker type "binanse"; known types: reference');
  });

  it('refuses undecorated classes and a second class for the same type', () => {
    const registry = new BrokerRegistry();
    expect(getBrokerMetadata(Undecorated)).toBeUndefined();
    expect(() => registry.register(Undecorated)).toThrow(/no @RegisterBroker/);
    registry.register(ReferenceBroker);
    expect(() => registry.register(Impostor, 'evil-plugin')).toThrow(/registered twice/);
    expect(() => RegisterBroker('Bad Type')).toThrow(TypeError);
  });
});

describe('core ContainerModule', () => {
  it('composes core services and a broker in an Inversify container', () => {
    const fixed: Clock = { now: () => 7, setTimeout: () => ({ cancel: () => undefined }) };
    const container = new Container();
    container.loadSync(createCoreModule({ clock: fixed }));
    const registry = container.get<BrokerRegistry>(CORE_TOKENS.BrokerRegistry);
    registry.register(ReferenceBroker);
    const bus = container.get<EventBus>(CORE_TOKENS.EventBus);
    expect(container.get(CORE_TOKENS.EventBus)).toBe(bus);
    const broker = registry.create('reference', { id: 'r', bus, clock: container.get<Clock>(CORE_TOKENS.Clock), config: { cash: {} } });
    const states: number[] = [];
    bus.on('ConnectionState', (e) => states.push(e.timestamp));
    return broker.connect().then(() => expect(states).toEqual([7, 7]));
  });
});
