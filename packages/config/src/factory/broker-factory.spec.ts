import { Container } from 'inversify';
import {
  BrokerRegistry, CORE_TOKENS, EventBus, ManualClock, RiskLimitExceededError, TemporaryConnectionError,
  createCoreModule, dec, type AlertEvent, type Broker,
} from '@silvertine/core';
import { testInstrument, ReferenceBroker } from '@silvertine/core/testing';
import { CONFIG_TOKENS } from '../di/tokens';
import { createConfigModule } from '../di/config.module';
import { ConfigValidationError } from '../errors/config-issue';
import { parseConfig } from '../loading/config-loader';
import { TestBroker, testBrokersPlugin } from '../testing';
import { BrokerFactory } from './broker-factory';

const YAML = `
brokers:
  main:
    type: unreachable
    cash: { USDT: "1000" }
    fallback: [also_down, backup]
  also_down:
    type: unreachable
    enabled: false
    cash: {}
  backup:
    type: test
    enabled: false
    cash: { USDT: "100000" }
    risk_limits: { max_order_notional: "1000", max_position: "0.05", max_open_orders: 2 }
  spot:
    type: test
    cash: { USDT: "500000" }
    risk_limits: { max_order_notional: "100000" }
`;

const btc = testInstrument();
const buy = (quantity: string, limitPrice: string) => ({ instrument: btc, side: 'BUY' as const, type: 'LIMIT' as const, quantity: dec(quantity), limitPrice: dec(limitPrice) });

function setup() {
  const registry = new BrokerRegistry();
  registry.registerPlugin(testBrokersPlugin);
  const bus = new EventBus();
  const alerts: AlertEvent[] = [];
  bus.on('Alert', (e) => alerts.push(e));
  return { registry, bus, alerts, clock: new ManualClock(1_000) };
}

