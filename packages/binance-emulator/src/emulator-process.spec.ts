import { join } from 'node:path';
import { spawnBinanceEmulator } from './emulator-process';

// Jest transforms TypeScript in-process; the child needs the repository's require hook to run cli.ts.
const nodeArgs = ['-r', join(__dirname, '..', '..', '..', 'tools', 'scripts', 'register-ts.js')];

describe('spawnBinanceEmulator', () => {
  it('runs the CLI in a child process that answers on the printed URL, and stops it', async () => {
    const emulator = await spawnBinanceEmulator(['--port', '0', '--symbols', 'BTCUSDT', '--price', 'BTCUSDT=50000'], { nodeArgs });
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${emulator.url}/api/v3/ticker/price?symbol=BTCUSDT`);
      expect(await response.json()).toEqual({ symbol: 'BTCUSDT', price: expect.stringMatching(/^50000/) });
    } finally {
      await emulator.stop();
    }
    expect(emulator.child.exitCode !== null || emulator.child.signalCode !== null).toBe(true);
  }, 20_000);

  it('rejects when the CLI exits before listening', async () => {
    await expect(spawnBinanceEmulator(['--no-such-flag'], { nodeArgs })).rejects.toThrow(/exited with code 2/);
  }, 20_000);
});
