import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import { EXIT } from '../src/cli/exit-codes';
import { binanceVenueYaml } from './support/binance-venue-yaml';

// Real processes and sockets on a shared machine: a safety net only.
jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * `silvertine shadow` against the Binance adapter on its emulator, in its own process: the live leg is
 * the venue's (REST/WebSocket API, safety stack), the mirror is paper slipping 2 bps on the quotes the
 * adapter publishes. The emulator's book does not move: the adapter's starting quote (REST bookTicker
 * at connect) is the only price, handed to the mirror although it was published before the mirror existed.
 */
describe('silvertine shadow against the Binance emulator', () => {
  let emulator: BinanceEmulator;
  let dir: string;

  beforeAll(async () => {
    emulator = await startBinanceEmulator({ port: 0, symbols: ['BTCUSDT'], balances: { USDT: '100000', BTC: '1' }, prices: { BTCUSDT: '50000' } });
    dir = mkdtempSync(path.join(tmpdir(), 'silvertine-shadow-binance-'));
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('measures the gap between the venue and a paper mirror slipping 2 bps', async () => {
    const config = path.join(dir, 'binance.yaml');
    writeFileSync(config, [
      ...binanceVenueYaml(emulator),
      '    trading: { symbols: [BTCUSDT], market_data: true }',
      '    shadow: { slippage: { model: PERCENTAGE, bps: "2" }, initial_balances: { USDT: "100000", BTC: "1" } }',
      'monitoring: { enabled: false }',
      '',
    ].join('\n'));
    const report = path.join(dir, 'report.json');
    const child = spawn(process.execPath, ['-r', path.join(ROOT, 'tools', 'scripts', 'register-ts.js'), path.join(ROOT, 'apps', 'silvertine', 'src', 'main.ts'), 'shadow', '--config', config, '--orders', '6', '--report', report], {
      cwd: ROOT, env: { ...process.env, SILVERTINE_STATE_DIR: path.join(dir, 'state') }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.resume();
    const deadline = setTimeout(() => child.kill('SIGKILL'), 100_000);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    clearTimeout(deadline);
    expect({ code, waitedForData: stdout.includes('no market data') }).toEqual({ code: EXIT.OK, waitedForData: false });

    const written = JSON.parse(readFileSync(report, 'utf8'));
    expect(written.overall).toMatchObject({ orders: 6, filledBoth: 6, liveOnly: 0, paperOnly: 0, shadowFailures: 0 });
    // Both fill at the touch (50,000.01 buys, 49,999.99 sells); paper adds 2 bps of it, rounded up to the cent:
    // live is 2 bps better than paper, so the gap (positive = live worse) is about −2.
    expect(Math.abs(Number(written.overall.meanPriceGapBps) + 2)).toBeLessThan(0.01);
    expect(written.paperModels.slippage).toEqual({ model: 'PERCENTAGE', bps: '2' });
    // Calibration takes paper's 2 bps out: the venue itself slipped nothing from the touch.
    expect(stdout).toMatch(/^slippage: \{ model: (FIXED, amount|PERCENTAGE, bps): "0" \}$/m);
  });
});