describe('BrokerFactory', () => {
  let factory: BrokerFactory | undefined;
  afterEach(() => factory?.disconnectAll());

  it('falls back in order when the primary cannot connect, and reports the switch as an alert', async () => {
    const { registry, bus, alerts, clock } = setup();
    factory = new BrokerFactory({ config: await parseConfig(YAML, { env: {}, dotenv: false }), registry, bus, clock });
    const broker = await factory.createBroker('main');
    expect(broker.id).toBe('backup');
    expect(broker.state).toBe('CONNECTED');
    expect(factory.get('main')).toBe(broker);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'WARNING', source: 'broker-factory', brokerId: 'main', details: { fallback: 'backup' }, timestamp: 1_000 });
    expect(alerts[0].message).toMatch(/^broker main could not connect \(TEMPORARY_CONNECTION: venue unreachable \(test broker\)\); switched to fallback backup$/);
    // the same broker for the same name
    expect(await factory.createBroker('main')).toBe(broker);
  });

  it('fails with every reason and a CRITICAL alert when no fallback connects', async () => {
    const { registry, bus, alerts } = setup();
    const config = await parseConfig('brokers:\n  a: { type: unreachable, cash: {}, fallback: [b] }\n  b: { type: unreachable, cash: {} }\n  c: { type: unreachable, cash: {} }\n', { env: {}, dotenv: false });
    factory = new BrokerFactory({ config, registry, bus });
    const error = await factory.createBroker('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemporaryConnectionError);
    expect((error as Error).message).toBe('broker a and its fallbacks b could not connect: a: TEMPORARY_CONNECTION: venue unreachable (test broker); b: TEMPORARY_CONNECTION: venue unreachable (test broker)');
    expect(alerts.map((a) => a.severity)).toEqual(['CRITICAL']);
    // without fallbacks the broker's own classified error comes through
    await expect(factory.createBroker('c')).rejects.toThrow('venue unreachable (test broker)');
  });

  it('runs several brokers at once, each with its own id, limits and position', async () => {
    const { registry, bus } = setup();
    const yaml = YAML.replace('enabled: false\n    cash: { USDT: "100000" }', 'cash: { USDT: "100000" }').replace(/main:\n {4}type: unreachable/, 'main:\n    type: test');
    factory = new BrokerFactory({ config: await parseConfig(yaml, { env: {}, dotenv: false }), registry, bus });
    const brokers = await factory.createAll();
    expect([...brokers.keys()]).toEqual(['main', 'backup', 'spot']);
    expect([...brokers.values()].map((b) => b.id)).toEqual(['main', 'backup', 'spot']);
    const backup = brokers.get('backup') as TestBroker;
    const spot = brokers.get('spot') as TestBroker;
    backup.setPrice('BTCUSDT', dec(20_000));
    spot.setPrice('BTCUSDT', dec(20_000));
    // 0.04 BTC × 20,000 = 800: within backup's 1,000 notional; then the position limit (0.05) bites
    await backup.placeOrder({ instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.04') });
    await expect(backup.placeOrder(buy('0.02', '20000'))).rejects.toMatchObject({ limit: 'maxPosition' });
    await expect(backup.placeOrder(buy('0.01', '20000'))).resolves.toMatchObject({ status: 'FILLED' });
    // the same order is far inside spot's limits: limits are per broker
    await expect(spot.placeOrder(buy('0.02', '20000'))).resolves.toBeDefined();
    expect((await backup.getPositions())[0].quantity.toString()).toBe('0.05');
    expect((await spot.getPositions())[0].quantity.toString()).toBe('0.02');
  });

  it('enforces risk limits on an order before it leaves the process', async () => {
    const { registry, bus } = setup();
    factory = new BrokerFactory({ config: await parseConfig(YAML, { env: {}, dotenv: false }), registry, bus });
    const broker = (await factory.createBroker('backup')) as TestBroker;
    const sent: string[] = [];
    bus.on('OrderUpdate', (e) => sent.push(e.order.status));
    const error = await broker.placeOrder(buy('0.06', '20000')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RiskLimitExceededError);
    expect(error).toMatchObject({ limit: 'maxOrderNotional', brokerId: 'backup' });
    expect(sent).toEqual([]);
    expect(await broker.getOpenOrders()).toEqual([]);
    await broker.placeOrder(buy('0.01', '10000'));
    await broker.placeOrder(buy('0.01', '10000'));
    await expect(broker.placeOrder(buy('0.01', '10000'))).rejects.toMatchObject({ limit: 'maxOpenOrders' });
  });

  it('validates every broker before constructing any', async () => {
    const { registry, bus } = setup();
    const constructed: string[] = [];
    const spy = jest.spyOn(registry, 'create').mockImplementation((_type, init) => {
      constructed.push(init.id);
      return new ReferenceBroker({ ...init, config: { cash: {} } });
    });
    const config = await parseConfig('brokers:\n  good: { type: test, cash: {} }\n  bad: { type: test, cash: { USDT: lots } }\n', { file: 'two.yaml', env: {}, dotenv: false });
    expect(() => new BrokerFactory({ config, registry, bus })).toThrow(ConfigValidationError);
    expect(() => new BrokerFactory({ config, registry, bus })).toThrow('two.yaml: brokers.bad.cash.USDT: must be a decimal number >= 0');
    expect(constructed).toEqual([]);
    spy.mockRestore();
  });

  it('names the configured brokers for an unknown name and disconnects everything it created', async () => {
    const { registry, bus } = setup();
    factory = new BrokerFactory({ config: await parseConfig(YAML, { env: {}, dotenv: false }), registry, bus });
    await expect(factory.createBroker('nope')).rejects.toThrow('unknown broker "nope"; configured brokers: main, also_down, backup, spot');
    expect(factory.enabledNames()).toEqual(['main', 'spot']);
    const brokers = await factory.createAll();
    const all: Broker[] = [...brokers.values()];
    expect(all.map((b) => b.id)).toEqual(['backup', 'spot']);
    await factory.disconnectAll();
    expect(all.map((b) => b.state)).toEqual(['DISCONNECTED', 'DISCONNECTED']);
    expect(factory.get('spot')).toBeUndefined();
  });
});

describe('createConfigModule', () => {
  it('builds the factory from the container with the shared core services', async () => {
    const clock = new ManualClock(42);
    const container = new Container();
    container.loadSync(createCoreModule({ clock }));
    container.get<BrokerRegistry>(CORE_TOKENS.BrokerRegistry).registerPlugin(testBrokersPlugin);
    const config = await parseConfig('brokers:\n  paper: { type: test, cash: { USDT: "10" } }\n', { env: {}, dotenv: false });
    container.loadSync(createConfigModule(config));
    const factory = container.get<BrokerFactory>(CONFIG_TOKENS.BrokerFactory);
    expect(container.get(CONFIG_TOKENS.BrokerFactory)).toBe(factory);
    expect(container.get(CONFIG_TOKENS.Config)).toBe(config);
    const states: number[] = [];
    container.get<EventBus>(CORE_TOKENS.EventBus).on('ConnectionState', (e) => states.push(e.timestamp));
    const broker = await factory.createBroker('paper');
    expect(states).toEqual([42, 42]);
    expect((await broker.getBalances())[0].total.toString()).toBe('10');
    await factory.disconnectAll();
  });
});
