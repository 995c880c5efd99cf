import { IsArray, IsIn, IsNotEmpty, IsString } from 'class-validator';
import { BrokerRegistry, ConfigurationError, Decimal, RegisterBroker, dec } from '@silvertine/core';
import { TestBroker, testBrokersPlugin, TestBrokerConfig } from '../testing';
import { ConfigValidationError } from '../errors/config-issue';
import { parseConfig } from '../loading/config-loader';
import { resolveBrokers } from './broker-resolver';

const registry = () => {
  const r = new BrokerRegistry();
  r.registerPlugin(testBrokersPlugin);
  return r;
};

async function issuesOf(yaml: string, env: Record<string, string> = {}): Promise<ConfigValidationError> {
  const error = await parseConfig(yaml, { file: 'config/binance.yaml', env, dotenv: false })
    .then((config) => resolveBrokers(config, registry()))
    .then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigValidationError);
  return error as ConfigValidationError;
}

describe('broker sections validated with the plugin configClass', () => {
  it('produces the plugin config instance with Decimal money and converted numbers', async () => {
    const config = await parseConfig('brokers:\n  main:\n    type: test\n    cash: { USDT: "100000.25", BTC: 2 }\n    connection: { port: "${PORT:-4002}" }\n', { env: {}, dotenv: false });
    const resolved = resolveBrokers(config, registry()).get('main')!;
    expect(resolved.registration.type).toBe('test');
    const settings = resolved.config as TestBrokerConfig;
    expect(settings).toBeInstanceOf(TestBrokerConfig);
    expect(settings.cash['USDT']).toBeInstanceOf(Decimal);
    expect(settings.cash['USDT'].eq(dec('100000.25'))).toBe(true);
    expect(settings.connection?.port).toBe(4002);
  });

  it('says which variable to set when a required credential is empty (the issue example)', async () => {
    const yaml = 'brokers:\n  main:\n    type: test\n    cash: {}\n    credentials:\n      apiKey: ${BINANCE_API_KEY:-}\n      apiSecret: ${BINANCE_API_SECRET}\n';
    const error = await issuesOf(yaml, { BINANCE_API_SECRET: 'TopSecretValue123' });
    expect(error.message).toBe('config/binance.yaml: brokers.main.credentials.apiKey: must not be empty (set BINANCE_API_KEY)');
    expect(error.issues[0].rule).toBe('isNotEmpty');
  });

  it('names file, path as written, and rule for every invalid field at once', async () => {
    const yaml = [
      'brokers:',
      '  main:',
      '    type: test',
      '    cash: { USDT: "-5" }',
      '    connection: { port: 70000 }',
      '    credentials: { api_key: "", api_secret: s }',
      '    colour: blue',
      '    risk_limits: { max_order_notional: lots }',
    ].join('\n');
    const config = parseConfig(yaml, { file: 'config/binance.yaml', env: {}, dotenv: false });
    // the factory-owned risk limits fail already at load time
    await expect(config).rejects.toThrow('config/binance.yaml: brokers.main.risk_limits.max_order_notional: must be a positive decimal number');
    const error = await issuesOf(yaml.replace('max_order_notional: lots', 'max_order_notional: 10'));
    expect(error.issues.map((i) => `${i.path} [${i.rule}]`).sort()).toEqual([
      'brokers.main.cash.USDT [isDecimalRecord]',
      'brokers.main.colour [whitelistValidation]',
      'brokers.main.connection.port [max]',
      'brokers.main.credentials.api_key [isNotEmpty]',
    ]);
    expect(error.message).toContain('config/binance.yaml: brokers.main.connection.port: must not be greater than 65535');
    expect(error.message).toContain('config/binance.yaml: brokers.main.colour: is not a known field (check the spelling)');
  });

  it('never echoes secret values, even from a value that breaks a rule', async () => {
    const secret = 'AKIA-very-secret-42';
    const yaml = `brokers:\n  main:\n    type: test\n    cash: { USDT: "\${SECRET}" }\n    credentials: { api_key: "\${SECRET}", api_secret: 12 }\n    token: "\${SECRET}"\n`;
    const error = await issuesOf(yaml, { SECRET: secret });
    expect(error.issues.length).toBeGreaterThan(1);
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error.issues)).not.toContain(secret);
    expect(error.message).toContain('brokers.main.cash.USDT: must be a decimal number >= 0');
  });

  it('masks a secret even when a plugin message quotes the value', async () => {
    class LeakyConfig {
      @IsIn(['valid'], { message: '$property is wrong: $value' })
      apiKey!: string;
    }
    @RegisterBroker({ type: 'leaky', configClass: LeakyConfig })
    class LeakyBroker extends TestBroker {}
    const r = registry();
    r.register(LeakyBroker);
    const config = await parseConfig('brokers:\n  m:\n    type: leaky\n    api_key: ${KEY}\n', { file: 'l.yaml', env: { KEY: 'sk-live-0123456789' }, dotenv: false });
    expect(() => resolveBrokers(config, r)).toThrow('l.yaml: brokers.m.api_key: is wrong: [REDACTED] (from KEY)');
  });

  it('lifts credentials/connection/trading into a flat plugin class and points messages at the section', async () => {
    class FlatConfig {
      @IsString() @IsNotEmpty() apiKey!: string;
      @IsString() baseUrl = 'https://example.test';
      @IsArray() @IsString({ each: true }) symbols: string[] = [];
    }
    @RegisterBroker({ type: 'flat', configClass: FlatConfig })
    class FlatBroker extends TestBroker {}
    const r = registry();
    r.register(FlatBroker);
    const ok = await parseConfig('brokers:\n  f:\n    type: flat\n    credentials: { api_key: k }\n    trading: { symbols: [BTCUSDT] }\n', { env: {}, dotenv: false });
    expect(resolveBrokers(ok, r).get('f')!.config).toEqual(Object.assign(new FlatConfig(), { apiKey: 'k', symbols: ['BTCUSDT'] }));
    const bad = await parseConfig('brokers:\n  f:\n    type: flat\n    credentials: { api_key: "${K:-}", api_sekret: x }\n    connection: { base_url: u }\n    base_url: v\n', { file: 'f.yaml', env: {}, dotenv: false });
    expect(() => resolveBrokers(bad, r)).toThrow(
      ['f.yaml: brokers.f.connection.base_url: is also given at the top of the broker entry; keep one',
        'f.yaml: brokers.f.credentials.api_sekret: is not a known field (check the spelling)',
        'f.yaml: brokers.f.credentials.api_key: must not be empty (set K)'].join('\n'),
    );
  });

  it('fails on an unknown broker type listing the known ones', async () => {
    const error = await issuesOf('brokers:\n  main:\n    type: binanse\n');
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe('config/binance.yaml: brokers.main.type: unknown broker type "binanse"; known types: test, unreachable (a plugin package must be listed under `plugins:`)');
  });

  it('checks the structure: types, unknown top-level keys, fallback names', async () => {
    const yaml = [
      'brokers:',
      '  main: { type: test, enabled: maybe, fallback: [main, nowhere] }',
      '  other: { type: Bad_Type }',
      'plugins: some-plugin',
      'logging: { level: loud }',
      'monitor: {}',
    ].join('\n');
    const error = await parseConfig(yaml, { file: 'c.yaml', env: {}, dotenv: false }).then(() => undefined, (e: ConfigValidationError) => e);
    expect(error?.issues.map((i) => `${i.path}: ${i.message}`).sort()).toEqual([
      'brokers.main.enabled: must be a boolean value',
      'brokers.main.fallback[0]: a broker cannot be its own fallback',
      'brokers.main.fallback[1]: names no broker of this configuration (brokers: other)',
      'brokers.other.type: must be lower-case letters, digits and dashes',
      'logging.level: must be one of the following values: error, warn, info, debug',
      'monitor: is not a known field (check the spelling)',
      'plugins: must be an array',
    ]);
  });

  it('accepts booleans written as strings by ${VAR} and needs at least one broker', async () => {
    const config = await parseConfig('brokers:\n  a: { type: test, enabled: "${A_ON:-false}" }\n', { env: {}, dotenv: false });
    expect(config.brokers['a'].enabled).toBe(false);
    await expect(parseConfig('brokers: {}\n', { file: 'e.yaml', env: {}, dotenv: false })).rejects.toThrow('e.yaml: brokers: must define at least one broker');
    await expect(parseConfig('plugins: []\n', { file: 'e.yaml', env: {}, dotenv: false })).rejects.toThrow('e.yaml: brokers: is required');
  });
});
