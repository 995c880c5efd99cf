import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dec } from '@silvertine/core';
import { startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import { runCli } from '../src/cli/cli';
import { EXIT } from '../src/cli/exit-codes';
import { runSilvertine, startSilvertine } from './cli-process';
import { recordingIo } from './recording-io';
import { binanceVenueYaml } from './support/binance-venue-yaml';
import { until } from './support/until';

/**
 * The commands a trader runs against a venue, each a separate `silvertine` process on the Binance
 * emulator: ticker, cancel --all, orders --closed, the kill switch from the CLI and over HTTP reaching
 * a running `silvertine run`, and the state directory's lock between processes.
 */
// each case starts real Node processes: on a loaded machine (two cores shared) one can take seconds; a safety net only
jest.setTimeout(300_000);

const TOKEN = 'venue-commands-token';

function http(url: string, method: string, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    const req = request(url, { method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('silvertine venue commands against the Binance emulator', () => {
  let emulator: BinanceEmulator;
  let dir: string;
  let config: string;
  let stateDir: string;
  const cli = (...args: string[]) => runSilvertine([...args, '--config', config], { stateDir });
  const lockedUsdt = () => emulator.control.balance('USDT').locked;

  beforeAll(async () => {
    emulator = await startBinanceEmulator({ port: 0, symbols: ['BTCUSDT', 'ETHUSDT'], balances: { USDT: '100000', BTC: '1' }, prices: { BTCUSDT: '50000', ETHUSDT: '3000' } });
    dir = mkdtempSync(path.join(tmpdir(), 'silvertine-venue-'));
    stateDir = path.join(dir, 'state');
    config = path.join(dir, 'binance.yaml');
    writeFileSync(config, [
      ...binanceVenueYaml(emulator),
      '    trading: { symbols: [BTCUSDT, ETHUSDT] }',
      `monitoring: { enabled: true, host: 127.0.0.1, port: 0, token: ${TOKEN} }`,
      '',
    ].join('\n'));
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ticker prints the best bid and ask with sizes and the last price, decoded; an unknown symbol exits 2', async () => {
    emulator.control.setQuote('BTCUSDT', { bid: '49999.5', ask: '50000.5', bidQty: '1.25', askQty: '2' });
    const text = await cli('ticker', 'btcusdt');
    expect({ code: text.code, messages: text.messages }).toEqual({ code: EXIT.OK, messages: [] });
    expect(text.stdout).toMatch(/^BTCUSDT {2}bid 49999\.5 x 1\.25 {2}ask 50000\.5 x 2 {2}last \d+(\.\d+)?\n$/);
    const json = await cli('ticker', 'BTCUSDT', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ symbol: 'BTCUSDT', bid: '49999.5', bidSize: '1.25', ask: '50000.5', askSize: '2', source: expect.stringContaining('binance') });
    const unknown = await cli('ticker', 'DOGEUSDT');
    expect(unknown.code).toBe(EXIT.USAGE);
    expect(unknown.messages).toEqual([expect.stringMatching(/^silvertine ticker: broker venue has no instrument DOGEUSDT; known: .*BTCUSDT/)]);
  });

  it('cancel --all [--symbol] cancels every open order, one line each; orders --closed then lists them newest first', async () => {
    const place = async (symbol: string, price: string) => {
      const run = await cli('order', 'buy', symbol, '0.01', '--limit', price, '--json');
      expect({ code: run.code, messages: run.messages }).toEqual({ code: EXIT.OK, messages: [] });
      return (JSON.parse(run.stdout) as { clientOrderId: string }).clientOrderId;
    };
    const btc1 = await place('BTCUSDT', '40000');
    const btc2 = await place('BTCUSDT', '41000');
    const eth = await place('ETHUSDT', '2000');

    const some = await cli('cancel', '--all', '--symbol', 'ETHUSDT');
    expect(some.code).toBe(EXIT.OK);
    expect(some.stdout.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${eth}  (CANCELED|PENDING_CANCEL)  BUY 0\\.01 ETHUSDT LIMIT @ 2000`))]);

    const all = await cli('cancel', '--all', '--json');
    expect(all.code).toBe(EXIT.OK);
    const results = JSON.parse(all.stdout) as Array<{ clientOrderId: string; status: string }>;
    expect(results.map((r) => r.clientOrderId).sort()).toEqual([btc1, btc2].sort());
    expect(results.every((r) => r.status === 'CANCELED' || r.status === 'PENDING_CANCEL')).toBe(true);
    expect(dec(lockedUsdt()).isZero()).toBe(true);

    const none = await cli('cancel', '--all');
    expect({ code: none.code, stdout: none.stdout }).toEqual({ code: EXIT.OK, stdout: '' });

    const closed = await cli('orders', '--closed', '--json');
    expect(closed.code).toBe(EXIT.OK);
    const listed = JSON.parse(closed.stdout) as Array<{ clientOrderId: string; status: string }>;
    expect(listed.map((o) => o.clientOrderId).sort()).toEqual([btc1, btc2, eth].sort());
    expect(listed.every((o) => o.status === 'CANCELED')).toBe(true);
    const limited = await cli('orders', '--closed', '--limit', '1');
    expect(limited.stdout.trim().split('\n')).toHaveLength(1);
    expect((await cli('orders')).stdout).toBe('');
  });

  it('cancel --all reports each order the venue refuses to cancel and exits 7', async () => {
    const placed = await cli('order', 'buy', 'BTCUSDT', '0.01', '--limit', '39000', '--json');
    const id = (JSON.parse(placed.stdout) as { clientOrderId: string }).clientOrderId;
    emulator.control.injectFault({ kind: 'http5xx', match: '/api/v3/order', transport: 'rest', count: 10 });
    try {
      const run = await cli('cancel', '--all');
      expect(run.code).toBe(EXIT.ORDER_REJECTED);
      expect(run.stdout).toMatch(new RegExp(`^${id}  FAILED  `, 'm'));
    } finally {
      emulator.control.clearFaults();
    }
    expect((await cli('cancel', '--all')).code).toBe(EXIT.OK);
  });

  it('refuses arguments that do not go together before connecting (exit 2)', async () => {
    const refusal = async (...argv: string[]) => {
      const io = recordingIo();
      const code = await runCli([...argv, '--config', config], io);
      return { code, errors: io.errors };
    };
    expect(await refusal('cancel', 'x1', '--all')).toEqual({ code: EXIT.USAGE, errors: ['silvertine cancel: "x1" is not an argument of cancel (usage: silvertine cancel <clientOrderId> [--broker <name>] [--config <file>] [--json])'] });
    expect(await refusal('cancel', 'x1', '--symbol', 'BTCUSDT')).toEqual({ code: EXIT.USAGE, errors: ['silvertine cancel: --symbol goes with --all'] });
    expect(await refusal('orders', '--limit', '5')).toEqual({ code: EXIT.USAGE, errors: ['silvertine orders: --limit goes with --closed'] });
    expect(await refusal('orders', '--closed', '--limit', '0')).toEqual({ code: EXIT.USAGE, errors: ['silvertine orders: --limit must be a whole number from 1 to 1000, got "0"'] });
    expect(await refusal('kill-switch', 'pause')).toEqual({ code: EXIT.USAGE, errors: [expect.stringMatching(/^silvertine kill-switch: "pause" is not status, engage or release/)] });
    expect(await refusal('kill-switch', 'status', '--reason', 'x')).toEqual({ code: EXIT.USAGE, errors: ['silvertine kill-switch: --reason is for engage only'] });
    expect(await refusal('kill-switch', 'engage', '--reason', 'two\nlines')).toEqual({ code: EXIT.USAGE, errors: ['silvertine kill-switch: --reason must be one line of printable text'] });
  });

  it('the kill switch from the CLI and over HTTP acts on a running silvertine run; the run holds the state directory', async () => {
    const placed = await cli('order', 'buy', 'BTCUSDT', '0.01', '--limit', '40000', '--json');
    expect(placed.code).toBe(EXIT.OK);
    expect(dec(lockedUsdt()).gt(dec(0))).toBe(true);

    const run = startSilvertine(['run', '--config', config], { stateDir });
    try {
      await run.waitForOutput(/1 broker\(s\) connected: venue/);
      const url = (await run.waitForOutput(/health (http:\/\/127\.0\.0\.1:\d+)\/health/))[1];

      // a second process on the same state directory is refused, naming the directory and the holder
      const second = await cli('orders');
      expect(second.code).toBe(EXIT.INVALID_CONFIG);
      expect(second.messages).toEqual([`silvertine orders: state directory ${stateDir} is in use by process ${run.pid} (lock ${path.join(stateDir, 'orders.journal.lock')}): stop that process, or give this one another state directory (SILVERTINE_STATE_DIR, resilience.state_dir)`]);

      const engaged = await cli('kill-switch', 'engage', '--reason', 'desk halt');
      expect(engaged.code).toBe(EXIT.OK);
      expect(engaged.stdout).toMatch(/^kill switch ENGAGED since \S+: desk halt\n/);
      expect(engaged.stdout).toContain(`silvertine process ${run.pid} (state directory ${stateDir}) follows it now: new orders are refused, open orders canceled`);
      // the running process follows the file: it engages and cancels the open order at the venue
      await until(() => http(`${url}/kill-switch`, 'GET'), (a) => a.body === '{"engaged":true,"reason":"desk halt"}', 'the run to engage');
      await until(lockedUsdt, (locked) => dec(locked).isZero(), 'the open order to be canceled');

      const released = await http(`${url}/kill-switch/release`, 'POST');
      expect(released).toEqual({ status: 200, body: '{"engaged":false}' });
      const status = await cli('kill-switch', 'status', '--json');
      expect(JSON.parse(status.stdout)).toEqual({ engaged: false, stateFile: path.join(stateDir, 'kill-switch.json'), runningPid: run.pid });

      const overHttp = await http(`${url}/kill-switch/engage`, 'POST', JSON.stringify({ reason: 'from the dashboard host' }));
      expect(overHttp.status).toBe(200);
      expect(JSON.parse(overHttp.body)).toMatchObject({ engaged: true, reason: 'from the dashboard host', canceled: 0, failed: [] });
      expect(JSON.parse((await cli('kill-switch', 'status', '--json')).stdout)).toMatchObject({ engaged: true, reason: 'from the dashboard host' });

      const stopped = await run.stop('SIGTERM');
      expect(stopped.code).toBe(EXIT.OK);
    } finally {
      await run.stop('SIGKILL');
    }
    // engaged survives the restart: a new process refuses orders before sending anything
    const refused = await cli('order', 'buy', 'BTCUSDT', '0.01', '--limit', '40000');
    expect(refused.code).toBe(EXIT.ORDER_REJECTED);
    expect(refused.messages.join('\n')).toMatch(/kill switch engaged: from the dashboard host/);
    const release = await cli('kill-switch', 'release');
    expect(release.stdout).toBe(`kill switch released\nno silvertine process holds ${stateDir}: the next one starts released\n`);
    expect((await cli('order', 'buy', 'BTCUSDT', '0.01', '--limit', '40000')).code).toBe(EXIT.OK);
    expect((await cli('cancel', '--all')).code).toBe(EXIT.OK);
  });

  it('a lock left by a killed run is taken over by the next process', async () => {
    const run = startSilvertine(['run', '--config', config, '--no-monitoring'], { stateDir });
    await run.waitForOutput(/1 broker\(s\) connected/);
    const killed = await run.stop('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    expect(JSON.parse(readFileSync(path.join(stateDir, 'orders.journal.lock'), 'utf8'))).toEqual({ pid: run.pid });
    const next = await cli('orders');
    expect({ code: next.code, messages: next.messages }).toEqual({ code: EXIT.OK, messages: [] });
  });
});
