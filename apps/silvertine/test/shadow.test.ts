import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../src/cli/cli';
import { EXIT } from '../src/cli/exit-codes';
import { recordingIo } from './recording-io';

// Sessions run in real time on a synthetic feed (a bar every 20 ms): a safety net only, sized for a loaded machine.
jest.setTimeout(120_000);

const INSTRUMENT = '{ symbol: BTCUSDT, asset_class: CRYPTO, base_asset: BTC, quote_asset: USDT, tick_size: "0.01", step_size: "0.00001", min_notional: "5", multiplier: "1" }';

/** A paper venue slipping `bps` with no latency, shadowed by paper with `shadow` models, on a synthetic market. */
function config(shadow: string, bps = '5'): string {
  return [
    'plugins: ["@silvertine/paper"]',
    'brokers:',
    '  venue:',
    '    type: paper',
    `    trading: { initial_balances: { USDT: "1000000", BTC: "10" }, instruments: [${INSTRUMENT}] }`,
    `    slippage: { model: PERCENTAGE, bps: "${bps}" }`,
    ...(shadow ? ['    shadow:', ...shadow.split('\n').map((l) => `      ${l}`)] : []),
    'market_data: { source: synthetic, symbols: [BTCUSDT], start_prices: { BTCUSDT: "50000" }, interval_ms: 20, seed: 3 }',
    'monitoring: { enabled: false }',
    'resilience: { enabled: false }',
    '',
  ].join('\n');
}

describe('silvertine shadow', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'silvertine-shadow-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('mirrors a probe into paper, measures the configured gap, writes a report that shadow report reads back', async () => {
    const file = write('venue.yaml', config('slippage: { model: FIXED, amount: "0" }\nlatency: { model: NONE }'));
    const report = path.join(dir, 'report.json');
    const io = recordingIo();
    const code = await runCli(['shadow', '--config', file, '--orders', '12', '--report', report], io);
    expect({ code, errors: io.errors }).toEqual({ code: EXIT.OK, errors: [] });
    expect(io.lines[0]).toBe('silvertine shadow: venue (paper) mirrored into paper with the models of brokers.venue.shadow');
    const written = JSON.parse(readFileSync(report, 'utf8'));
    expect(written.overall).toMatchObject({ orders: 12, filledBoth: 12, liveOnly: 0, paperOnly: 0, shadowFailures: 0 });
    // Both sides fill on the same bar; live adds 5 bps of it, rounded up to the cent (< 0.002 bps at 50,000).
    expect(Math.abs(Number(written.overall.meanPriceGapBps) - 5)).toBeLessThan(0.01);
    expect(written.paperModels).toEqual({ slippage: { model: 'FIXED', amount: '0' }, latencyMs: 0 });
    const printed = io.lines.join('\n');
    expect(printed).toMatch(/^Recommended paper models:$/m);
    expect(printed).toMatch(/^slippage: \{ model: (PERCENTAGE, bps: "5\.0\d*"|FIXED, amount: "2[45]\.\d+") \}$/m);

    const read = recordingIo();
    expect(await runCli(['shadow', 'report', report], read)).toBe(EXIT.OK);
    // the same summary and models as the session printed, from the file alone
    expect(read.lines.join('\n')).toBe(printed.slice(printed.indexOf('Shadow report for venue')));

    const csv = recordingIo();
    expect(await runCli(['shadow', 'report', report, '--format', 'csv'], csv)).toBe(EXIT.OK);
    expect(csv.lines.join('\n')).toMatch(/^ALL,ALL,ALL,12,12,0,0,0,/m);
  });

  it('without a shadow: section mirrors with paper defaults and the live balances', async () => {
    const file = write('plain.yaml', config(''));
    const io = recordingIo();
    expect(await runCli(['shadow', '--config', file, '--orders', '2', '--json'], io)).toBe(EXIT.OK);
    expect(io.lines[0]).toMatch(/with paper's default models \(no shadow: section\)/);
    expect(JSON.parse(io.lines[io.lines.length - 1]).overall).toMatchObject({ orders: 2, filledBoth: 2 });
  });

  it.each([
    [['--orders', '0'], EXIT.USAGE, /--orders must be a whole number from 1 to 1000000, got "0"/],
    [['--orders', '2', '--format', 'csv'], EXIT.USAGE, /--format needs --report <file>/],
    [['--orders', '2', '--quantity', '-1'], EXIT.USAGE, /--quantity must be positive/],
    [['--orders', '2', '--broker', 'nope'], EXIT.UNKNOWN_BROKER, /unknown broker "nope"/],
    [['stray'], EXIT.USAGE, /"stray" is not an argument of shadow/],
  ])('refuses %j before trading', async (args, exitCode, message) => {
    const file = write('refuse.yaml', config(''));
    const io = recordingIo();
    expect(await runCli(['shadow', '--config', file, ...args], io)).toBe(exitCode);
    expect(io.errors.join('\n')).toMatch(message);
  });

  it('refuses a shadow section with a bad model, naming the path (exit 3)', async () => {
    const file = write('bad.yaml', config('latency: { model: UNIFORM, min_ms: 5 }'));
    const io = recordingIo();
    expect(await runCli(['shadow', '--config', file, '--orders', '1'], io)).toBe(EXIT.INVALID_CONFIG);
    expect(io.errors.join('\n')).toMatch(/brokers\.venue\.shadow\.latency\.max_ms: is required/);
  });

  it('refuses shadowing turned off, and a probe on a replay in virtual time', async () => {
    const off = recordingIo();
    expect(await runCli(['shadow', '--config', write('off.yaml', config('enabled: false')), '--orders', '1'], off)).toBe(EXIT.INVALID_CONFIG);
    expect(off.errors.join('\n')).toMatch(/shadowing turned off \(brokers\.venue\.shadow\.enabled: false\)/);
    const replay = config('').replace(/market_data: .*\n/, 'market_data: { source: csv, file: "@silvertine/paper/data/BTCUSDT-1m-sample.csv", symbols: [BTCUSDT], interval_ms: 0 }\n');
    const io = recordingIo();
    expect(await runCli(['shadow', '--config', write('replay.yaml', replay), '--orders', '1'], io)).toBe(EXIT.USAGE);
    expect(io.errors.join('\n')).toMatch(/--orders needs market data in real time/);
  });

  it('shadow report refuses a missing file, a bad report and half a liquidity, each with its own message', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['report'], EXIT.USAGE, /file is required/],
      [['report', path.join(dir, 'missing.json')], EXIT.USAGE, /cannot read .*missing\.json: no such file/],
      [['report', write('bad-report.json', '{"brokerId":"x","generatedAt":1,"orders":[{}]}')], EXIT.INVALID_CONFIG, /report\.orders\[0\]\.quantity must be a decimal string/],
      [['report', write('empty.json', '{"brokerId":"x","generatedAt":1,"orders":[]}'), '--sigma', '0.02'], EXIT.USAGE, /--adv is needed too/],
      [['report', path.join(dir, 'empty.json'), '--format', 'xml'], EXIT.USAGE, /--format must be json or csv, got "xml"/],
    ];
    for (const [args, exitCode, message] of cases) {
      const io = recordingIo();
      expect(await runCli(['shadow', ...args], io)).toBe(exitCode);
      expect(io.errors.join('\n')).toMatch(message);
    }
  });
});
