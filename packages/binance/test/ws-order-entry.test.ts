import { dec, InsufficientFundsError, RateLimitError, UnknownOrderStatusError, type Instrument, type OrderRequest } from '@silvertine/core';
import { ManualClock } from '@silvertine/core/testing';
import { validateSync } from 'class-validator';
import { binanceConfig, type BinanceConfig } from '../src/binance.config';
import { advanceUntil, eventually, orderStatus, SAFETY_NET_MS, startVenue, venueRequest, type Venue } from './emulator-harness';

/**
 * Order entry over the WebSocket API (config `orderEntry: websocket`) on the emulator: orders, cancels
 * and order queries travel on the user-data connection with REST's semantics. Deadlines run on a
 * ManualClock; every wait is on an event or a venue-side barrier.
 */
describe('BinanceBroker order entry over the WebSocket API', () => {
  let v: Venue;
  let btc: Instrument;
  let clock: ManualClock;
  const limit = (clientOrderId: string, quantity = '0.01'): OrderRequest => ({ instrument: btc, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: dec(quantity), limitPrice: dec('45000'), clientOrderId });
  const restOrderRequests = () => Object.entries(v.emulator.control.restRoutes()).filter(([route]) => route.endsWith(' /api/v3/order')).reduce((n, [, c]) => n + c, 0);

  const open = async (config: Partial<BinanceConfig> = {}) => {
    clock = new ManualClock(Date.now());
    v = await startVenue({ orderEntry: 'websocket', ...config }, {}, { clock });
    btc = (await v.broker.instrument('BTCUSDT'))!;
  };

  afterEach(() => v?.close());

  it('orderEntry defaults to rest; the config class refuses anything but rest or websocket, naming the field', () => {
    expect(binanceConfig({ apiKey: 'k', symbols: ['BTCUSDT'] }).orderEntry).toBe('rest');
    const config = (orderEntry: string) => binanceConfig({ apiKey: 'k', apiSecret: 's', symbols: ['BTCUSDT'], orderEntry: orderEntry as BinanceConfig['orderEntry'] });
    expect(validateSync(config('websocket'))).toEqual([]);
    expect(validateSync(config('grpc')).map((e) => e.property)).toEqual(['orderEntry']);
  });

  it('places, cancels and queries orders on the WebSocket API, none over REST', async () => {
    await open();
    const placed = await v.broker.placeOrder(limit('w1'));
    expect(placed.status).toBe('ACCEPTED');
    expect(v.emulator.control.receivedOrders('w1').map((o) => o.transport)).toEqual(['ws-api']);
    expect((await v.broker.cancelOrder('w1')).status).toBe('CANCELED');
    expect(v.emulator.control.requestCount('order.cancel')).toBe(1);
    expect(restOrderRequests()).toBe(0);
  });

  it('maps venue refusals to the same typed errors as REST: -2010 insufficient balance is a definite rejection', async () => {
    await open();
    await expect(v.broker.placeOrder(limit('poor', '3'))).rejects.toBeInstanceOf(InsufficientFundsError);
    expect((await v.broker.getOrder('poor'))!.status).toBe('REJECTED');
    expect(v.emulator.control.receivedOrders('poor')[0]).toMatchObject({ transport: 'ws-api', errorCode: -2010 });
  });

  it('an order without an answer by its deadline is UNKNOWN, queried by client order id over the WebSocket API, never resent', async () => {
    await open({ requestTimeoutMs: 5_000, unknownOrderMaxChecks: 1, recvWindowMs: 10_000 });
    v.emulator.control.injectFault({ kind: 'hang', match: 'order.place', transport: 'ws-api' });
    const idle = clock.pendingTimers;
    const placing = v.broker.placeOrder(limit('h1'));
    placing.catch(() => undefined);
    await eventually(() => clock.pendingTimers > idle, SAFETY_NET_MS, 'the request deadline armed');
    clock.advance(4_999);
    expect((await v.broker.getOrder('h1'))!.status).not.toBe('UNKNOWN');
    clock.advance(1);
    await expect(placing).rejects.toBeInstanceOf(UnknownOrderStatusError);
    expect((await v.broker.getOrder('h1'))!.status).toBe('UNKNOWN');
    // Asked while the signed request could still arrive (timestamp + recvWindow): "not found" proves nothing yet.
    const queries = v.emulator.control.requestCount('order.status');
    expect(await v.broker.resolveUnknownOrders()).toEqual({ adopted: [], rejected: [], pending: ['h1'] });
    expect(v.emulator.control.requestCount('order.status')).toBe(queries + 1);
    // Past it, the venue's -2013 is final: the order never arrived.
    clock.advance(6_001);
    expect((await v.broker.resolveUnknownOrders()).rejected).toEqual(['h1']);
    expect((await v.broker.getOrder('h1'))!.status).toBe('REJECTED');
    expect(v.emulator.control.receivedOrders('h1')).toHaveLength(0);
    expect(restOrderRequests()).toBe(0);
  });

  it('-1007 "execution status unknown": UNKNOWN, then the venue\'s order adopted, sent once', async () => {
    await open();
    v.emulator.control.injectFault({ kind: 'acceptThen5xx', match: 'order.place', transport: 'ws-api' });
    await expect(v.broker.placeOrder(limit('a1'))).rejects.toBeInstanceOf(UnknownOrderStatusError);
    const accepted = orderStatus(v, 'a1', 'ACCEPTED');
    await v.broker.resolveUnknownOrders(); // or the stream's executionReport first: either way the venue's word
    expect((await accepted).venueOrderId).toBeDefined();
    expect(v.emulator.control.receivedOrders('a1')).toHaveLength(1);
  });

  it('a dropped connection leaves in-flight orders UNKNOWN; they are resolved after the reconnect', async () => {
    await open({ unknownOrderMaxChecks: 1, recvWindowMs: 1_000 });
    v.emulator.control.injectFault({ kind: 'hang', match: 'order.place', transport: 'ws-api' });
    const idle = clock.pendingTimers;
    const placing = v.broker.placeOrder(limit('d1'));
    placing.catch(() => undefined);
    await eventually(() => clock.pendingTimers > idle, SAFETY_NET_MS, 'the request on the wire');
    const queries = v.emulator.control.requestCount('order.status');
    v.emulator.control.dropWebSockets();
    // The hang was meant for d1: if the drop beat d1 to the venue, it must not catch a later request.
    v.emulator.control.clearFaults();
    await expect(placing).rejects.toBeInstanceOf(UnknownOrderStatusError);
    expect((await v.broker.getOrder('d1'))!.status).toBe('UNKNOWN');
    // The reconnect asks about it at once (over the new connection), and again later until it is settled.
    await advanceUntil(clock, () => v.broker.state === 'CONNECTED' && v.emulator.control.requestCount('order.status') > queries, 'reconnected and queried');
    // Once its signed timestamp + recvWindow has passed, the venue's -2013 is final (settled by the
    // reconnect's own query if the reconnect took that long, else by this one).
    clock.advance(2_001);
    await v.broker.resolveUnknownOrders();
    expect((await v.broker.getOrder('d1'))!.status).toBe('REJECTED');
    expect(v.emulator.control.receivedOrders('d1')).toHaveLength(0);
    expect(restOrderRequests()).toBe(0);
    // and orders go out on the new connection
    expect((await v.broker.placeOrder(limit('d2'))).status).toBe('ACCEPTED');
  });

  it('a 429 with data.retryAfter refuses the order and holds every order until then', async () => {
    await open();
    v.emulator.control.injectFault({ kind: 'rateLimit', match: 'order.place', transport: 'ws-api', retryAfterSec: 2 });
    const first = v.broker.placeOrder(limit('rl1'));
    await expect(first).rejects.toBeInstanceOf(RateLimitError);
    await expect(first).rejects.toMatchObject({ retryAfterMs: 2_000, venueCode: -1003 });
    expect((await v.broker.getOrder('rl1'))!.status).toBe('REJECTED');
    clock.advance(1_999);
    await expect(v.broker.placeOrder(limit('rl2'))).rejects.toBeInstanceOf(RateLimitError);
    expect(v.emulator.control.receivedOrders('rl2')).toHaveLength(0);
    clock.advance(1);
    expect((await v.broker.placeOrder(limit('rl3'))).status).toBe('ACCEPTED');
  });

  it('counts orders from the answers\' rateLimits, as from REST\'s headers', async () => {
    await open();
    await v.broker.placeOrder(limit('c1'));
    // another client of the same account places one: only the venue's count knows it
    expect((await venueRequest(v, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '45000', newClientOrderId: 'other' })).status).toBe(200);
    await v.broker.placeOrder(limit('c2'));
    const snapshot = (v.broker as unknown as { limiter: { snapshot(): { orders10s: number } } }).limiter.snapshot();
    expect(snapshot.orders10s).toBe(3);
  });
});
