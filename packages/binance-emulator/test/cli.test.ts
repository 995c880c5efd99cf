import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'cli.js');

describe('binance-emulator CLI', () => {
  beforeAll(() => {
    // The bin runs compiled JavaScript; build once if this checkout has not been built yet.
    if (!existsSync(cli)) execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.lib.json'], { cwd: root });
  }, 60_000);

  it('prints "listening on http://127.0.0.1:<port>" first and serves the configured market', async () => {
    const child = spawn(process.execPath, [cli, '--port', '0', '--api-key', 'k', '--api-secret', 's', '--symbols', 'BTCUSDT,ETHUSDT', '--balances', 'USDT=100000,BTC=2', '--price', 'BTCUSDT=50000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
      expect(first).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = first.slice('listening on '.length);
      const price = (await (await fetch(`${url}/api/v3/ticker/price?symbol=BTCUSDT`)).json()) as unknown;
      expect(price).toEqual({ symbol: 'BTCUSDT', price: '50000.00000000' });
      const info = (await (await fetch(`${url}/api/v3/exchangeInfo`)).json()) as { symbols: { symbol: string }[] };
      expect(info.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 20_000); // spawning node and loading the package is slow on a busy two-core machine
});
