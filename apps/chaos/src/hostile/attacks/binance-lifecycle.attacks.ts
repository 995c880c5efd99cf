import type { Attack, AttackContext } from '../attack.types';
import { settle } from '../attack-context';
import { BinanceProduct } from '../products/binance-product';
import { HostileBinanceVenue, json, raw, type RestOverride } from '../venues/hostile-binance.venue';
import { html, withVenue } from './binance-rest.kit';

/**
 * DELETE /api/v3/order answered by `answer`. When the venue did not cancel, the order must stay open
 * here; when it did (and the answer is garbage), the venue's stream must bring it to CANCELED. Either way
 * cancelOrder ends within 6 s and the other symbol still trades.
 */
async function cancelAttack(ctx: AttackContext, answer: RestOverride, venueCancels: boolean): Promise<void> {
  await withVenue(ctx, {}, async (venue, product) => {
    const target = await product.resting('BTCUSDT', 'BUY', '0.002', '40000');
    const barrier = await product.resting('ETHUSDT', 'BUY', '0.01', '2900');
    venue.override('DELETE', '/api/v3/order', answer);
    await settle(ctx, 'cancelOrder', 6_000, () => product.broker.cancelOrder(target.clientOrderId));
    await product.barrier(barrier);
    const atVenue = venue.orders.get(target.clientOrderId)?.status;
    if (venueCancels !== (atVenue === 'CANCELED')) throw new Error(`the override was meant to ${venueCancels ? '' : 'not '}cancel at the venue (venue: ${atVenue})`);
    const want = venueCancels ? 'CANCELED' : 'ACCEPTED';
    const final = await product.events.settledOrder(product.asBroker, target.clientOrderId, (o) => o.status === want, 3_000);
    if (!final) ctx.wrong(`order is ${(await product.broker.getOrder(target.clientOrderId))?.status} here, ${atVenue} at the venue`);
  });
}

function cancel(id: string, input: string, answer: RestOverride, venueCancels: boolean): Attack {
  return {
    id, class: 'binance REST bodies', input,
    oracle: `process alive; cancelOrder ends within 6 s; the order ends ${venueCancels ? 'CANCELED (as the venue has it)' : 'open (the venue did not cancel it)'}; the other symbol still trades`,
    run: (ctx) => cancelAttack(ctx, answer, venueCancels),
  };
}

/**
 * The connect sequence (time, exchangeInfo, ticker prices, trade watermarks, account) with one answer
 * hostile: connect ends within 10 s; a failure is a typed error and leaves nothing connected; a success
 * must trade (a resting order, an honest fill applied).
 */
async function connectAttack(ctx: AttackContext, method: string, path: string, answer: RestOverride, count: number): Promise<void> {
  const venue = await HostileBinanceVenue.start();
  try {
    venue.override(method, path, answer, count);
    const attempt = await BinanceProduct.attempt(ctx, venue, { marketData: false });
    if (!attempt.product) {
      // An untyped error was recorded by settle(); a typed refusal is what a hostile answer deserves.
      ctx.note(`connect refused: ${attempt.error instanceof Error ? attempt.error.message.slice(0, 160) : String(attempt.error)}`);
      return;
    }
    try {
      venue.clearOverrides();
      const barrier = await attempt.product.resting('ETHUSDT', 'BUY', '0.01', '2900');
      await attempt.product.barrier(barrier);
    } finally {
      await attempt.product.close();
    }
  } finally {
    await venue.close();
  }
}

function connect(id: string, input: string, method: string, path: string, answer: RestOverride, count = 10, fast = false): Attack {
  return {
    id, class: 'binance REST bodies', input, fast,
    oracle: 'process alive; connect ends within 10 s with a typed error, or connects and trades (an honest fill applied)',
    run: (ctx) => connectAttack(ctx, method, path, answer, count),
  };
}

const patched = (patch: (h: Record<string, unknown>) => unknown): RestOverride => (_req, res, honest) => json(res, 200, patch(honest() ?? {}));
const symbols = (h: Record<string, unknown>) => h.symbols as Record<string, unknown>[];

/** Cancels whose answer lies, and connect sequences with one hostile answer. */
export const BINANCE_LIFECYCLE_ATTACKS: readonly Attack[] = [
  cancel('bn-rest-cancel-200-error', 'DELETE answered 200 `{"code":-2011,"msg":"Unknown order sent."}`, not canceled', (_r, res) => json(res, 200, { code: -2011, msg: 'Unknown order sent.' }), false),
  cancel('bn-rest-cancel-html', 'DELETE answered 200 with an HTML page, not canceled', (_r, res) => html(res), false),
  cancel('bn-rest-cancel-truncated', 'DELETE canceled at the venue, answered with a truncated body', (_r, res, honest) => raw(res, 200, JSON.stringify(honest()).slice(0, 30)), true),
  connect('bn-rest-connect-symbols-null', 'exchangeInfo with `symbols: null`', 'GET', '/api/v3/exchangeInfo', patched((h) => ({ ...h, symbols: null }))),
  connect('bn-rest-connect-filters-null', 'exchangeInfo whose symbols have `filters: null`', 'GET', '/api/v3/exchangeInfo', patched((h) => ({ ...h, symbols: symbols(h).map((s) => ({ ...s, filters: null })) }))),
  connect('bn-rest-connect-tick-huge', 'exchangeInfo with tickSize "1e999999999"', 'GET', '/api/v3/exchangeInfo', patched((h) => ({
    ...h, symbols: symbols(h).map((s) => ({ ...s, filters: [{ filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000000', tickSize: '1e999999999' }] })),
  }))),
  connect('bn-rest-connect-exchange-html', 'exchangeInfo answered with an HTML page', 'GET', '/api/v3/exchangeInfo', (_r, res) => html(res)),
  connect('bn-rest-connect-ticker-huge', 'a ticker price of "1e999999999" at connect', 'GET', '/api/v3/ticker/price', patched(() => [{ symbol: 'BTCUSDT', price: '1e999999999' }, { symbol: 'ETHUSDT', price: '3000.00' }])),
  connect('bn-rest-connect-ticker-object', 'ticker prices answered with an object instead of a list', 'GET', '/api/v3/ticker/price', patched(() => ({ symbol: 'BTCUSDT', price: '50000' }))),
  connect('bn-rest-connect-time-abc', '`{"serverTime":"abc"}`', 'GET', '/api/v3/time', patched(() => ({ serverTime: 'abc' }))),
  connect('bn-rest-connect-trades-object', 'the trade watermark (myTrades) answered with an object', 'GET', '/api/v3/myTrades', patched(() => ({ weird: 1 }))),
  connect('bn-rest-connect-account-negative', 'the account at connect holds BTC free "-5"', 'GET', '/api/v3/account', patched((h) => ({ ...h, balances: [{ asset: 'BTC', free: '-5', locked: '0' }] }))),
];
