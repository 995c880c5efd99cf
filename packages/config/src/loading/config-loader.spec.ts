import { ConfigurationError, dec } from '@silvertine/core';
import { writeConfigFixture } from '../testing';
import { ConfigValidationError } from '../errors/config-issue';
import { loadConfig, parseConfig } from './config-loader';

const BASE = `
brokers:
  main:
    type: test
    credentials:
      api_key: \${BINANCE_API_KEY}
      api_secret: \${BINANCE_API_SECRET:-dev-secret}
    connection:
      host: \${VENUE_HOST:-localhost}
      port: \${VENUE_PORT:-7497}
    cash: { USDT: "10000" }
    risk_limits:
      max_order_notional: "5000.50"
      max_open_orders: 3
`;

async function expectIssues(promise: Promise<unknown>): Promise<ConfigValidationError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigValidationError);
  return error as ConfigValidationError;
}

describe('loadConfig: YAML and variables', () => {
  const f = writeConfigFixture({ 'config/binance.yaml': BASE });
  afterAll(() => f.cleanup());

  it('substitutes ${VAR} and ${VAR:-default} in parsed values and maps snake_case keys to camelCase', async () => {
    const config = await loadConfig('config/binance.yaml', { cwd: f.dir, env: { BINANCE_API_KEY: 'key # with: yaml chars' }, dotenv: false });
    const main = config.brokers['main'];
    expect(main.type).toBe('test');
    expect(main.settings['credentials']).toEqual({ apiKey: 'key # with: yaml chars', apiSecret: 'dev-secret' });
    expect(main.settings['connection']).toEqual({ host: 'localhost', port: 7497 });
    expect(main.riskLimits.maxOrderNotional?.eq(dec('5000.5'))).toBe(true);
    expect(main.riskLimits.maxOpenOrders).toBe(3);
    expect(main.enabled).toBe(true);
    expect(config.plugins).toEqual([]);
    expect(config.secrets).toEqual(expect.arrayContaining(['key # with: yaml chars', 'dev-secret']));
  });

  it('reads an unquoted whole reference as a YAML scalar, and keeps quoted ones and mixed text as strings', async () => {
    const yaml = 'brokers:\n  a:\n    type: test\n    enabled: ${ON:-false}\n    n: ${N}\n    key: "${N}"\n    url: http://${HOST}:${N}\n    word: ${HOST}\n    big: ${BIG}\n';
    const config = await parseConfig(yaml, { env: { N: '0123', HOST: 'h', BIG: '12345678901234567.89' }, dotenv: false });
    expect(config.brokers['a'].enabled).toBe(false);
    expect(config.brokers['a'].settings).toEqual({ n: 123, key: '0123', url: 'http://h:0123', word: 'h', big: '12345678901234567.89' });
  });

  it('fails on a variable without default that is not set, naming file, path and variable', async () => {
    const error = await expectIssues(loadConfig('config/binance.yaml', { cwd: f.dir, env: {}, dotenv: false }));
    expect(error.message).toBe('config/binance.yaml: brokers.main.credentials.api_key: environment variable BINANCE_API_KEY is not set');
    expect(error.issues[0]).toMatchObject({ rule: 'envVarNotSet', path: 'brokers.main.credentials.api_key' });
  });

  it('reports malformed YAML with line and column and without quoting the line', async () => {
    const bad = writeConfigFixture({ 'bad.yaml': 'brokers:\n  main:\n    type: test\n    credentials: { api_key: s3cr3t-value\n' });
    try {
      const error = await expectIssues(loadConfig(bad.file('bad.yaml'), { cwd: bad.dir, dotenv: false }));
      expect(error.issues[0]).toMatchObject({ file: 'bad.yaml', rule: 'yamlSyntax', line: expect.any(Number), column: expect.any(Number) });
      expect(error.message).toMatch(/^bad\.yaml:\d+:\d+: malformed YAML: /);
      expect(error.message).not.toContain('s3cr3t-value');
    } finally {
      bad.cleanup();
    }
  });

  it('refuses `plugins:` written as a mapping (implicit conversion would read it as an empty list)', async () => {
    const attempt = parseConfig('plugins: { a: 1 }\nbrokers:\n  a:\n    type: test\n', { file: 'p.yaml', env: {}, dotenv: false });
    await expect(attempt).rejects.toBeInstanceOf(ConfigValidationError);
    await expect(attempt).rejects.toThrow(/plugins.*must be a list/);
  });

  it('rejects duplicate keys and names a missing file', async () => {
    await expect(parseConfig('brokers: {}\nbrokers: {}\n', { file: 'dup.yaml' })).rejects.toThrow(/^dup\.yaml:2:1: malformed YAML: Map keys must be unique/);
    const missing = loadConfig('config/nope.yaml', { cwd: f.dir });
    await expect(missing).rejects.toBeInstanceOf(ConfigurationError);
    await expect(missing).rejects.toThrow('config/nope.yaml: cannot read configuration file (ENOENT)');
  });

  it('keeps numbers that a double cannot hold exactly as their written digits', async () => {
    const config = await parseConfig('brokers:\n  a:\n    type: test\n    risk_limits: { max_order_notional: 12345678901234567.89, max_position: 0.1 }\n', { env: {}, dotenv: false });
    expect(config.brokers['a'].riskLimits.maxOrderNotional?.toString()).toBe('12345678901234567.89');
    expect(config.brokers['a'].riskLimits.maxPosition?.toString()).toBe('0.1');
  });
});

