import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(__dirname, '..');

/** The first stdout line of the child, or a rejection with its stderr if it exits first. */
function firstLine(child: ReturnType<typeof spawn>): Promise<string> {
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing: ${stderr}`)));
  });
}

describe('binance-emulator CLI', () => {
  it('is published as bin "binance-emulator": a committed launcher that loads the build', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    // a committed launcher, so that npm links the bin on a fresh clone (dist/ does not exist at install)
    expect(pkg.bin).toEqual({ 'binance-emulator': './bin/binance-emulator.js' });
    const launcher = readFileSync(join(root, 'bin/binance-emulator.js'), 'utf8');
    expect(launcher.split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(launcher).toContain("join(__dirname, '..', 'dist', 'cli.js')");
    expect(readFileSync(join(root, 'src/cli.ts'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('prints "listening on http://127.0.0.1:<port>" first and serves the configured market', async () => {
    const args = ['--port', '0', '--api-key', 'k', '--api-secret', 's', '--symbols', 'BTCUSDT,ETHUSDT', '--balances', 'USDT=100000,BTC=2', '--price', 'BTCUSDT=50000'];
    const child = spawn(process.execPath, ['-r', join(__dirname, '../../../tools/scripts/register-ts.js'), join(root, 'src/cli.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const first = await firstLine(child);
      expect(first).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = first.slice('listening on '.length);
      const price = (await (await fetch(`${url}/api/v3/ticker/price?symbol=BTCUSDT`)).json()) as unknown;
      expect(price).toEqual({ symbol: 'BTCUSDT', price: '50000.00000000' });
      const info = (await (await fetch(`${url}/api/v3/exchangeInfo`)).json()) as { symbols: { symbol: string }[] };
      expect(info.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    }
  });

  it('exits 2 naming a bad flag', async () => {
    const child = spawn(process.execPath, ['-r', join(__dirname, '../../../tools/scripts/register-ts.js'), join(root, 'src/cli.ts'), '--balances', 'USDT=lots'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--balances');
  });
});
