import { startTwsEmulator, type TwsEmulator } from '../server/tws-emulator.server';
import type { TwsVenue } from '../server/tws-venue';
import { connect, type Socket } from 'node:net';
import { ControlArgumentError } from './control-arguments';
import { runControlCommand } from './control-commands';

/** The server behind the control interface (not part of TwsEmulator): where a refused quote must not land. */
const venueOf = (emulator: TwsEmulator) => (emulator as unknown as { venue: TwsVenue }).venue;

function connectRawClient(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

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

  it('refuses a negative or unbounded price, size or cash, naming the field and rule, and changes nothing', async () => {
    await runControlCommand(emulator, 'quote AAPL bid=149 ask=151 bidSize=10');
    const quoteOfAapl = () => JSON.stringify(venueOf(emulator).quote(venueOf(emulator).contracts.find('AAPL')!.conId));
    const before = quoteOfAapl();
    await expect(runControlCommand(emulator, 'price AAPL -5')).rejects.toThrow(/^bid must be positive, got "-5"/);
    await expect(runControlCommand(emulator, 'price AAPL 0')).rejects.toThrow(/bid must be positive/);
    await expect(runControlCommand(emulator, 'price AAPL 1e999999999')).rejects.toThrow(/bid must be a decimal within bounds/);
    await expect(runControlCommand(emulator, 'quote AAPL bid=150 ask=NaN')).rejects.toThrow(/ask must be a decimal within bounds/);
    await expect(runControlCommand(emulator, 'quote AAPL bid=150 bidSize=-5')).rejects.toThrow(/bidSize must be zero or more/);
    await expect(runControlCommand(emulator, 'cash DU1 USD 1e999999999')).rejects.toThrow(/amount must be a decimal within bounds/);
    expect(quoteOfAapl()).toBe(before);
    expect(() => emulator.setPrice('AAPL', Number.NaN)).toThrow(ControlArgumentError);
  });

  it('refuses an unbounded or non-integer downtime without dropping a client', async () => {
    const client = await connectRawClient(emulator.port);
    for (const line of ['refuse 1e400', 'refuse -1', 'refuse 3600001', 'restart abc', 'restart 1.5', 'restart Infinity']) {
      await expect(runControlCommand(emulator, line)).rejects.toThrow(/must be an integer number of milliseconds in 0\.\.3600000/);
    }
    await expect(emulator.refuseConnections(Number.POSITIVE_INFINITY)).rejects.toThrow(ControlArgumentError);
    await expect(emulator.restart({ downtimeMs: Number.NaN })).rejects.toThrow(ControlArgumentError);
    expect(client.destroyed).toBe(false);
    // still listening: a new connection is accepted
    const second = await connectRawClient(emulator.port);
    second.destroy();
    client.destroy();
  });

  it('corrupts the stream of connected clients on command', async () => {
    await expect(runControlCommand(emulator, 'corrupt length 2147483647')).resolves.toBe('ok');
    await expect(runControlCommand(emulator, 'corrupt random 32 7')).resolves.toBe('ok');
    await expect(runControlCommand(emulator, 'corrupt truncated')).resolves.toBe('ok');
  });
});
