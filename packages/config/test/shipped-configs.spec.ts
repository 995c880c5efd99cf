import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { BrokerRegistry } from '@silvertine/core';
import { loadConfig, loadPlugins, parseConfig, resolveBrokers, type SilvertineConfig } from '../src';

/**
 * Every YAML file shipped under config/ loads and passes the structural validation (top level,
 * broker types and factory keys, risk limits, fallbacks). Each broker section is also validated with
 * its plugin's configClass when that plugin can be loaded by its `plugins:` name in this workspace.
 */
const root = path.join(__dirname, '..', '..', '..', 'config');
const files = [
  ...readdirSync(root).filter((f) => f.endsWith('.yaml')),
  ...readdirSync(path.join(root, 'exchanges')).filter((f) => f.endsWith('.yaml')).map((f) => `exchanges/${f}`),
];

// placeholders for the variables that have no default in the shipped files
const env = { BINANCE_API_KEY: 'k', BINANCE_API_SECRET: 's', BINANCE_TESTNET_API_KEY: 'k', BINANCE_TESTNET_API_SECRET: 's' };

const registry = new BrokerRegistry();
const pluginStatus = new Map<string, string>();

async function tryPlugin(name: string): Promise<void> {
  if (pluginStatus.has(name)) return;
  try {
    await loadPlugins([name], registry, { baseDir: root });
    pluginStatus.set(name, 'loaded');
  } catch (error) {
    pluginStatus.set(name, (error as Error).message);
  }
}

/** Validates the brokers whose type is registered; returns their names. */
function validateRegistered(config: SilvertineConfig): string[] {
  const names = Object.values(config.brokers).filter((b) => registry.has(b.type)).map((b) => b.name);
  for (const name of names) resolveBrokers({ ...config, brokers: { [name]: config.brokers[name] } }, registry);
  return names;
}

describe('shipped configuration files', () => {
  beforeAll(async () => {
    for (const name of ['@silvertine/paper', '@silvertine/binance', '@silvertine/ib']) await tryPlugin(name);
  });

  it('ships the template, the embedded default and one file per venue', () => {
    expect(files.sort()).toEqual([
      'exchanges/binance-emulator.yaml',
      'exchanges/binance-testnet.yaml',
      'exchanges/broker_template.yaml',
      'exchanges/ib-paper.yaml',
      'exchanges/paper.yaml',
      'shadow-paper.yaml',
      'silvertine.yaml',
    ]);
  });

  it.each(files)('%s loads and validates', async (file) => {
    const config = await loadConfig(path.join(root, file), { env, dotenv: false, cwd: root });
    expect(Object.keys(config.brokers).length).toBeGreaterThan(0);
    for (const plugin of config.plugins) expect(plugin).toMatch(/^@silvertine\//);
    for (const broker of Object.values(config.brokers)) {
      expect(['paper', 'binance', 'ib']).toContain(broker.type);
      expect(Object.keys(broker.riskLimits).length).toBeGreaterThan(0);
    }
    validateRegistered(config);
  });

  it('validates binance and ib sections with their plugins\' config classes', async () => {
    expect(pluginStatus.get('@silvertine/binance')).toBe('loaded');
    expect(pluginStatus.get('@silvertine/ib')).toBe('loaded');
    const testnet = await loadConfig(path.join(root, 'exchanges/binance-testnet.yaml'), { env, dotenv: false });
    expect(validateRegistered(testnet)).toEqual(['binance_testnet']);
    expect(resolveBrokers(testnet, registry).get('binance_testnet')!.config).toMatchObject({ apiKey: 'k', environment: 'testnet', symbols: ['BTCUSDT', 'ETHUSDT'], marketData: true });
    const ib = await loadConfig(path.join(root, 'exchanges/ib-paper.yaml'), { env: { IB_PORT: '4002' }, dotenv: false });
    expect(resolveBrokers(ib, registry).get('ib_paper')!.config).toMatchObject({ host: '127.0.0.1', port: 4002, clientId: 1, mode: 'paper', reconnect: { maxAttempts: 0 } });
  });

  it('binance sections get the undici transport unless they name got', async () => {
    const emulator = await loadConfig(path.join(root, 'exchanges/binance-emulator.yaml'), { env: {}, dotenv: false });
    expect(resolveBrokers(emulator, registry).get('binance_emulator')!.config).toMatchObject({ transport: 'undici' });
    const testnet = await loadConfig(path.join(root, 'exchanges/binance-testnet.yaml'), { env, dotenv: false });
    expect(resolveBrokers(testnet, registry).get('binance_testnet')!.config).toMatchObject({ transport: 'undici' });
    const section = (transport: string) => `
plugins: ["@silvertine/binance"]
brokers:
  b:
    type: binance
    credentials: { api_key: k, api_secret: s }
    connection: { environment: testnet, transport: ${transport} }
    trading: { symbols: [BTCUSDT] }
    risk_limits: { max_open_orders: 1 }
`;
    const withGot = await parseConfig(section('got'), { env: {}, dotenv: false });
    expect(resolveBrokers(withGot, registry).get('b')!.config).toMatchObject({ transport: 'got' });
    const withCurl = await parseConfig(section('curl'), { env: {}, dotenv: false });
    expect(() => resolveBrokers(withCurl, registry)).toThrow(/transport/);
  });

  it('the embedded default needs no credentials and no variables', async () => {
    const config = await loadConfig(path.join(root, 'silvertine.yaml'), { env: {}, dotenv: false });
    expect(Object.values(config.brokers).map((b) => b.type)).toEqual(['paper']);
    expect(config.secrets).toEqual([]);
    expect(config.marketData).toMatchObject({ source: 'csv', file: '@silvertine/paper/data/BTCUSDT-1m-sample.csv', symbols: ['BTCUSDT'], intervalMs: 0 });
    expect(config.environment).toBe('development');
  });
});
