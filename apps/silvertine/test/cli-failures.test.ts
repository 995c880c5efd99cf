import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../src/cli/exit-codes';
import { runSilvertine } from './cli-process';

/** A loopback port nothing listens on: bound, read, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// each case starts real Node processes: on a loaded machine (two cores shared) one can take seconds; a safety net only
jest.setTimeout(120_000);

describe('silvertine as a process: every failure exits non-zero with one line on stderr', () => {
  let dir: string;
  let binance: string;
  let ib: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'silvertine-cli-process-'));
    const port = await closedPort();
    binance = path.join(dir, 'binance.yaml');
    writeFileSync(binance, [
      'plugins: ["@silvertine/binance"]',
      'brokers:',
      '  venue:',
      '    type: binance',
      '    credentials: { api_key: k, api_secret: s }',
      `    connection: { environment: custom, base_url: "http://127.0.0.1:${port}", ws_api_url: "ws://127.0.0.1:${port}/ws-api/v3", stream_url: "ws://127.0.0.1:${port}", request_timeout_ms: 2000 }`,
      '    trading: { symbols: [BTCUSDT] }',
      '',
    ].join('\n'));
    ib = path.join(dir, 'ib.yaml');
    writeFileSync(ib, [
      'plugins: ["@silvertine/ib"]',
      'brokers:',
      '  tws:',
      '    type: ib',
      `    connection: { host: 127.0.0.1, port: ${port}, client_id: 1, connect_timeout_ms: 3000 }`,
      '    trading: { mode: paper, contracts: [{ symbol: AAPL, exchange: SMART, currency: USD }] }',
      '    reconnect: { enabled: false }',
      '',
    ].join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const unreachable: readonly (readonly string[])[] = [
    ['run', '--no-monitoring', '--exit'],
    ['order', 'buy', 'BTCUSDT', '0.01', '--limit', '40000'],
    ['order', 'sell', 'BTCUSDT', '0.01'],
    ['cancel', 'abc-123'],
    ['orders'],
    ['orders', '--json'],
    ['balances'],
    ['positions'],
    ['account'],
  ];

  it.each(unreachable)('%s against an unreachable Binance exits 5 (venue unreachable)', async (...args) => {
    const run = await runSilvertine([...args, '--config', binance]);
    expect({ code: run.code, last: run.messages.at(-1) }).toEqual({ code: EXIT.VENUE_UNREACHABLE, last: expect.stringMatching(new RegExp(`^silvertine ${args[0]}: venue unreachable: .*ECONNREFUSED`)) });
    expect(run.messages).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it.each([['balances'], ['positions']])('%s against an unreachable TWS exits 5', async (command) => {
    const run = await runSilvertine([command, '--config', ib]);
    expect(run.code).toBe(EXIT.VENUE_UNREACHABLE);
    expect(run.messages).toEqual([expect.stringMatching(new RegExp(`^silvertine ${command}: venue unreachable: `))]);
  });

  it.each([
    ['a negative quantity', ['order', 'buy', 'BTCUSDT', '-1'], /^silvertine order: quantity must be positive, got "-1"$/],
    ['a quantity that is not a number', ['order', 'buy', 'BTCUSDT', 'NaN'], /^silvertine order: quantity must be a decimal number, got "NaN"$/],
    ['an exponent bomb', ['order', 'buy', 'BTCUSDT', '1e999999999'], /^silvertine order: quantity must be a decimal number/],
    ['a side that is not buy or sell', ['order', 'hold', 'BTCUSDT', '1'], /^silvertine order: side must be buy or sell, got "hold"$/],
    ['a negative limit price', ['order', 'buy', 'BTCUSDT', '1', '--limit', '-5'], /^silvertine order: --limit must be positive, got "-5"$/],
    ['an option without its value', ['order', 'buy', 'BTCUSDT', '1', '--limit'], /^silvertine order: --limit needs a value \(<price>\)$/],
    ['an unknown option', ['orders', '--bogus'], /^silvertine orders: --bogus is not an option of this command/],
    ['an extra argument', ['balances', 'now'], /^silvertine balances: "now" is not an argument of balances/],
    ['a bad duration', ['run', '--duration', 'soon'], /^silvertine run: --duration must be a decimal number, got "soon"$/],
    ['a client order id with spaces', ['cancel', 'a b'], /^silvertine cancel: clientOrderId must be a client order id/],
    ['an unknown command', ['frobnicate'], /^silvertine: unknown command "frobnicate"/],
    ['an unknown emulator', ['emulate', 'kraken'], /^silvertine emulate: usage: silvertine emulate binance\|ib/],
    ['a bad emulator port', ['emulate', 'binance', '--port', '99999'], /^silvertine emulate: --port must be a port number 0-65535, got "99999"$/],
  ])('%s is a usage error (exit 2) naming the argument, before any connection', async (_what, args, message) => {
    // the unreachable venue in the config shows that nothing connected: that would exit 5
    const run = await runSilvertine([...args, '--config', binance]);
    expect(run.code).toBe(EXIT.USAGE);
    expect(run.messages).toEqual([expect.stringMatching(message)]);
  });

  it('a configuration that does not parse exits 3 with the file named', async () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'brokers:\n  x: { type: paper\n');
    const run = await runSilvertine(['balances', '--config', bad]);
    expect(run.code).toBe(EXIT.INVALID_CONFIG);
    expect(run.messages).toEqual([expect.stringMatching(/^silvertine balances: .*bad\.yaml:\d+:\d+: malformed YAML/)]);
  });

  it('a configuration with a prototype key exits 3 naming the path', async () => {
    const evil = path.join(dir, 'evil.yaml');
    writeFileSync(evil, 'plugins: ["@silvertine/paper"]\nbrokers:\n  paper:\n    type: paper\n    __proto__: { x: 1 }\n');
    const run = await runSilvertine(['orders', '--config', evil]);
    expect(run.code).toBe(EXIT.INVALID_CONFIG);
    expect(run.messages).toEqual([expect.stringMatching(/brokers\.paper\.__proto__: the key "__proto__" is not allowed/)]);
  });

  it.each([['run'], ['order'], ['cancel'], ['orders'], ['balances'], ['positions'], ['account'], ['config'], ['emulate']])(
    '%s --help prints its usage, does nothing else and exits 0',
    async (command) => {
      // an unreachable venue in the config: if --help ran the command it would exit 5
      const run = await runSilvertine([command, ...(command === 'emulate' ? ['ib'] : []), '--help', '--config', binance]);
      expect(run.code).toBe(EXIT.OK);
      expect(run.stdout).toMatch(new RegExp(`^usage: silvertine ${command}`));
      expect(run.stderr).toBe('');
    },
  );

  it('silvertine --help exits 0 with every command; no command at all is a usage error', async () => {
    const help = await runSilvertine(['--help']);
    expect(help.code).toBe(EXIT.OK);
    for (const command of ['run', 'order', 'cancel', 'orders', 'positions', 'balances', 'account', 'config', 'emulate']) expect(help.stdout).toContain(`silvertine ${command}`);
    const none = await runSilvertine([]);
    expect(none.code).toBe(EXIT.USAGE);
    expect(none.stderr).toMatch(/^silvertine — /);
  });
});

describe('silvertine run with its monitoring port taken', () => {
  it('says which address is busy and how to choose another, exit 3', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const run = await runSilvertine(['run', '--exit'], { env: { SILVERTINE_METRICS_PORT: String(port) } });
      expect(run.code).toBe(EXIT.INVALID_CONFIG);
      expect(run.messages).toEqual([`silvertine run: monitoring address 127.0.0.1:${port} is in use (another silvertine run?): choose another port (SILVERTINE_METRICS_PORT=<port> with the default config, monitoring.port otherwise) or pass --no-monitoring`]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
