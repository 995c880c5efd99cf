import { hmacSha256Hex, startBinanceEmulator, wsApiSigningPayload, type BinanceEmulator } from '@silvertine/binance-emulator';
import { WebSocket } from 'ws';
import { BINANCE_API_KEY, BINANCE_API_SECRET } from '../../harness/secrets';
import type { Attack, AttackContext } from '../attack.types';
import { within } from '../attack-context';

type Message = string | Buffer;

/** Opens a WebSocket to the emulator; resolves once open. */
async function open(ctx: AttackContext, url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  ws.on('error', () => undefined);
  await within(ctx, 3_000, `open ${url}`, new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  }));
  return ws;
}

/** Sends `message` and waits for the next message or the socket's close; `undefined` after `ms` of silence. */
function answer(ws: WebSocket, message: Message, ms: number): Promise<{ text?: string; closed?: number } | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    ws.once('message', (data) => {
      clearTimeout(timer);
      resolve({ text: data.toString() });
    });
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve({ closed: code });
    });
    ws.send(message);
  });
}

/** A signed WebSocket API request (the emulator's own credentials). */
export function signedWsRequest(id: string, method: string, params: Record<string, unknown>): string {
  const all: Record<string, unknown> = { ...params, apiKey: BINANCE_API_KEY, timestamp: Date.now() };
  return JSON.stringify({ id, method, params: { ...all, signature: hmacSha256Hex(BINANCE_API_SECRET, wsApiSigningPayload(all)) } });
}

/** The emulator still serves: REST time and a signed WebSocket API order, recorded once. */
export async function stillServes(ctx: AttackContext, emulator: BinanceEmulator): Promise<void> {
  const time = await within(ctx, 3_000, 'GET /api/v3/time after the attack', fetch(`${emulator.url}/api/v3/time`).then((r) => r.status));
  if (time !== 200) ctx.wrong(`GET /api/v3/time answered ${time} after the attack`);
  const ws = await open(ctx, `${emulator.wsUrl}/ws-api/v3`);
  try {
    const before = accepted(emulator);
    const placed = await within(ctx, 3_000, 'a signed order after the attack', answer(ws, signedWsRequest('after', 'order.place', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '40000', newClientOrderId: 'afterAttack1' }), 3_000));
    const status = placed?.text ? (JSON.parse(placed.text) as { status?: number }).status : undefined;
    if (status !== 200) ctx.wrong(`a signed order after the attack was answered ${placed?.text?.slice(0, 160) ?? 'nothing'}`);
    if (accepted(emulator) !== before + 1) ctx.wrong('the order after the attack was not accepted once');
  } finally {
    ws.terminate();
  }
}

/**
 * A malformed message on one of the emulator's sockets. The emulator (the product here) runs in this
 * process: a crash ends it. It must answer with the venue's own error for a malformed request (or close
 * that one socket for an oversized one), change nothing (no order recorded) and keep serving.
 */
async function socketAttack(ctx: AttackContext, path: string, message: (random: () => number) => Message): Promise<void> {
  await withEmulator(async (emulator) => {
    const ws = await open(ctx, `${emulator.wsUrl}${path}`);
    const orders = accepted(emulator);
    const reply = await answer(ws, message(ctx.random), 3_000);
    ws.terminate();
    if (!reply) ctx.wrong('no answer to the malformed message within 3 s (expected the venue\'s error)');
    else if (reply.text !== undefined) {
      ctx.expose('emulator answer', reply.text);
      let body: { error?: unknown; status?: number } | undefined;
      try {
        body = JSON.parse(reply.text) as typeof body;
      } catch {
        body = undefined;
      }
      if (!body?.error) ctx.wrong(`answered without an error: ${reply.text.slice(0, 160)}`);
    } else ctx.note(`socket closed by the emulator (${reply.closed})`);
    if (accepted(emulator) !== orders) ctx.wrong('the malformed message placed an order');
    await stillServes(ctx, emulator);
  });
}

/** Orders the emulator accepted (received placements that got an orderId). */
export function accepted(emulator: BinanceEmulator): number {
  return emulator.control.receivedOrders().filter((r) => r.orderId !== undefined).length;
}

