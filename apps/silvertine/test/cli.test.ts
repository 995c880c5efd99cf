import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dec } from '@silvertine/core';
import { runCli } from '../src/cli/cli';
import { EXIT } from '../src/cli/exit-codes';
import { recordingIo } from './recording-io';

const repoConfig = path.resolve(__dirname, '..', '..', '..', 'config', 'silvertine.yaml');

describe('silvertine run on the embedded default', () => {
  it('replays the paper sample with the demo strategy and reports a consistent session', async () => {
    const io = recordingIo();
    const code = await runCli(['run', '--config', repoConfig, '--no-monitoring', '--json'], io);
    expect(io.errors).toEqual([]);
    expect(code).toBe(EXIT.OK);
    const report = JSON.parse(io.lines[io.lines.length - 1]);
    expect(report.bars).toBe(300);
    expect(report.orders).toBeGreaterThan(0);
    expect(report.fills).toBeGreaterThanOrEqual(report.orders);
    // every demo order is a market order on a liquid sample: all filled
    expect(report.byStatus.FILLED).toBe(report.orders);
    // equity = initial cash − fees + realized + unrealized, exactly (Decimal strings)
    const expected = dec('100000').minus(report.fees.USDT).plus(report.realizedPnl).plus(report.unrealizedPnl);
    expect(dec(report.equity).eq(expected)).toBe(true);
  });
});

describe('silvertine exit codes for user mistakes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'silvertine-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it.each([
    ['an unknown command', ['frobnicate'], EXIT.USAGE, /unknown command "frobnicate"/],
    ['a bad quantity', ['order', 'buy', 'BTCUSDT', 'abc', '--config', repoConfig], EXIT.USAGE, /quantity must be a decimal number, got "abc"/],
    ['a missing config file', ['run', '--config', 'no-such.yaml'], EXIT.INVALID_CONFIG, /cannot read configuration file/],
    ['an unknown broker name', ['positions', '--broker', 'nope', '--config', repoConfig], EXIT.UNKNOWN_BROKER, /unknown broker "nope".*paper/],
    ['an unknown template', ['config', 'template', 'kraken'], EXIT.UNKNOWN_BROKER, /no template for "kraken"/],
    ['an unknown emulator', ['emulate', 'kraken'], EXIT.USAGE, /usage: silvertine emulate/],
  ])('%s', async (_what, argv, exitCode, message) => {
    const io = recordingIo();
    expect(await runCli(argv, io)).toBe(exitCode);
    expect(io.errors.join('\n')).toMatch(message);
  });

  it('malformed YAML is an invalid config, with line and column', async () => {
    const io = recordingIo();
    const file = write('bad.yaml', 'brokers:\n  paper: [unclosed\n');
    expect(await runCli(['config', 'validate', file], io)).toBe(EXIT.INVALID_CONFIG);
    expect(io.errors.join('\n')).toMatch(/bad\.yaml:\d+:\d+/);
  });

  it('an unknown broker type lists the known ones', async () => {
    const io = recordingIo();
    const file = write('kraken.yaml', 'plugins: ["@silvertine/paper"]\nbrokers:\n  k:\n    type: kraken\n');
    expect(await runCli(['config', 'validate', file], io)).toBe(EXIT.UNKNOWN_BROKER);
    expect(io.errors.join('\n')).toMatch(/unknown broker type "kraken"; known types: paper/);
  });

  it('missing credentials name the environment variable, never a secret', async () => {
    const io = recordingIo();
    const file = write('binance.yaml', 'plugins: ["@silvertine/binance"]\nbrokers:\n  main:\n    type: binance\n    credentials:\n      api_key: ${SILVERTINE_TEST_UNSET_KEY}\n      api_secret: ${SILVERTINE_TEST_UNSET_SECRET}\n');
    expect(await runCli(['config', 'validate', file], io)).toBe(EXIT.MISSING_CREDENTIALS);
    expect(io.errors.join('\n')).toMatch(/SILVERTINE_TEST_UNSET_KEY is not set/);
  });

  it('a plugin that is not installed says what to install', async () => {
    const io = recordingIo();
    const file = write('plugin.yaml', 'plugins: ["@acme/silvertine-kraken"]\nbrokers:\n  k:\n    type: kraken\n');
    expect(await runCli(['config', 'validate', file], io)).toBe(EXIT.PLUGIN_MISSING);
    expect(io.errors.join('\n')).toMatch(/install @acme\/silvertine-kraken/);
  });

  it('config validate names each plugin and the file it was loaded from', async () => {
    const io = recordingIo();
    const plugin = write(
      'local-venue.js',
      "const core = require('@silvertine/core');\n" +
        "class LocalVenue extends core.AbstractBroker {}\n" +
        "core.RegisterBroker({ type: 'local-venue' })(LocalVenue);\n" +
        "exports.plugin = { name: 'local-venue-plugin', version: '2.0.0', brokers: [LocalVenue] };\n",
    );
    const file = write('with-plugin.yaml', 'plugins: ["./local-venue.js"]\nbrokers:\n  demo:\n    type: local-venue\n');
    expect({ code: await runCli(['config', 'validate', file], io), errors: io.errors }).toEqual({ code: EXIT.OK, errors: [] });
    expect(io.lines).toContain(`plugin ./local-venue.js (local-venue-plugin@2.0.0): local-venue from ${plugin}`);
  });

  it('validates a good file and prints a template', async () => {
    const io = recordingIo();
    expect(await runCli(['config', 'validate', repoConfig], io)).toBe(EXIT.OK);
    expect(io.lines[0]).toMatch(/valid \(1 broker\(s\): paper\)/);
    const template = recordingIo();
    expect(await runCli(['config', 'template', 'paper'], template)).toBe(EXIT.OK);
    expect(template.lines.join('\n')).toContain('type: paper');
  });
});

describe('silvertine run --serve', () => {
  it('keeps the dashboard and /health up after the replay until it is told to stop', async () => {
    const io = recordingIo();
    let stop: (() => void) | undefined;
    const interactiveIo = { ...io, onInterrupt: (h: () => void) => (stop = h) };
    process.env.SILVERTINE_METRICS_PORT = '0';
    try {
      const running = runCli(['run', '--config', repoConfig, '--serve'], interactiveIo);
      const started = Date.now();
      while (!io.lines.some((l) => l.includes('stays up')) && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 50));
      const url = /stays up at (http:\/\/127\.0\.0\.1:\d+)\//.exec(io.lines.join('\n'))![1];
      const health = await fetch(`${url}/health`);
      expect([200, 503]).toContain(health.status);
      expect(await (await fetch(`${url}/metrics`)).text()).toContain('silvertine_fills_total');
      stop!();
      expect(await running).toBe(EXIT.OK);
    } finally {
      delete process.env.SILVERTINE_METRICS_PORT;
    }
  });
});
