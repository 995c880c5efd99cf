import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { EventName, IBApi } from '@stoqey/ib';
import { parseArgs } from '../src/cli';
import { SAFETY_NET_MS, waitFor } from './support/wait';

describe('tws-emulator CLI', () => {
  it('parses flags and defaults', () => {
    expect(parseArgs(['--port', '7497', '--accounts', 'DU1,DU2', '--cash', 'USD=5,eur=7'])).toEqual({ port: 7497, accounts: ['DU1', 'DU2'], cash: { USD: '5', EUR: '7' }, stdin: true });
    expect(parseArgs([])).toEqual({ port: 0, accounts: ['DU1234567'], cash: { USD: '1000000' }, stdin: true });
    expect(() => parseArgs(['--port'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown flag/);
  });

  it('prints "listening on 127.0.0.1:<port>" first, serves clients and takes control commands on stdin', async () => {
    const child: ChildProcess = spawn(
      process.execPath,
      ['-r', path.join(__dirname, '../../../tools/scripts/register-ts.js'), path.join(__dirname, '../src/cli.ts'), '--port', '0', '--accounts', 'DU1234567,DU7654321', '--cash', 'USD=1000000'],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const first = await waitFor(() => (out.includes('\n') ? out.split('\n')[0] : undefined), SAFETY_NET_MS, 'first line');
      expect(first).toMatch(/^listening on 127\.0\.0\.1:\d+$/);
      const port = Number(first!.split(':')[1]);
      const accounts: string[] = [];
      const ibOnPort = new IBApi({ host: '127.0.0.1', port });
      ibOnPort.on(EventName.managedAccounts, (a: string) => accounts.push(a));
      ibOnPort.connect(9);
      await waitFor(() => accounts.length === 1, SAFETY_NET_MS, 'managedAccounts');
      expect(accounts).toEqual(['DU1234567,DU7654321']);
      child.stdin!.write('clients\n');
      await waitFor(() => out.includes('\n9\n'), SAFETY_NET_MS, 'clients reply');
      ibOnPort.disconnect();
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
