/**
 * placeOrder round trip against ONE Binance emulator running in another process (as a venue would), from one
 * run: BinanceBroker over got, BinanceBroker over undici, BinanceBroker with order entry over the WebSocket API
 * (`orderEntry: websocket`, on its user-data connection), ccxt `binance.createOrder`, the binance SDK's
 * `MainClient.submitNewOrder`, and a raw signed node:http request with a keep-alive agent as the floor.
 *
 * Each round sends ORDERS sequential signed orders per client, clients interleaved (the order of clients
 * rotates from round to round so none always runs first after another's burst): IOC limit buys below the
 * market, which the venue answers at once (EXPIRED) without fills, so the emulator's own cost stays flat and
 * what differs is the client. The figure per client is the median over ROUNDS of the round's mean round trip,
 * with the spread of the rounds; client CPU per order (process.cpuUsage of this process during the client's
 * round) is shown beside it. A client's ratio to raw is also taken round by round (each round against the
 * raw round of the same pass, minutes apart at most), whose median a load that drifts during the run moves
 * far less than the ratio of the two medians; the goal is judged by both.
 * BinanceBroker runs as in use, with its user-data WebSocket (the venue pushes two executionReports and an
 * outboundAccountPosition per order, which it parses); it is connected only during its own rounds. During
 * every other client's rounds a sink in another process holds the one user-data subscription instead
 * (bench/user-data-sink.ts), so the emulator, which shares this machine's cores, does the same push work per
 * order in every round (BENCH_SINK=0 turns it off).
 *
 * The WebSocket API client is also paired round by round with BinanceBroker over undici (REST, the default): its
 * goal is a round trip below REST's.
 *
 * Run: `npx nx run binance:bench`. BENCH_ROUNDS (default 11), BENCH_ORDERS (default 300), BENCH_WARMUP (default 4000),
 * BENCH_CLIENTS=raw,got,undici,ws,ccxt,sdk (a subset, e.g. for `node --cpu-prof`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { dec, EventBus } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- bench-only: the emulator is the venue
import { spawnBinanceEmulator, type EmulatorProcess } from '@silvertine/binance-emulator';
import { MainClient } from 'binance';
import { binance as CcxtBinance } from 'ccxt';
import { BinanceBroker } from '../src/binance.broker';
import { binanceConfig, type BinanceOrderEntry, type BinanceTransportKind } from '../src/binance.config';

const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 11));
const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);
// Per client, before the first measured round: the broker's path has more code for the JIT to settle than the raw
// request (with 300, its first measured rounds were still falling while raw's were flat). The same for every client.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 4_000);
const KEY = 'benchKey';
const SECRET = 'benchSecret';
const ONLY = process.env.BENCH_CLIENTS?.split(',').map((s) => s.trim());
const GOAL_VS_RAW = 1.15;
const GOAL_VS_CCXT = 0.7;
const SINK = process.env.BENCH_SINK !== '0';

interface BenchClient {
  readonly name: string;
  send(i: number): Promise<void>;
  /** Before each of its rounds (BinanceBroker connects: its user-data stream is open only while it is measured). */
  open?(): Promise<void>;
  /** After each of its rounds. */
  pause?(): Promise<void>;
  close(): Promise<void> | void;
}

const priceOf = (i: number): string => (i % 2 === 0 ? '45000' : '45000.01'); // two prices, same work

/** ONE emulator in another process, as a venue would be: its CPU is not the clients'. */
function startEmulatorProcess(): Promise<EmulatorProcess> {
  return spawnBinanceEmulator([
    '--port', '0', '--api-key', KEY, '--api-secret', SECRET, '--symbols', 'BTCUSDT',
    '--balances', 'USDT=1000000000,BTC=1000000', '--price', 'BTCUSDT=50000', '--level-qty', '1000000',
    '--weight-limit', '100000000', '--orders-10s', '100000000',
  ]);
}

/** The user-data subscriber of the rounds without a BinanceBroker (see the file comment and user-data-sink.ts). */
interface UserDataSink {
  set(on: boolean): Promise<void>;
  close(): void;
}

