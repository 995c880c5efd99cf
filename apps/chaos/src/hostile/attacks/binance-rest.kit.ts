import { dec, type Order } from '@silvertine/core';
import type { ServerResponse } from 'node:http';
import type { Attack, AttackContext } from '../attack.types';
import { settle } from '../attack-context';
import { BinanceProduct, type BinanceProductOptions } from '../products/binance-product';
import { compareStates } from '../products/product-state';
import { HostileBinanceVenue, json, raw, type RestOverride } from '../venues/hostile-binance.venue';

/** A 200 answer whose body is an HTML page (a proxy's). */
export const html = (res: ServerResponse, status = 200): void => raw(res, status, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html');

/** Starts the venue and the product, runs `body`, always closes both. */
export async function withVenue(ctx: AttackContext, options: BinanceProductOptions, body: (venue: HostileBinanceVenue, product: BinanceProduct) => Promise<void>): Promise<void> {
  const venue = await HostileBinanceVenue.start();
  let product: BinanceProduct | undefined;
  try {
    product = await BinanceProduct.start(ctx, venue, { marketData: false, ...options });
    await body(venue, product);
  } finally {
    await product?.close();
    await venue.close();
  }
}

let seq = 0;

/** A venue order id as it must look once accepted: the venue's own number. */
function badVenueId(o: Order): boolean {
  return o.status === 'ACCEPTED' && (!o.venueOrderId || !/^\d+$/.test(o.venueOrderId));
}

/**
 * POST /api/v3/order answered by `answer`. `venuePlaced`: the answer lies after the venue placed the
 * order (the broker must end where the venue is: ACCEPTED with the venue's id, found by query, never
 * resent, no fill the venue did not record); otherwise the venue refused it and the broker must end
 * REJECTED. At no moment may the order be ACCEPTED without the venue's id; the other symbol still trades.
 */
export async function placeAttack(ctx: AttackContext, answer: RestOverride, venuePlaced: boolean, options: BinanceProductOptions = {}): Promise<void> {
  await withVenue(ctx, options, async (venue, product) => {
    const broker = product.asBroker;
    const barrier = await product.resting('ETHUSDT', 'BUY', '0.01', '2900');
    const id = `hr${process.pid}y${++seq}`;
    const seen: string[] = [];
    const watch = broker.orders$.subscribe((o) => {
      if (o.clientOrderId === id && badVenueId(o)) seen.push(`ACCEPTED with venueOrderId ${String(o.venueOrderId)}`);
    });
    venue.override('POST', '/api/v3/order', answer);
    const instrument = await product.instrument('BTCUSDT');
    const placed = await settle(ctx, 'placeOrder', 6_000, () =>
      broker.placeOrder({ clientOrderId: id, instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.002'), limitPrice: dec('40000'), timeInForce: 'GTC' }));
    if (placed.ok && badVenueId(placed.value)) seen.push(`placeOrder resolved ACCEPTED with venueOrderId ${String(placed.value.venueOrderId)}`);
    const atVenue = venue.orders.get(id);
    if (venuePlaced && !atVenue) throw new Error('the override was meant to place the order at the venue first');
    const final = venuePlaced
      ? await product.events.settledOrder(broker, id, (o) => o.status === 'ACCEPTED' && o.venueOrderId === String(atVenue?.orderId), 8_000)
      : await product.events.settledOrder(broker, id, (o) => o.status === 'REJECTED', 8_000);
    watch.unsubscribe();
    const now = await broker.getOrder(id);
    if (!final) ctx.wrong(`order ended ${now?.status ?? '(unknown to the broker)'} (venueOrderId ${now?.venueOrderId ?? '-'}); the venue ${atVenue ? `holds it ${atVenue.status} as ${atVenue.orderId}` : 'never accepted it'}`);
    for (const s of seen) ctx.wrong(s);
    const sent = venue.placements.filter((p) => p === id).length;
    if (sent > 1) ctx.wrong(`the order was sent ${sent} times`);
    const fills = product.events.fills.filter((f) => f.clientOrderId === id);
    if (fills.length) ctx.wrong(`${fills.length} fill(s) applied that the venue never recorded`);
    if (now && !now.filledQuantity.isZero()) ctx.wrong(`filled ${now.filledQuantity.toString()} here, 0 at the venue`);
    await product.barrier(barrier);
  });
}

/** A POST /api/v3/order attack. */
export function orderAttack(id: string, input: string, answer: RestOverride, venuePlaced: boolean, options: BinanceProductOptions & { fast?: boolean } = {}): Attack {
  return {
    id, class: 'binance REST bodies', input, fast: options.fast,
    oracle: venuePlaced
      ? 'process alive; placeOrder ends within 6 s; the order ends as the venue holds it (ACCEPTED, venue id), never ACCEPTED without an id, never resent, no invented fill; the other symbol still trades'
      : 'process alive; placeOrder ends within 6 s; the order ends REJECTED, never ACCEPTED; the other symbol still trades',
    run: (ctx) => placeAttack(ctx, answer, venuePlaced, options),
  };
}

/**
 * Every GET /api/v3/account attempt answered by `answer` (retries included): getBalances must fail with
 * a typed error within `boundMs`, leave the cached balances as they were, and work again once the venue
 * answers honestly.
 */
export async function accountAttack(ctx: AttackContext, answer: RestOverride, options: BalancesOptions = {}): Promise<void> {
  await withVenue(ctx, options, async (venue, product) => {
    const before = await product.state();
    venue.override('GET', '/api/v3/account', answer, 10);
    const got = await settle(ctx, 'getBalances', options.boundMs ?? 8_000, () => product.broker.getBalances());
    if (got.ok && !options.honestValues) ctx.wrong(`getBalances accepted the hostile answer: ${got.value.map((b) => `${b.asset} ${b.free.toString()}`).join(', ')}`);
    compareStates(ctx, before, await product.state());
    venue.clearOverrides();
    const again = await settle(ctx, 'getBalances after the venue healed', 5_000, () => product.broker.getBalances());
    if (!again.ok) ctx.wrong('getBalances failed after the venue answered honestly again');
  });
}

/** Options of an account attack. */
export interface BalancesOptions extends BinanceProductOptions {
  readonly fast?: boolean;
  readonly boundMs?: number;
  /** The hostile answer carries the honest balances (only its form is hostile): accepting it is fine. */
  readonly honestValues?: boolean;
}

/** A GET /api/v3/account attack. */
export function balancesAttack(id: string, input: string, answer: RestOverride, options: BalancesOptions = {}): Attack {
  const outcome = options.honestValues ? 'returns the honest balances or fails with a typed error' : 'fails with a typed error';
  return {
    id, class: 'binance REST bodies', input, fast: options.fast,
    oracle: `process alive; getBalances ${outcome} within ${(options.boundMs ?? 8_000) / 1000} s; cached balances unchanged; works again once the venue heals`,
    run: (ctx) => accountAttack(ctx, answer, options),
  };
}

/**
 * GET /api/v3/account answered once with `status` and `Retry-After: 99999999` (three years), the broker
 * configured with `max_venue_wait_ms: capMs`: getBalances fails with a typed error (or, for a 429, retries
 * once the capped wait is over) and, the venue honest again, works within the cap and a margin: a hostile
 * Retry-After cannot park the broker.
 */
export function venueWaitAttack(id: string, status: 418 | 429, capMs = 1_500): Attack {
  return {
    id, class: 'binance REST bodies', boundMs: 45_000, input: `GET /api/v3/account answered ${status} with \`Retry-After: 99999999\` (cap configured at ${capMs} ms)`,
    oracle: `process alive; getBalances ends typed within 8 s; the wait it reports is at most ${capMs} ms; getBalances works again within the cap plus 6 s`,
    run: (ctx) => withVenue(ctx, { maxVenueWaitMs: capMs }, async (venue, product) => {
      venue.override('GET', '/api/v3/account', (_r, res) => json(res, status, { code: -1003, msg: 'Way too many requests; IP banned.' }, { 'retry-after': '99999999' }));
      const got = await settle(ctx, 'getBalances', 8_000, () => product.broker.getBalances());
      const waitMs = got.ok ? undefined : (got.error as { retryAfterMs?: unknown }).retryAfterMs;
      if (typeof waitMs === 'number' && waitMs > capMs) ctx.wrong(`the broker accepted a wait of ${waitMs} ms, above its cap of ${capMs} ms`);
      venue.clearOverrides();
      const deadline = Date.now() + capMs + 6_000;
      for (;;) {
        const again = await settle(ctx, 'getBalances after the ban', 5_000, () => product.broker.getBalances());
        if (again.ok) return ctx.note(`getBalances worked again ${again.ms} ms into its last attempt`);
        if (Date.now() > deadline) return ctx.wrong(`getBalances still refused ${capMs + 6_000} ms after a ${status} capped at ${capMs} ms: ${String(again.error)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }),
  };
}
