import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import { EXIT } from '../src/cli/exit-codes';
import { runSilvertine } from './cli-process';
import { binanceVenueYaml } from './support/binance-venue-yaml';

/**
 * A trader's session on the Binance emulator, each step a separate `silvertine` process: what one
 * process placed, the next lists and cancels, because every process reconciles with the venue at
 * connect (the safety stack, on by default for live brokers) and journals before it sends.
 */
// each case starts real Node processes: on a loaded machine (two cores shared) one can take seconds; a safety net only
jest.setTimeout(120_000);

describe('silvertine against the Binance emulator: orders and cancel are backed by the venue', () => {
  let emulator: BinanceEmulator;
  let dir: string;
  let config: string;
  let stateDir: string;
  const cli = (...args: string[]) => runSilvertine([...args, '--config', config], { stateDir });

  beforeAll(async () => {
    emulator = await startBinanceEmulator({ port: 0, symbols: ['BTCUSDT'], balances: { USDT: '100000', BTC: '1' }, prices: { BTCUSDT: '50000' } });
    dir = mkdtempSync(path.join(tmpdir(), 'silvertine-session-'));
    stateDir = path.join(dir, 'state');
    config = path.join(dir, 'binance.yaml');
    writeFileSync(config, [
      ...binanceVenueYaml(emulator),
      '    trading: { symbols: [BTCUSDT] }',
      '',
    ].join('\n'));
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('places a limit order, lists it and cancels it from later processes; the journal records it', async () => {
    const placed = await cli('order', 'buy', 'BTCUSDT', '0.01', '--limit', '40000', '--json');
    expect({ code: placed.code, stderr: placed.messages }).toEqual({ code: EXIT.OK, stderr: [] });
    const order = JSON.parse(placed.stdout) as { clientOrderId: string; status: string; request: { limitPrice: string } };
    expect(order).toMatchObject({ status: 'ACCEPTED', request: { limitPrice: '40000' } });

    const listed = await cli('orders');
    expect(listed.code).toBe(EXIT.OK);
    expect(listed.stdout).toMatch(new RegExp(`^${order.clientOrderId}  ACCEPTED  BUY 0\\.01 BTCUSDT LIMIT @ 40000`, 'm'));

    const canceled = await cli('cancel', order.clientOrderId);
    expect(canceled.code).toBe(EXIT.OK);
    expect(canceled.stdout).toMatch(new RegExp(`^${order.clientOrderId}  (CANCELED|PENDING_CANCEL)  `));

    const after = await cli('orders', '--json');
    expect(after.code).toBe(EXIT.OK);
    expect(JSON.parse(after.stdout)).toEqual([]);

    const journal = path.join(stateDir, 'orders.journal');
    expect(existsSync(journal)).toBe(true);
    expect(readFileSync(journal, 'utf8')).toContain(order.clientOrderId);
  });

  it('a cancel of an order the venue never had exits 7 (order rejected) with the venue saying so', async () => {
    const run = await cli('cancel', 'never-placed-1');
    expect(run.code).toBe(EXIT.ORDER_REJECTED);
    expect(run.messages).toEqual([expect.stringMatching(/^silvertine cancel: .*never-placed-1/)]);
  });
});
