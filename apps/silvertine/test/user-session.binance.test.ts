import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import { binanceVenueYaml } from './support/binance-venue-yaml';
import { until } from './support/until';
import { canonical, defineUserSession, type SessionVenue } from './support/user-session';

/**
 * A trader's session on the Binance emulator, each step a separate `silvertine` process: a limit order
 * placed, listed and canceled by later processes, balances and positions, the kill switch, and a
 * `silvertine run` killed with an order the venue never answered, restarted on the same journal.
 */
// each step starts real Node processes: on a loaded machine (two cores shared) one can take seconds; a safety net only
jest.setTimeout(300_000);

describe('a user session on the Binance emulator, one silvertine process per step', () => {
  let emulator: BinanceEmulator;
  let dir: string;
  let session: SessionVenue;

  beforeAll(async () => {
    emulator = await startBinanceEmulator({ port: 0, symbols: ['BTCUSDT', 'ETHUSDT'], balances: { USDT: '100000', BTC: '1', ETH: '10' }, prices: { BTCUSDT: '50000', ETHUSDT: '3000' } });
    dir = mkdtempSync(path.join(tmpdir(), 'silvertine-user-binance-'));
    const config = path.join(dir, 'binance.yaml');
    const runConfig = path.join(dir, 'binance-run.yaml');
    // the run's requests wait up to 60 s: an order the venue holds unanswered stays in flight until the kill
    const venue = [...binanceVenueYaml(emulator, { requestTimeoutMs: 60_000 }), '    trading: { symbols: [BTCUSDT, ETHUSDT] }'];
    writeFileSync(config, [...venue, ''].join('\n'));
    writeFileSync(runConfig, [...venue, 'market_data: { source: synthetic, symbols: [ETHUSDT], interval_ms: 20, seed: 7, start_prices: { ETHUSDT: "3000" } }', ''].join('\n'));
    const c = emulator.control;
    const placements = () => c.restRoutes()['POST /api/v3/order'] ?? 0;
    session = {
      config, runConfig, stateDir: path.join(dir, 'state'),
      symbol: 'BTCUSDT', quantity: '0.01', restingLimit: '40000', marketableLimit: '60000',
      // the venue's own answer to GET /api/v3/openOrders, asked with the account's key
      openOrderIds: async () => ((await signedGet('/api/v3/openOrders')) as Array<{ clientOrderId: string }>).map((o) => o.clientOrderId),
      createdOrderIds: () => c.receivedOrders().filter((o) => o.orderId !== undefined).map((o) => o.clientOrderId ?? ''),
      // spot: the broker's positions are the base assets' balances, under the configured symbols
      positions: () => canonical([['BTCUSDT', total('BTC')], ['ETHUSDT', total('ETH')]]),
      balances: () => canonical(['USDT', 'BTC', 'ETH'].map((asset) => [asset, total(asset)] as const)),
      inFlightNeverReachesVenue: true,
      async orderInFlight() {
        // the next order placement is held without an answer: journaled, sent, never acknowledged
        const unanswered = () => placements() - c.receivedOrders().length;
        const before = unanswered();
        c.injectFault({ kind: 'hang', match: '/api/v3/order', transport: 'rest' });
        await until(unanswered, (n) => n > before, 'an order of the run held unanswered');
      },
    };
    async function signedGet(route: string): Promise<unknown> {
      const query = `timestamp=${Date.now()}&recvWindow=60000`;
      const signature = createHmac('sha256', emulator.apiSecret).update(query).digest('hex');
      const response = await fetch(`${emulator.url}${route}?${query}&signature=${signature}`, { headers: { 'X-MBX-APIKEY': emulator.apiKey } });
      if (!response.ok) throw new Error(`GET ${route}: ${response.status} ${await response.text()}`);
      return response.json();
    }
    function total(asset: string): string {
      const b = c.balance(asset);
      return b.free.plus(b.locked).toString();
    }
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  defineUserSession(() => session);
});
