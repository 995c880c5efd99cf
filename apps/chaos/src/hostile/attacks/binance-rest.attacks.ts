import type { Attack } from '../attack.types';
import { json, raw, type RestOverride } from '../venues/hostile-binance.venue';
import { balancesAttack, html, orderAttack, venueWaitAttack } from './binance-rest.kit';

/** Places the order at the venue, then answers `body` (status 200 unless given). */
const placedThen = (body: (honest: Record<string, unknown>) => string, status = 200, type = 'application/json'): RestOverride => (_req, res, honest) => {
  const h = honest() ?? {};
  raw(res, status, body(h), type);
};

/** Places the order, then answers its honest FULL body changed by `patch`. */
const placedPatched = (patch: (h: Record<string, unknown>) => Record<string, unknown>): RestOverride => (_req, res, honest) => json(res, 200, patch(honest() ?? {}));

/** Trickles the honest answer one byte per 200 ms: the whole takes minutes, only a total deadline ends it. */
const trickled: RestOverride = (_req, res, honest, venue) => venue.trickle(res, 200, JSON.stringify(honest() ?? {}), 200);

/** A fill line as FULL carries it. */
const fill = (price: string, qty: string, tradeId: number) => ({ price, qty, commission: '0', commissionAsset: 'USDT', tradeId });

/** Lies in the answer to a new order. */
export const BINANCE_ORDER_ATTACKS: readonly Attack[] = [
  orderAttack('bn-rest-order-200-error-body', 'HTTP 200 with `{"code":-2010,"msg":"Account has insufficient balance…"}`, order not placed',
    (_req, res) => json(res, 200, { code: -2010, msg: 'Account has insufficient balance for requested action.' }), false, { fast: true }),
  orderAttack('bn-rest-order-200-filter-error', 'HTTP 200 with `{"code":-1013,"msg":"Filter failure: LOT_SIZE"}`, order not placed',
    (_req, res) => json(res, 200, { code: -1013, msg: 'Filter failure: LOT_SIZE' }), false),
  orderAttack('bn-rest-order-ack-no-id', 'an acknowledgement without `orderId` (order placed)', placedPatched(({ orderId: _id, ...rest }) => rest), true, { fast: true }),
  orderAttack('bn-rest-order-id-string', 'an acknowledgement whose `orderId` is "abc" (order placed)', placedPatched((h) => ({ ...h, orderId: 'abc' })), true),
  orderAttack('bn-rest-order-other-client-id', 'an acknowledgement naming another clientOrderId (order placed)', placedPatched((h) => ({ ...h, clientOrderId: 'someoneElse1' })), true),
  orderAttack('bn-rest-order-html-200', 'HTTP 200 with an HTML page (order placed)', placedThen(() => '<html><body>gateway</body></html>', 200, 'text/html'), true),
  orderAttack('bn-rest-order-truncated', 'a truncated JSON body (order placed)', placedThen((h) => JSON.stringify(h).slice(0, 40)), true),
  orderAttack('bn-rest-order-null-body', 'a body that is `null` (order placed)', placedThen(() => 'null'), true),
  orderAttack('bn-rest-order-array-body', 'a body that is `[]` (order placed)', placedThen(() => '[]'), true),
  orderAttack('bn-rest-order-10mb', 'a 10 MB body (order placed)', placedThen((h) => JSON.stringify({ ...h, pad: 'z'.repeat(10 * 1024 * 1024) })), true),
  orderAttack('bn-rest-order-500-html', 'HTTP 500 with an HTML page (order placed)', placedThen(() => '<html>oops</html>', 500, 'text/html'), true),
  orderAttack('bn-rest-order-trickle-undici', 'the answer trickled one byte per 200 ms, undici transport (order placed)', trickled, true, { transport: 'undici', fast: true }),
  orderAttack('bn-rest-order-trickle-got', 'the answer trickled one byte per 200 ms, got transport (order placed)', trickled, true, { transport: 'got' }),
  orderAttack('bn-rest-order-fill-nan', 'FULL with a fill priced "NaN" the venue never made (order placed)', placedPatched((h) => ({ ...h, fills: [fill('NaN', '0.001', 77001)] })), true),
  orderAttack('bn-rest-order-fill-huge', 'FULL with a fill of quantity "1e999999999"', placedPatched((h) => ({ ...h, fills: [fill('40000.00', '1e999999999', 77002)] })), true),
  orderAttack('bn-rest-order-fill-beyond-qty', 'FULL with a fill of 0.005 on an order of 0.002', placedPatched((h) => ({ ...h, fills: [fill('40000.00', '0.005', 77003)] })), true),
  orderAttack('bn-rest-order-fill-beyond-limit', 'FULL with a fill at 90000 on a BUY limited at 40000', placedPatched((h) => ({ ...h, fills: [fill('90000.00', '0.001', 77004)] })), true),
  orderAttack('bn-rest-order-status-filled-overfill', 'status FILLED with executedQty 0.005 of 0.002 and no fills', placedPatched((h) => ({ ...h, status: 'FILLED', executedQty: '0.00500000' })), true),
];

/** Lies in the answer to GET /api/v3/account (every attempt, retries included). */
export const BINANCE_ACCOUNT_ATTACKS: readonly Attack[] = [
  balancesAttack('bn-rest-account-balances-null', '`{"balances":null}`', (_r, res) => json(res, 200, { balances: null })),
  balancesAttack('bn-rest-account-negative', 'BTC free "-5"', (_r, res) => json(res, 200, { balances: [{ asset: 'BTC', free: '-5.00000000', locked: '0.00000000' }] })),
  balancesAttack('bn-rest-account-abc', 'BTC free "abc"', (_r, res) => json(res, 200, { balances: [{ asset: 'BTC', free: 'abc', locked: '0' }] })),
  balancesAttack('bn-rest-account-huge', 'BTC free "1e999999999"', (_r, res) => json(res, 200, { balances: [{ asset: 'BTC', free: '1e999999999', locked: '0' }] })),
  balancesAttack('bn-rest-account-entry-null', 'a balance entry that is `null`', (_r, res) => json(res, 200, { balances: [null] })),
  balancesAttack('bn-rest-account-error-200', 'HTTP 200 with `{"code":-1022,"msg":"Signature for this request is not valid."}`', (_r, res) => json(res, 200, { code: -1022, msg: 'Signature for this request is not valid.' })),
  balancesAttack('bn-rest-account-html', 'HTTP 200 with an HTML page', (_r, res) => html(res)),
  balancesAttack('bn-rest-account-truncated', 'a truncated JSON body', (_r, res) => raw(res, 200, '{"balances":[{"asset":"BTC","free":"1.0')),
  balancesAttack('bn-rest-account-array', 'a body that is `[]`', (_r, res) => raw(res, 200, '[]')),
  balancesAttack('bn-rest-account-trickle-undici', 'every answer trickled one byte per 200 ms, undici transport', trickled, { transport: 'undici', boundMs: 9_000 }),
  balancesAttack('bn-rest-account-trickle-got', 'every answer trickled one byte per 200 ms, got transport', trickled, { transport: 'got', boundMs: 9_000 }),
  venueWaitAttack('bn-rest-ban-retry-after-huge', 418),
  venueWaitAttack('bn-rest-429-retry-after-huge', 429),
  balancesAttack('bn-rest-account-10mb', 'the honest account padded to 10 MB', (_r, res, honest) => raw(res, 200, JSON.stringify({ ...honest(), pad: 'q'.repeat(10 * 1024 * 1024) })), { honestValues: true }),
];