/** Starts the emulator (BTCUSDT at 50000, the suite's credentials), runs `body`, closes it. */
export async function withEmulator(body: (emulator: BinanceEmulator) => Promise<void>): Promise<void> {
  const emulator = await startBinanceEmulator({ port: 0, apiKey: BINANCE_API_KEY, apiSecret: BINANCE_API_SECRET, symbols: ['BTCUSDT'], balances: { USDT: '100000', BTC: '1' }, prices: { BTCUSDT: '50000' } });
  try {
    await body(emulator);
  } finally {
    await emulator.close();
  }
}

function wsApi(id: string, input: string, message: (random: () => number) => Message, fast = false): Attack {
  return {
    id, class: 'binance emulator', input: `WebSocket API: ${input}`, fast,
    oracle: 'emulator alive; answers with a Binance error (or closes that socket); no order recorded; still serves REST and a signed order',
    run: (ctx) => socketAttack(ctx, '/ws-api/v3', message),
  };
}

function stream(id: string, input: string, message: (random: () => number) => Message, fast = false): Attack {
  return {
    id, class: 'binance emulator', input: `market stream: ${input}`, fast,
    oracle: 'emulator alive; answers with an error (or closes that socket); still serves REST and a signed order',
    run: (ctx) => socketAttack(ctx, '/stream?streams=btcusdt@trade', message),
  };
}

const TEN_MB = 10 * 1024 * 1024;
const random = (n: number) => (r: () => number) => Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));

/** Malformed WebSocket API requests and market-stream requests. */
export const BINANCE_EMULATOR_SOCKET_ATTACKS: readonly Attack[] = [
  wsApi('bemu-ws-null', '`null`', () => 'null', true),
  wsApi('bemu-ws-number', '`5`', () => '5'),
  wsApi('bemu-ws-array', '`[]`', () => '[]'),
  wsApi('bemu-ws-string', 'a JSON string', () => '"order.place"'),
  wsApi('bemu-ws-not-json', 'text that is not JSON', () => '{"id":1,"method":'),
  wsApi('bemu-ws-method-number', '`{"id":1,"method":5}`', () => '{"id":1,"method":5}'),
  wsApi('bemu-ws-params-null', 'order.place with `params: null`', () => '{"id":1,"method":"order.place","params":null}'),
  wsApi('bemu-ws-params-number', 'order.place with `params: 5`', () => '{"id":1,"method":"order.place","params":5}'),
  wsApi('bemu-ws-params-array', 'order.place with `params: [1,2]`', () => '{"id":1,"method":"order.place","params":[1,2]}'),
  wsApi('bemu-ws-id-object', 'a request whose id is an object', () => '{"id":{"a":1},"method":"time"}'),
  wsApi('bemu-ws-huge-quantity', 'a correctly signed order.place of quantity "1e999999999"', () =>
    signedWsRequest('big', 'order.place', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '1e999999999', price: '40000' })),
  wsApi('bemu-ws-price-nan', 'a correctly signed order.place priced "NaN"', () =>
    signedWsRequest('nan', 'order.place', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: 'NaN' })),
  wsApi('bemu-ws-10mb', 'a 10 MB malformed request (`params: 5` and a 10 MB field)', () => JSON.stringify({ id: 1, method: 'order.place', params: 5, pad: 'p'.repeat(TEN_MB) })),
  wsApi('bemu-ws-deep', 'a request nested 100,000 arrays deep', () => `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
  wsApi('bemu-ws-random', '256 random bytes', random(256)),
  stream('bemu-md-null', '`null`', () => 'null'),
  stream('bemu-md-params-number', '`{"method":"SUBSCRIBE","params":5}`', () => '{"method":"SUBSCRIBE","params":5,"id":1}', true),
  stream('bemu-md-params-nulls', 'SUBSCRIBE with `[null, {}, 5]`', () => '{"method":"SUBSCRIBE","params":[null,{},5],"id":1}'),
  stream('bemu-md-params-object', 'SUBSCRIBE with an object', () => '{"method":"SUBSCRIBE","params":{"a":1},"id":1}'),
  stream('bemu-md-unsubscribe-string', 'UNSUBSCRIBE with a string', () => '{"method":"UNSUBSCRIBE","params":"btcusdt@trade","id":1}'),
  stream('bemu-md-10mb', 'a 10 MB malformed request (`params: 5` and a 10 MB field)', () => JSON.stringify({ method: 'SUBSCRIBE', params: 5, id: 1, pad: 'x'.repeat(TEN_MB) })),
  stream('bemu-md-random', '256 random bytes', random(256)),
];
