import * as path from 'node:path';
import { BrokerRegistry, EventBus, dec, type Broker } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: loads the plugin the way a user's app does
import { BrokerFactory, loadConfig, loadPlugins } from '@silvertine/config';
import { testInstrument } from '@silvertine/core/testing';

/**
 * The example plugin as a user would use it: built to dist/, named under `plugins:` in YAML, loaded by
 * @silvertine/config's plugin loader and created by the BrokerFactory — no import of its sources.
 */
describe('acme-exchange loaded through plugins: in a YAML file', () => {
  let factory: BrokerFactory;

  afterEach(async () => factory?.disconnectAll());

  it('registers the acme-exchange type, validates its section and trades through the factory', async () => {
    const config = await loadConfig(path.join(__dirname, '..', 'silvertine.acme.yaml'));
    const registry = new BrokerRegistry();
    const loaded = await loadPlugins(config.plugins, registry, { baseDir: config.baseDir });
    expect(loaded[0].manifest.name).toBe('@acme/acme-exchange');
    expect(registry.types()).toEqual(['acme-exchange']);
    const bus = new EventBus();
    factory = new BrokerFactory({ config, registry, bus });
    const broker = (await factory.createBroker('acme')) as Broker & { client: { setPrice(symbol: string, price: string): void } };
    expect(broker.state).toBe('CONNECTED');
    broker.client.setPrice('BTCUSDT', '50000');
    const order = await broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: dec('0.01') });
    expect(order.status).toBe('FILLED');
    expect((await broker.getAccountInfo()).accountId).toBe('acme-demo');
    // the YAML's risk limit is enforced before the order reaches the plugin
    await expect(broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: dec('0.1') })).rejects.toMatchObject({ limit: 'maxOrderNotional' });
  });
});
