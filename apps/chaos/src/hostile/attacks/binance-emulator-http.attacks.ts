import { hmacSha256Hex, type BinanceEmulator } from '@silvertine/binance-emulator';
import { BINANCE_API_KEY, BINANCE_API_SECRET } from '../../harness/secrets';
import type { Attack, AttackContext } from '../attack.types';
import { within } from '../attack-context';
import { accepted, stillServes, withEmulator } from './binance-emulator.attacks';

/** The emulator's BTCUSDT last price, through its own REST API. */
async function lastPrice(emulator: BinanceEmulator): Promise<string> {
  const res = await fetch(`${emulator.url}/api/v3/ticker/price?symbol=BTCUSDT`);
  return ((await res.json()) as { price?: string }).price ?? '(none)';
}

/**
 * A hostile HTTP request to the emulator (control API or REST): answered 4xx quickly (never 2xx, never
 * a 5xx crash page), the market and the orders unchanged, and the emulator still serving.
 */
async function httpAttack(ctx: AttackContext, request: (emulator: BinanceEmulator) => { path: string; init?: RequestInit }): Promise<void> {
  await withEmulator(async (emulator) => {
    const price = await lastPrice(emulator);
    const orders = accepted(emulator);
    const { path, init } = request(emulator);
    const status = await within(ctx, 5_000, `${init?.method ?? 'GET'} ${path.slice(0, 60)}`, fetch(`${emulator.url}${path}`, init).then(async (r) => {
      ctx.expose('emulator answer', await r.text());
      return r.status;
    }, (error: Error) => `connection error: ${error.message}`));
    if (typeof status === 'string') ctx.note(status);
    else if (status < 400 || status >= 500) ctx.wrong(`answered ${status} (expected a 4xx refusal)`);
    if ((await lastPrice(emulator)) !== price) ctx.wrong(`the BTCUSDT price changed from ${price} to ${await lastPrice(emulator)}`);
    if (accepted(emulator) !== orders) ctx.wrong('an order was accepted');
    await stillServes(ctx, emulator);
  });
}

function control(id: string, route: string, body: string, fast = false): Attack {
  return {
    id, class: 'binance emulator', input: `control API ${route} ${body.length > 80 ? `${body.slice(0, 40)}… (${body.length} bytes)` : body}`, fast,
    oracle: 'emulator alive; answered 4xx within 5 s; market and orders unchanged; still serves REST and a signed order',
    run: (ctx) => httpAttack(ctx, () => ({ path: route, init: { method: 'POST', body, headers: { 'content-type': 'application/json' } } })),
  };
}

/** A signed REST query string for the emulator. */
function signed(query: string): string {
  const q = `${query}&recvWindow=5000&timestamp=${Date.now()}`;
  return `${q}&signature=${hmacSha256Hex(BINANCE_API_SECRET, q)}`;
}

function rest(id: string, input: string, request: () => { path: string; init?: RequestInit }): Attack {
  return {
    id, class: 'binance emulator', input: `REST ${input}`,
    oracle: 'emulator alive; answered 4xx within 5 s; market and orders unchanged; still serves REST and a signed order',
    run: (ctx) => httpAttack(ctx, request),
  };
}

const KEY = { 'X-MBX-APIKEY': BINANCE_API_KEY };

/** Bad input on the control API and on REST. */
export const BINANCE_EMULATOR_HTTP_ATTACKS: readonly Attack[] = [
  control('bemu-ctl-price-huge', '/emulator/price', '{"symbol":"BTCUSDT","price":"1e999999999"}'),
  control('bemu-ctl-price-abc', '/emulator/price', '{"symbol":"BTCUSDT","price":"abc"}'),
  control('bemu-ctl-price-null', '/emulator/price', '{"symbol":"BTCUSDT","price":null}'),
  control('bemu-ctl-price-negative', '/emulator/price', '{"symbol":"BTCUSDT","price":"-5"}'),
  control('bemu-ctl-symbol-null', '/emulator/price', '{"symbol":null,"price":"50000"}'),
  control('bemu-ctl-trade-negative', '/emulator/trade', '{"symbol":"BTCUSDT","price":"50000","qty":"-1"}'),
  control('bemu-ctl-trade-huge', '/emulator/trade', '{"symbol":"BTCUSDT","price":"50000","qty":"1e999999999"}'),
  control('bemu-ctl-balance-nan', '/emulator/balance', '{"asset":"BTC","free":"NaN"}'),
  control('bemu-ctl-fault-kind', '/emulator/fault', '{"kind":"weird","count":3}'),
  control('bemu-ctl-time-offset-abc', '/emulator/time-offset', '{"ms":"abc"}'),
  control('bemu-ctl-not-json', '/emulator/price', '{"symbol":'),
  control('bemu-ctl-body-null', '/emulator/price', 'null'),
  control('bemu-ctl-body-array', '/emulator/quote', '[1,2,3]'),
  control('bemu-ctl-10mb', '/emulator/price', JSON.stringify({ symbol: 'BTCUSDT', price: '1'.repeat(10 * 1024 * 1024) })),
  rest('bemu-rest-order-huge-qty', 'a correctly signed POST /api/v3/order of quantity 1e999999999', () => ({
    path: `/api/v3/order?${signed('symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1e999999999&price=40000')}`, init: { method: 'POST', headers: KEY },
  })),
  rest('bemu-rest-bad-percent', 'GET /api/v3/ticker/price?symbol=%ZZ', () => ({ path: '/api/v3/ticker/price?symbol=%ZZ' })),
  rest('bemu-rest-long-query', 'GET /api/v3/depth with a 100 KB query', () => ({ path: `/api/v3/depth?symbol=BTCUSDT&x=${'a'.repeat(100_000)}` })),
  rest('bemu-rest-symbols-bad-json', 'GET /api/v3/exchangeInfo?symbols=["BTCUSDT" (unterminated)', () => ({ path: `/api/v3/exchangeInfo?symbols=${encodeURIComponent('["BTCUSDT"')}` })),
  rest('bemu-rest-limit-huge', 'GET /api/v3/depth?limit=1e999999999', () => ({ path: '/api/v3/depth?symbol=BTCUSDT&limit=1e999999999' })),
];
