import { Container } from 'inversify';
import { CORE_TOKENS, TemporaryConnectionError, createCoreModule, type Broker, type BrokerRegistry, type PreTradeCheck } from '@silvertine/core';
import { parseConfig } from '../loading/config-loader';
import { testBrokersPlugin } from '../testing';
import type { BrokerLifecycle } from '../factory/broker-lifecycle';
import { createConfigModule } from './config.module';
import { CONFIG_TOKENS } from './tokens';

const YAML = `
brokers:
  spot: { type: test, cash: { USDT: "1000" } }
  down: { type: unreachable, enabled: false, cash: {} }
`;

async function compose(...hooks: BrokerLifecycle[]): Promise<Container> {
  const container = new Container();
  container.loadSync(createCoreModule());
  container.get<BrokerRegistry>(CORE_TOKENS.BrokerRegistry).registerPlugin(testBrokersPlugin);
  container.loadSync(createConfigModule(await parseConfig(YAML, { dotenv: false })));
  for (const hook of hooks) container.bind(CONFIG_TOKENS.BrokerLifecycle).toConstantValue(hook);
  return container;
}

describe('createConfigModule', () => {
  it('makes every configured broker reachable by name, built and connected once by the factory', async () => {
    const container = await compose();
    const factory = container.get(CONFIG_TOKENS.BrokerFactory);
    const spot: Broker = await container.getAsync(CONFIG_TOKENS.Broker, { name: 'spot' });
    expect(spot.id).toBe('spot');
    expect(spot.state).toBe('CONNECTED');
    expect(await container.getAsync(CONFIG_TOKENS.Broker, { name: 'spot' })).toBe(spot);
    expect(factory.get('spot')).toBe(spot);
    await expect(container.getAsync(CONFIG_TOKENS.Broker, { name: 'down' })).rejects.toBeInstanceOf(TemporaryConnectionError);
    await factory.disconnectAll();
  });

  it('runs every BrokerLifecycle hook in order around construction, connect and disconnect', async () => {
    const calls: string[] = [];
    const blockAll: PreTradeCheck = { name: 'block', check: () => undefined };
    const hook = (tag: string): BrokerLifecycle => ({
      beforeCreate: ({ name, type }) => void calls.push(`${tag} beforeCreate ${name}:${type}`),
      orderJournal: () => (calls.push(`${tag} journal`), undefined),
      preTradeChecks: () => (calls.push(`${tag} checks`), [blockAll]),
      afterConnect: async (broker) => void calls.push(`${tag} afterConnect ${broker.state}`),
      beforeDisconnect: (broker) => void calls.push(`${tag} beforeDisconnect ${broker.state}`),
    });
    const container = await compose(hook('a'), hook('b'));
    await container.getAsync(CONFIG_TOKENS.Broker, { name: 'spot' });
    await container.get(CONFIG_TOKENS.BrokerFactory).disconnectAll();
    expect(calls).toEqual([
      'a beforeCreate spot:test', 'b beforeCreate spot:test', 'a checks', 'b checks', 'a journal', 'b journal',
      'a afterConnect CONNECTED', 'b afterConnect CONNECTED', 'a beforeDisconnect CONNECTED', 'b beforeDisconnect CONNECTED',
    ]);
  });

  it('fails the creation when afterConnect throws, and still lets every hook clean up before the disconnect', async () => {
    const calls: string[] = [];
    const refusing: BrokerLifecycle = {
      afterConnect: async () => {
        throw new TemporaryConnectionError('reconciliation failed');
      },
      beforeDisconnect: () => void calls.push('refusing cleaned up'),
    };
    const failingCleanup: BrokerLifecycle = { beforeDisconnect: () => { throw new Error('cleanup failed'); } };
    const container = await compose(failingCleanup, refusing);
    await expect(container.getAsync(CONFIG_TOKENS.Broker, { name: 'spot' })).rejects.toThrow('reconciliation failed');
    expect(calls).toEqual(['refusing cleaned up']);
    expect(container.get(CONFIG_TOKENS.BrokerFactory).get('spot')).toBeUndefined();
  });
});