describe('loadConfig: .env files', () => {
  it('reads .env beside the config file and in the working directory, never overriding real variables', async () => {
    const f = writeConfigFixture({
      'config/binance.yaml': BASE,
      'config/.env': 'BINANCE_API_KEY=from-config-dir\nVENUE_HOST=config-dir-host\n',
      '.env': 'BINANCE_API_KEY=from-cwd\nVENUE_PORT=4002\n',
    });
    try {
      const config = await loadConfig('config/binance.yaml', { cwd: f.dir, env: { VENUE_HOST: 'real-host' } });
      expect(config.brokers['main'].settings['credentials']).toMatchObject({ apiKey: 'from-config-dir' });
      expect(config.brokers['main'].settings['connection']).toEqual({ host: 'real-host', port: 4002 });
      expect(process.env['BINANCE_API_KEY']).toBeUndefined();
    } finally {
      f.cleanup();
    }
  });
});

describe('loadConfig: environments', () => {
  const files = {
    'silvertine.yaml': `
environment: \${APP_ENV:-development}
brokers:
  main:
    type: test
    cash: { USDT: "1000" }
    risk_limits: { max_open_orders: 5, max_position: "2" }
environments:
  production:
    brokers:
      main:
        risk_limits: { max_open_orders: 1 }
        credentials: { api_key: "\${PROD_KEY}", api_secret: x }
  development:
    logging: { level: debug }
`,
    'silvertine.production.yaml': `
brokers:
  main:
    cash: { USDT: "50" }
  backup:
    type: test
    cash: { USDT: "1" }
monitoring: { port: 9464 }
`,
  };

  it('uses the environment key (development by default) and ignores other environments and their variables', async () => {
    const f = writeConfigFixture(files);
    try {
      const config = await loadConfig(f.file('silvertine.yaml'), { cwd: f.dir, env: {}, dotenv: false });
      expect(config.environment).toBe('development');
      expect(config.logging.level).toBe('debug');
      expect(Object.keys(config.brokers)).toEqual(['main']);
      expect(config.brokers['main'].riskLimits.maxOpenOrders).toBe(5);
    } finally {
      f.cleanup();
    }
  });

  it('layers environments.<env> then <name>.<env>.yaml over the base, deep-merged', async () => {
    const f = writeConfigFixture(files);
    try {
      const config = await loadConfig(f.file('silvertine.yaml'), { cwd: f.dir, env: { APP_ENV: 'production', PROD_KEY: 'k' }, dotenv: false });
      expect(config.environment).toBe('production');
      expect(Object.keys(config.brokers).sort()).toEqual(['backup', 'main']);
      const main = config.brokers['main'];
      expect(main.riskLimits.maxOpenOrders).toBe(1);
      expect(main.riskLimits.maxPosition?.toString()).toBe('2');
      expect(main.settings['cash']).toEqual({ USDT: '50' });
      expect(main.settings['credentials']).toEqual({ apiKey: 'k', apiSecret: 'x' });
      expect(config.monitoring.port).toBe(9464);
      expect(config.sources.files).toEqual(['silvertine.yaml', 'silvertine.production.yaml']);
    } finally {
      f.cleanup();
    }
  });

  it('names the overlay file and the environment section in messages', async () => {
    const f = writeConfigFixture({ ...files, 'silvertine.production.yaml': 'brokers:\n  main:\n    risk_limits: { max_open_orders: 0 }\n' });
    try {
      const error = await expectIssues(loadConfig(f.file('silvertine.yaml'), { cwd: f.dir, environment: 'production', env: {}, dotenv: false }));
      expect(error.message).toContain('silvertine.yaml: environments.production.brokers.main.credentials.api_key: environment variable PROD_KEY is not set');
      const ok = await expectIssues(loadConfig(f.file('silvertine.yaml'), { cwd: f.dir, environment: 'production', env: { PROD_KEY: 'k' }, dotenv: false }));
      expect(ok.message).toBe('silvertine.production.yaml: brokers.main.risk_limits.max_open_orders: must not be less than 1');
    } finally {
      f.cleanup();
    }
  });
});