async function startSink(url: string): Promise<UserDataSink> {
  const child: ChildProcess = fork(join(__dirname, 'user-data-sink.ts'), [`${url.replace('http', 'ws')}/ws-api/v3`, KEY, SECRET], {
    execArgv: ['-r', join(__dirname, '../../../tools/scripts/register-ts.js')],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const set = (on: boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const command = on ? 'on' : 'off';
      const onExit = (code: number | null) => reject(new Error(`user-data sink exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (answer) => {
        child.off('exit', onExit);
        if (answer === command) resolve();
        else reject(new Error(`user-data sink answered ${String(answer)} to ${command}`));
      });
      child.send(command);
    });
  return { set, close: () => child.disconnect() };
}

/** The client as it is, its rounds run with the sink subscribed (it has no user-data stream of its own). */
function withSink(client: BenchClient, sink: UserDataSink | undefined): BenchClient {
  if (!sink) return client;
  return {
    ...client,
    open: async () => {
      await sink.set(true);
      await new Promise((resolve) => setTimeout(resolve, 100)); // as BinanceBroker's open: the subscription settles
    },
    pause: () => sink.set(false),
  };
}

/** The floor: one signed POST with node:http, no library. */
function rawClient(url: string): BenchClient {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(url);
  let n = 0;
  return {
    name: 'raw node:http (signed, keep-alive)',
    send: (i) =>
      new Promise((resolve, reject) => {
        const query = `symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.001&newClientOrderId=raw${n++}&newOrderRespType=FULL&timeInForce=IOC&price=${priceOf(i)}&recvWindow=5000&timestamp=${Date.now()}`;
        const path = `/api/v3/order?${query}&signature=${createHmac('sha256', SECRET).update(query).digest('hex')}`;
        const req = request({ agent, hostname, port, method: 'POST', path, headers: { 'X-MBX-APIKEY': KEY } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(new Error(`${res.statusCode} ${body}`));
            // Decoded like every other client does: a response nobody reads proves nothing.
            const parsed = JSON.parse(body) as { status: string };
            if (parsed.status !== 'EXPIRED') return reject(new Error(`unexpected ${parsed.status}`));
            resolve();
          });
        });
        req.on('error', reject);
        req.end();
      }),
    close: () => agent.destroy(),
  };
}

async function brokerClient(url: string, transport: BinanceTransportKind, orderEntry: BinanceOrderEntry = 'rest'): Promise<BenchClient> {
  const broker = new BinanceBroker({
    id: `bench-${transport}-${orderEntry}`, bus: new EventBus(), maxClosedOrders: 1_000,
    config: binanceConfig({ apiKey: KEY, apiSecret: SECRET, environment: 'custom', baseUrl: url, wsApiUrl: `${url.replace('http', 'ws')}/ws-api/v3`, symbols: ['BTCUSDT'], transport, orderEntry }),
  });
  await broker.connect();
  const instrument = (await broker.instrument('BTCUSDT'))!;
  await broker.disconnect();
  const prices = [dec(priceOf(0)), dec(priceOf(1))];
  const quantity = dec('0.001');
  return {
    name: orderEntry === 'websocket' ? 'BinanceBroker.placeOrder (WebSocket API)' : `BinanceBroker.placeOrder (${transport})`,
    send: async (i) => {
      const order = await broker.placeOrder({ instrument, side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity, limitPrice: prices[i % 2] });
      if (order.status !== 'EXPIRED') throw new Error(`unexpected ${order.status}`);
    },
    // Connected only for its own rounds: while connected the venue pushes an executionReport and an
    // outboundAccountPosition per order of ANY client to its user-data stream, and parsing those would be
    // charged to whichever client is being measured.
    open: async () => {
      await broker.connect();
      // Let the work a connect starts in the background (stream subscription, first account frames) finish
      // before the clock starts: the other clients have nothing of the kind running during their rounds.
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (let i = 0; i < 50; i++) await broker.placeOrder({ instrument, side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity, limitPrice: prices[i % 2] }); // fresh sockets
    },
    pause: () => broker.disconnect(),
    close: () => broker.disconnect(),
  };
}

/** ccxt's binance, unmodified: every key of urls.api pointed at the emulator, spot only, no client-side throttle. */
async function ccxtClient(url: string): Promise<BenchClient> {
  const exchange = new CcxtBinance({
    apiKey: KEY, secret: SECRET,
    // ccxt's own throttle (on by default) would space requests out on purpose; off, as BinanceBroker's limiter
    // refuses rather than waits: what is measured is the round trip.
    enableRateLimit: false,
    options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
  });
  const api = (exchange.urls as unknown as { api: Record<string, string> }).api;
  for (const k of Object.keys(api)) api[k] = `${url}${new URL(api[k]).pathname}`;
  await exchange.loadMarkets();
  return {
    name: 'ccxt binance.createOrder',
    send: async (i) => {
      const order = await exchange.createOrder('BTC/USDT', 'limit', 'buy', 0.001, Number(priceOf(i)), { timeInForce: 'IOC' });
      if (order.status !== 'expired') throw new Error(`unexpected ${order.status}`);
    },
    close: () => exchange.close(),
  };
}

/** The binance SDK's MainClient, unmodified, baseUrl pointed at the emulator, a keep-alive agent for axios. */
function sdkClient(url: string): BenchClient {
  const httpAgent = new Agent({ keepAlive: true });
  const client = new MainClient({ api_key: KEY, api_secret: SECRET, baseUrl: url }, { httpAgent });
  return {
    name: 'binance SDK submitNewOrder',
    send: async (i) => {
      const order = await client.submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', quantity: 0.001, price: Number(priceOf(i)), newOrderRespType: 'FULL' });
      if (order.status !== 'EXPIRED') throw new Error(`unexpected ${order.status}`);
    },
    close: () => httpAgent.destroy(),
  };
}

interface Sample {
  readonly us: number;
  readonly cpuUs: number;
}

async function round(client: BenchClient, n: number): Promise<Sample> {
  await client.open?.();
  try {
    return await timed(client, n);
  } finally {
    await client.pause?.();
  }
}

async function timed(client: BenchClient, n: number): Promise<Sample> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await client.send(i);
  const elapsed = Number(process.hrtime.bigint() - start) / 1_000 / n;
  const used = process.cpuUsage(cpu);
  return { us: elapsed, cpuUs: (used.user + used.system) / n }; // µs per order
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const KINDS = ['raw', 'got', 'undici', 'ws', 'ccxt', 'sdk'] as const;

async function main(): Promise<void> {
  const emulator = await startEmulatorProcess();
  const { url } = emulator;
  const sink = SINK ? await startSink(url) : undefined;
  const clients: BenchClient[] = [];
  const kinds = KINDS.filter((k) => !ONLY || ONLY.includes(k));
  const samples = new Map<string, Sample[]>();
  try {
    for (const kind of kinds) {
      if (kind === 'raw') clients.push(withSink(rawClient(url), sink));
      else if (kind === 'got' || kind === 'undici') clients.push(await brokerClient(url, kind));
      else if (kind === 'ws') clients.push(await brokerClient(url, 'undici', 'websocket'));
      else if (kind === 'ccxt') clients.push(withSink(await ccxtClient(url), sink));
      else clients.push(withSink(sdkClient(url), sink));
    }
    for (const c of clients) samples.set(c.name, []);
    for (const c of clients) await round(c, WARMUP);
    for (let r = 0; r < ROUNDS; r++) {
      for (let k = 0; k < clients.length; k++) {
        const c = clients[(k + r) % clients.length];
        samples.get(c.name)!.push(await round(c, ORDERS));
      }
    }
  } finally {
    for (const c of clients) await c.close();
    sink?.close();
    await emulator.stop();
  }
  report(clients.map((c) => c.name), samples);
}

/** The value at quantile q (0..1) of sorted xs, interpolated. */
const quantile = (sorted: readonly number[], q: number): number => {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo] + (sorted[Math.ceil(at)] - sorted[lo]) * (at - lo);
};

/** `p25–p75 (min–max)` of xs. */
const spread = (xs: readonly number[], digits = 0): string => {
  const s = [...xs].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(digits);
  return `${f(quantile(s, 0.25))}–${f(quantile(s, 0.75))} (${f(s[0])}–${f(s[s.length - 1])})`;
};

function report(names: readonly string[], samples: ReadonlyMap<string, readonly Sample[]>): void {
  const rawName = names.find((n) => n.startsWith('raw'));
  const ccxtName = names.find((n) => n.startsWith('ccxt'));
  const of = (name: string | undefined) => (name === undefined ? undefined : samples.get(name));
  const wall = (name: string | undefined) => of(name)?.map((s) => s.us);
  const cpu = (name: string | undefined) => of(name)?.map((s) => s.cpuUs);
  /** Round by round: each of the client's rounds against the peer's round of the same pass. */
  const paired = (name: string, peer: string | undefined): number[] | undefined => {
    const a = of(name);
    const b = of(peer);
    return a && b ? a.map((s, i) => s.us / b[i].us) : undefined;
  };
  const rawMedian = rawName ? median(wall(rawName)!) : undefined;
  const rawCpu = rawName ? median(cpu(rawName)!) : undefined;
  const ccxtMedian = ccxtName ? median(wall(ccxtName)!) : undefined;
  const ratio = (x: number, base: number | undefined): string => (base === undefined ? 'n/a' : `${(x / base).toFixed(2)}×`);
  console.log(`placeOrder round trip, one emulator in another process, ${ROUNDS} rounds × ${ORDERS} sequential IOC limit orders per client, after ${WARMUP} untimed; user-data sink ${SINK ? 'on' : 'off'}`);
  console.log('| client | µs per order (median of rounds) | rounds p25–p75 (min–max) | vs raw: ratio of medians | vs raw: median of paired rounds (p25–p75) | vs ccxt | client CPU µs per order | CPU vs raw |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const name of names) {
    const m = median(wall(name)!);
    const pairs = name === rawName ? undefined : paired(name, rawName);
    const pairText = pairs ? `${median(pairs).toFixed(2)}× (${spread(pairs, 2).split(' ')[0]})` : name === rawName ? '1.00×' : 'n/a';
    const c = median(cpu(name)!);
    console.log(`| ${name} | ${m.toFixed(0)} | ${spread(wall(name)!)} | ${ratio(m, rawMedian)} | ${pairText} | ${ratio(m, ccxtMedian)} | ${c.toFixed(0)} | ${ratio(c, rawCpu)} |`);
  }
  for (const name of names.filter((n) => n.startsWith('BinanceBroker'))) {
    const m = median(wall(name)!);
    const pairs = paired(name, rawName);
    const byMedians = rawMedian === undefined ? undefined : m / rawMedian;
    const byPairs = pairs ? median(pairs) : undefined;
    const vsRaw = byMedians === undefined || byPairs === undefined ? 'n/a' : byMedians <= GOAL_VS_RAW && byPairs <= GOAL_VS_RAW ? 'met' : byMedians <= GOAL_VS_RAW || byPairs <= GOAL_VS_RAW ? 'met by one measure only' : 'NOT met';
    const vsCcxt = ccxtMedian === undefined ? 'n/a' : m / ccxtMedian <= GOAL_VS_CCXT ? 'met' : 'NOT met';
    const pairText = byPairs === undefined ? 'n/a' : `${byPairs.toFixed(2)}×`;
    console.log(`goal ${name}: ≤${GOAL_VS_RAW}× raw ${vsRaw} (medians ${ratio(m, rawMedian)}, paired rounds ${pairText}), ≤${GOAL_VS_CCXT}× ccxt ${vsCcxt} (${ratio(m, ccxtMedian)})`);
  }
  const wsName = names.find((n) => n.endsWith('(WebSocket API)'));
  const restName = names.find((n) => n.endsWith('(undici)'));
  if (wsName && restName) {
    const ws = median(wall(wsName)!);
    const rest = median(wall(restName)!);
    const pairs = paired(wsName, restName)!;
    const cpuPairs = of(wsName)!.map((s, i) => s.cpuUs / of(restName)![i].cpuUs);
    const met = ws < rest && median(pairs) < 1 ? 'met' : ws < rest || median(pairs) < 1 ? 'met by one measure only' : 'NOT met';
    console.log(`goal WebSocket API order entry below the REST round trip (undici): ${met} (medians ${ws.toFixed(0)} vs ${rest.toFixed(0)} µs = ${(ws / rest).toFixed(2)}×, ` +
      `paired rounds ${median(pairs).toFixed(2)}× (${spread(pairs, 2)}); client CPU paired ${median(cpuPairs).toFixed(2)}× (${spread(cpuPairs, 2)}))`);
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
