import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';
import { EXIT } from '../src/cli/exit-codes';
import { runSilvertine } from './cli-process';

// each step starts a real Node process: on a loaded machine (two cores shared) one can take seconds; a safety net only
jest.setTimeout(180_000);

/**
 * `silvertine ticker` on the TWS emulator (Interactive Brokers), a real `silvertine` process per call:
 * the IB broker answers from one reqMktData snapshot, and the printed figures are the emulator's quote.
 */
describe('silvertine ticker on the TWS emulator (IB)', () => {
  let tws: TwsEmulator;
  let dir: string;
  let config: string;

  beforeAll(async () => {
    tws = await startTwsEmulator({ accounts: ['DU1234567'], quotes: { AAPL: { bid: '150.24', ask: '150.26', last: '150.25', bidSize: 300, askSize: 200 } } });
    dir = mkdtempSync(path.join(tmpdir(), 'silvertine-ticker-ib-'));
    config = path.join(dir, 'ib.yaml');
    writeFileSync(config, [
      'plugins: ["@silvertine/ib"]',
      'brokers:',
      '  ib_paper:',
      '    type: ib',
      `    connection: { host: 127.0.0.1, port: ${tws.port}, client_id: 17, connect_timeout_ms: 30000, request_timeout_ms: 30000 }`,
      '    trading:',
      '      mode: paper',
      '      contracts:',
      '        - { symbol: AAPL, exchange: SMART, primary_exchange: NASDAQ, currency: USD }',
      '',
    ].join('\n'));
  });
  afterAll(async () => {
    await tws.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints the emulator's bid and ask with sizes and its last price", async () => {
    const text = await runSilvertine(['ticker', 'AAPL', '--config', config], { stateDir: path.join(dir, 'state') });
    expect({ code: text.code, messages: text.messages }).toEqual({ code: EXIT.OK, messages: [] });
    expect(text.stdout).toBe('AAPL  bid 150.24 x 300  ask 150.26 x 200  last 150.25\n');
  });

  it('--json carries the figures as decimal strings and names the snapshot as the source', async () => {
    const json = await runSilvertine(['ticker', 'AAPL', '--config', config, '--json'], { stateDir: path.join(dir, 'state') });
    expect(json.code).toBe(EXIT.OK);
    expect(JSON.parse(json.stdout)).toMatchObject({ symbol: 'AAPL', bid: '150.24', bidSize: '300', ask: '150.26', askSize: '200', last: '150.25', source: 'ib reqMktData snapshot' });
  });
});
