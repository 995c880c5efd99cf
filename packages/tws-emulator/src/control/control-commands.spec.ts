import { startTwsEmulator, type TwsEmulator } from '../server/tws-emulator.server';
import { runControlCommand } from './control-commands';

describe('control commands', () => {
  let emulator: TwsEmulator;
  beforeEach(async () => {
    emulator = await startTwsEmulator({ accounts: ['DU1'], timerIntervalMs: 0 });
  });
  afterEach(() => emulator.close());

  it('sets quotes and cash and lists state', async () => {
    await expect(runControlCommand(emulator, 'quote AAPL bid=150.00 ask=150.02 askSize=100')).resolves.toBe('ok');
    await expect(runControlCommand(emulator, 'price EUR.USD 1.085')).resolves.toBe('ok');
    await expect(runControlCommand(emulator, 'cash DU1 EUR 5000')).resolves.toBe('ok');
    await expect(runControlCommand(emulator, 'clients')).resolves.toBe('');
    await expect(runControlCommand(emulator, 'restart 0')).resolves.toBe('ok');
    await expect(runControlCommand(emulator, 'help')).resolves.toContain('system 1100|1101|1102');
  });

  it('rejects malformed lines with a usage message', async () => {
    await expect(runControlCommand(emulator, 'quote AAPL bid')).rejects.toThrow(/bad quote field/);
    await expect(runControlCommand(emulator, 'system 1300')).rejects.toThrow(/usage/);
    await expect(runControlCommand(emulator, 'quote NOPE bid=1')).rejects.toThrow(/unknown contract/);
    await expect(runControlCommand(emulator, 'fly')).rejects.toThrow(/unknown command/);
    await expect(runControlCommand(emulator, 'corrupt sideways')).rejects.toThrow(/usage: corrupt/);
    await expect(runControlCommand(emulator, 'corrupt random -1')).rejects.toThrow(/bad number/);
  });

  it('corrupts the stream of connected clients on command', async () => {
    await expect(runControlCommand(emulator, 'corrupt length 2147483647')).resolves.toBe('ok');
    await expect(runControlCommand(emulator, 'corrupt random 32 7')).resolves.toBe('ok');
    await expect(runControlCommand(emulator, 'corrupt truncated')).resolves.toBe('ok');
  });
});
