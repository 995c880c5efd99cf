/**
 * Binance placeOrder round trip on ONE emulator process (a venue in another process, as in production):
 * a raw signed node:http request with a keep-alive agent (the floor), BinanceBroker over got and over
 * undici, interleaved within each round. IOC limit orders below the market, which the venue expires at
 * once without fills, keep the emulator's own cost flat. ccxt and the binance SDK are measured only when
 * installed — they are not in this workspace and there is no network to install them.
 */
import './support/prefer-sources';
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { dec, EventBus } from '@silvertine/core';
import { BinanceBroker, binanceConfig, type BinanceTransportKind } from '@silvertine/binance';
import { spawnBinanceEmulator, type EmulatorProcess } from '@silvertine/binance-emulator';
import { report, row, ROUNDS, runBench, type BenchRow } from './support/bench-kit';

const ORDERS = Number(process.env.BINANCE_BENCH_ORDERS ?? 200);
const WARMUP = Number(process.env.BINANCE_BENCH_WARMUP ?? 400); // the emulator process JITs too
const KEY = 'benchKey';
const SECRET = 'benchSecret';

type Client = { send(): Promise<void>; close(): Promise<void> | void };

/** ONE emulator in another process, as a venue would be: its CPU is not the clients'. */
function startEmulatorProcess(): Promise<EmulatorProcess> {
  return spawnBinanceEmulator([
    '--port', '0', '--api-key', KEY, '--api-secret', SECRET, '--symbols', 'BTCUSDT',
    '--balances', 'USDT=1000000000,BTC=1000000', '--price', 'BTCUSDT=50000', '--level-qty', '1000000',
    '--weight-limit', '100000000', '--orders-10s', '100000000',
  ]);
}

function rawClient(url: string): Client {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(url);
  let n = 0;
  return {
    send: () => new Promise((resolve, reject) => {
      const query = `symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.001&newClientOrderId=raw${n++}&newOrderRespType=FULL&timeInForce=IOC&price=45000&recvWindow=5000&timestamp=${Date.now()}`;
      const path = `/api/v3/order?${query}&signature=${createHmac('sha256', SECRET).update(query).digest('hex')}`;
      const req = request({ agent, hostname, port, method: 'POST', path, headers: { 'X-MBX-APIKEY': KEY } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`${res.statusCode} ${body}`))));
      });
      req.on('error', reject);
      req.end();
    }),
    close: () => agent.destroy(),
  };
}

async function brokerClient(url: string, transport: BinanceTransportKind): Promise<Client> {
  const broker = new BinanceBroker({
    id: `bench-${transport}`, bus: new EventBus(), maxClosedOrders: 1_000,
    config: binanceConfig({ apiKey: KEY, apiSecret: SECRET, environment: 'custom', baseUrl: url, wsApiUrl: `${url.replace('http', 'ws')}/ws-api/v3`, symbols: ['BTCUSDT'], transport }),
  });
  await broker.connect();
  const instrument = (await broker.instrument('BTCUSDT'))!;
  return {
    send: async () => {
      const order = await broker.placeOrder({ instrument, side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity: dec('0.001'), limitPrice: dec('45000') });
      if (order.status !== 'EXPIRED') throw new Error(`unexpected ${order.status}`);
    },
    close: () => broker.disconnect(),
  };
}

/** Mean µs per order over `n` sequential orders. */
async function round(client: Client, n: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await client.send();
  return Number(process.hrtime.bigint() - start) / 1_000 / n;
}

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}

runBench(async () => {
  const emulator = await startEmulatorProcess();
  const { url } = emulator;
  const clients: Record<string, Client> = {};
  try {
    clients['raw signed node:http (keep-alive)'] = rawClient(url);
    clients['BinanceBroker.placeOrder (got)'] = await brokerClient(url, 'got');
    clients['BinanceBroker.placeOrder (undici)'] = await brokerClient(url, 'undici');
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
    for (const c of Object.values(clients)) await round(c, WARMUP);
    for (let r = 0; r < ROUNDS; r++) for (const [name, c] of Object.entries(clients)) samples[name].push(await round(c, ORDERS));
    const names = Object.keys(samples);
    const floor = row('binance', names[0], 'µs/order', samples[names[0]], 'lower');
    const rows: BenchRow[] = [floor, ...names.slice(1).map((n) => row('binance', n, 'µs/order', samples[n], 'lower', floor))];
    const missing = ['ccxt', 'binance'].filter((p) => !installed(p));
    report({
      bench: 'binance',
      rows,
      notes: [
        `${ORDERS} sequential IOC orders per client per round, emulator in another process, ${ROUNDS} interleaved rounds (median of round means)`,
        ...missing.map((p) => `${p === 'ccxt' ? 'ccxt' : 'binance SDK'} (npm "${p}") is not installed and there is no network here: not measured, no row faked`),
      ],
    });
  } finally {
    for (const c of Object.values(clients)) await c.close();
    await emulator.stop();
  }
});
