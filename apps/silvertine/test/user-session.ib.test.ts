import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startTwsEmulator, type TwsEmulator } from '@silvertine/tws-emulator';
import { until } from './support/until';
import { canonical, defineUserSession, type SessionVenue } from './support/user-session';

/**
 * A trader's session on the TWS emulator (Interactive Brokers), each step a separate `silvertine`
 * process: an AAPL limit order placed through the instrument port, listed and canceled by later
 * processes, balances and positions, the kill switch, and a `silvertine run` trading MSFT (no market
 * there: its orders rest open at the venue) killed mid-session and restarted on the same journal.
 */
// each step starts real Node processes: on a loaded machine (two cores shared) one can take seconds; a safety net only
jest.setTimeout(300_000);

const ACCOUNT = 'DU1234567';
const OPEN = new Set(['PendingSubmit', 'PreSubmitted', 'Submitted', 'PendingCancel']);

describe('a user session on the TWS emulator (IB), one silvertine process per step', () => {
  let tws: TwsEmulator;
  let dir: string;
  let session: SessionVenue;

  beforeAll(async () => {
    tws = await startTwsEmulator({ accounts: [ACCOUNT], cash: { USD: '1000000' } });
    tws.setQuote('AAPL', { bid: '150', ask: '150.02', bidSize: 500, askSize: 500 });
    dir = mkdtempSync(path.join(tmpdir(), 'silvertine-user-ib-'));
    const config = path.join(dir, 'ib.yaml');
    const runConfig = path.join(dir, 'ib-run.yaml');
    const venue = [
      'plugins: ["@silvertine/ib"]',
      'brokers:',
      '  ib_paper:',
      '    type: ib',
      `    connection: { host: 127.0.0.1, port: ${tws.port}, client_id: 7, connect_timeout_ms: 30000, request_timeout_ms: 30000 }`,
      '    trading:',
      '      mode: paper',
      '      contracts:',
      '        - { symbol: AAPL, exchange: SMART, primary_exchange: NASDAQ, currency: USD }',
      '        - { symbol: MSFT, exchange: SMART, primary_exchange: NASDAQ, currency: USD }',
    ];
    writeFileSync(config, [...venue, ''].join('\n'));
    writeFileSync(runConfig, [...venue, 'market_data: { source: synthetic, symbols: [MSFT], interval_ms: 20, seed: 7, start_prices: { MSFT: "400" } }', ''].join('\n'));
    const open = () => tws.orders().filter((o) => OPEN.has(o.status));
    session = {
      config, runConfig, stateDir: path.join(dir, 'state'),
      symbol: 'AAPL', quantity: '1', restingLimit: '100', marketableLimit: '151',
      openOrderIds: async () => open().map((o) => o.orderRef),
      createdOrderIds: () => tws.orders().map((o) => o.orderRef),
      positions: () => canonical(tws.positions(ACCOUNT).map((p) => [p.contract.symbol, p.quantity.toString()] as const)),
      async orderInFlight() {
        // MSFT has no market at the emulator: the run's market orders rest open, in flight in the journal
        await until(() => open().filter((o) => o.contract.symbol === 'MSFT').length, (n) => n >= 2, 'orders of the run resting at the venue');
      },
    };
  });
  afterAll(async () => {
    await tws.close();
    rmSync(dir, { recursive: true, force: true });
  });

  defineUserSession(() => session);
});
