/**
 * placeOrder round trip against one Binance emulator running in another process (as a venue would):
 * BinanceBroker over got, BinanceBroker over undici, and a raw signed node:http request with a
 * keep-alive agent as the floor. Each round sends ORDERS sequential signed orders per client, clients
 * interleaved: IOC limit buys below the market, which the venue answers at once (EXPIRED) without fills,
 * so the emulator's own cost stays flat from round to round and what differs is the client; the figure per client is the median over ROUNDS of
 * the round's mean round trip. Run: `npx nx run binance:bench`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { dec, EventBus } from '@silvertine/core';
import { BinanceBroker } from '../src/binance.broker';
import { binanceConfig, type BinanceTransportKind } from '../src/binance.config';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
const WARMUP = 200;
const KEY = 'benchKey';
const SECRET = 'benchSecret';

async function startEmulatorProcess(): Promise<{ url: string; child: ChildProcess }> {
  const root = join(__dirname, '..', '..', '..');
  const child = spawn(process.execPath, [
    '-r', join(root, 'tools/scripts/register-ts.js'), join(root, 'packages/binance-emulator/src/cli.ts'),
    '--port', '0', '--api-key', KEY, '--api-secret', SECRET, '--symbols', 'BTCUSDT',
    '--balances', 'USDT=1000000000,BTC=1000000', '--price', 'BTCUSDT=50000', '--level-qty', '1000000',
    '--weight-limit', '100000000', '--orders-10s', '100000000',
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const url = /listening on (\S+)/.exec(first)?.[1];
  if (!url) throw new Error(`unexpected emulator output: ${first}`);
  return { url, child };
}

/** The floor: one signed POST with node:http, no library. */
function rawClient(url: string): { send(side: string): Promise<void>; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(url);
  let n = 0;
  return {
    send: (side) =>
      new Promise((resolve, reject) => {
        const query = `symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.001&newClientOrderId=raw${n++}&newOrderRespType=FULL&timeInForce=IOC&price=${side === 'BUY' ? '45000' : '45000.01'}&recvWindow=5000&timestamp=${Date.now()}`;
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

async function brokerClient(url: string, transport: BinanceTransportKind): Promise<{ send(side: string): Promise<void>; close(): Promise<void> }> {
  const broker = new BinanceBroker({
    id: `bench-${transport}`, bus: new EventBus(), maxClosedOrders: 1_000,
    config: binanceConfig({ apiKey: KEY, apiSecret: SECRET, environment: 'custom', baseUrl: url, wsApiUrl: `${url.replace('http', 'ws')}/ws-api/v3`, symbols: ['BTCUSDT'], transport }),
  });
  await broker.connect();
  const instrument = broker.instrument('BTCUSDT')!;
  return {
    send: async (side) => {
      const limitPrice = dec(side === 'BUY' ? '45000' : '45000.01');
      const order = await broker.placeOrder({ instrument, side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity: dec('0.001'), limitPrice });
      if (order.status !== 'EXPIRED') throw new Error(`unexpected ${order.status}`);
    },
    close: () => broker.disconnect(),
  };
}

async function round(send: (side: string) => Promise<void>, n: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await send(i % 2 === 0 ? 'BUY' : 'SELL'); // two prices, same work
  return Number(process.hrtime.bigint() - start) / 1_000 / n; // µs per order
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const { url, child } = await startEmulatorProcess();
  const raw = rawClient(url);
  const clients: Record<string, { send(side: string): Promise<void> }> = {
    'raw node:http (signed, keep-alive)': raw,
    'BinanceBroker.placeOrder (got)': await brokerClient(url, 'got'),
    'BinanceBroker.placeOrder (undici)': await brokerClient(url, 'undici'),
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
  try {
    for (const c of Object.values(clients)) await round(c.send, WARMUP);
    for (let r = 0; r < ROUNDS; r++) for (const [name, c] of Object.entries(clients)) samples[name].push(await round(c.send, ORDERS));
  } finally {
    raw.close();
    for (const c of Object.values(clients)) await (c as { close?: () => Promise<void> | void }).close?.();
    child.kill('SIGTERM');
  }
  const floor = median(samples['raw node:http (signed, keep-alive)']);
  console.log(`placeOrder round trip, emulator in another process, ${ROUNDS} rounds × ${ORDERS} sequential IOC limit orders (median of round means)`);
  console.log('| client | µs per order | vs raw | rounds (µs) |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, xs] of Object.entries(samples)) {
    console.log(`| ${name} | ${median(xs).toFixed(0)} | ${(median(xs) / floor).toFixed(2)}× | ${xs.map((x) => x.toFixed(0)).join(' ')} |`);
  }
  const got = median(samples['BinanceBroker.placeOrder (got)']);
  const undici = median(samples['BinanceBroker.placeOrder (undici)']);
  console.log(`undici / got: ${(undici / got).toFixed(2)}×`);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
