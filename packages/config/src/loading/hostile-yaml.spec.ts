import { ConfigurationError } from '@silvertine/core';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { writeConfigFixture } from '../testing';
import { ConfigValidationError } from '../errors/config-issue';
import { loadConfig, parseConfig } from './config-loader';
import { DEFAULT_MAX_CONFIG_BYTES } from './yaml-reader';

const BROKER = 'brokers:\n  main:\n    type: test\n';

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigurationError);
  return error as Error;
}

describe('configuration files as untrusted input', () => {
  const f = writeConfigFixture({ 'ok.yaml': BROKER });
  afterAll(() => f.cleanup());

  it('refuses a file above the size limit before parsing it, naming the file and the limit', async () => {
    const file = path.join(f.dir, 'huge.yaml');
    // 2 MiB of valid YAML: parsing it would succeed, so only the size check can refuse it
    writeFileSync(file, BROKER + `padding: "${'x'.repeat(2 * 1024 * 1024)}"\n`);
    const error = await failure(loadConfig('huge.yaml', { cwd: f.dir, dotenv: false }));
    expect(error).not.toBeInstanceOf(ConfigValidationError);
    expect(error.message).toMatch(/^huge\.yaml: configuration file is \d+ bytes, above the limit of 1048576 bytes/);
  });

  it('takes a larger limit when asked, and applies the limit to text too', async () => {
    const file = path.join(f.dir, 'big.yaml');
    writeFileSync(file, BROKER + `padding: "${'x'.repeat(DEFAULT_MAX_CONFIG_BYTES)}"\n`);
    // accepted past the size check: the unknown top-level key is what fails now
    const error = await failure(loadConfig('big.yaml', { cwd: f.dir, dotenv: false, maxConfigBytes: 4 * 1024 * 1024 }));
    expect(error.message).toMatch(/padding: is not a known field/);
    const text = await failure(parseConfig(BROKER, { dotenv: false, maxConfigBytes: 10 }));
    expect(text.message).toMatch(/above the limit of 10 bytes/);
  });

  it('refuses anything but a regular file', async () => {
    const error = await failure(loadConfig('.', { cwd: f.dir, dotenv: false }));
    expect(error.message).toMatch(/not a regular file/);
  });

  it.each([
    ['__proto__', 'brokers:\n  paper:\n    type: test\n    __proto__: { polluted: true }\n', 'brokers.paper.__proto__'],
    ['constructor', BROKER + '    trading:\n      constructor: 5\n', 'brokers.main.trading.constructor'],
    ['prototype', BROKER + 'plugins: []\nmonitoring:\n  prototype: {}\n', 'monitoring.prototype'],
    ['a key inside a list', BROKER + '    contracts:\n      - { symbol: A }\n      - { __proto__: { x: 1 } }\n', 'brokers.main.contracts[1].__proto__'],
  ])('refuses %s with the path named, and pollutes nothing', async (_what, yaml, where) => {
    const error = await failure(parseConfig(yaml, { file: 'evil.yaml', dotenv: false }));
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).issues).toEqual([expect.objectContaining({ path: where, rule: 'forbiddenKey' })]);
    expect(error.message).toContain(`evil.yaml: ${where}: the key`);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('bounds alias expansion ("billion laughs") with an issue, not a crash or a stall', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const error = await failure(parseConfig(`${lines.join('\n')}\n${BROKER}`, { file: 'bomb.yaml', dotenv: false }));
    expect((error as ConfigValidationError).issues[0]).toMatchObject({ rule: 'yamlAliases' });
    expect(error.message).toMatch(/^bomb\.yaml: too many alias expansions/);
  });

  it('keeps a few aliases working', async () => {
    const yaml = 'limits: &limits { max_open_orders: 3 }\nbrokers:\n  a: { type: test, risk_limits: *limits }\n  b: { type: test, risk_limits: *limits }\n';
    // the anchor's own top-level key is unknown to the schema; the aliases themselves resolve
    const error = await failure(parseConfig(yaml, { dotenv: false }));
    expect(error.message).toMatch(/^\(inline configuration\): limits: is not a known field/);
  });

  it('refuses nesting deep enough to exhaust the parser before parsing, however often it is tried', async () => {
    for (const n of [5_000, 20_000, 200_000]) {
      const deep = `brokers: ${'['.repeat(n)}${']'.repeat(n)}\n`;
      const error = await failure(parseConfig(deep, { file: 'deep.yaml', dotenv: false }));
      expect((error as ConfigValidationError).issues[0]).toMatchObject({ rule: 'yamlDepth' });
    }
    // brackets inside quotes and comments do not count; moderate nesting parses
    const fine = `${BROKER}    tags: ["[[[[", '{{{{']  # [[[[[[\n    nested: ${'['.repeat(10)}1${']'.repeat(10)}\n`;
    const config = await parseConfig(fine, { dotenv: false });
    expect(config.brokers['main'].settings['tags']).toEqual(['[[[[', '{{{{']);
  });
});

describe('monitoring exposure', () => {
  it('refuses a non-loopback host without a token, naming the path', async () => {
    const error = await failure(parseConfig(`${BROKER}monitoring:\n  host: 0.0.0.0\n`, { file: 'm.yaml', dotenv: false }));
    expect(error.message).toBe('m.yaml: monitoring.host: binding monitoring to a non-loopback address requires monitoring.token (e.g. token: ${SILVERTINE_MONITORING_TOKEN})');
  });

  it('accepts loopback without a token, and any host with a token from the environment (masked as a secret)', async () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.1.2.3']) {
      const config = await parseConfig(`${BROKER}monitoring:\n  host: "${host}"\n`, { dotenv: false });
      expect(config.monitoring.host).toBe(host);
    }
    const config = await parseConfig(`${BROKER}monitoring:\n  host: 0.0.0.0\n  token: \${MON_TOKEN}\n`, { env: { MON_TOKEN: 'tok-123' }, dotenv: false });
    expect(config.monitoring.token).toBe('tok-123');
    expect(config.secrets).toContain('tok-123');
  });

  it('refuses an empty token', async () => {
    const error = await failure(parseConfig(`${BROKER}monitoring:\n  token: ""\n`, { file: 'm.yaml', dotenv: false }));
    expect(error.message).toMatch(/monitoring\.token: must not be empty|monitoring\.token: .*empty/);
  });
});
