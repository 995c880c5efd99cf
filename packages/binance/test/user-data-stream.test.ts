import { dec, type ConnectionState, type Fill, type Instrument, type Order } from '@silvertine/core';
import { ManualClock, waitFor } from '@silvertine/core/testing';
import { advanceUntil, eventually, orderStatus, RECONNECT_MAX_DELAY_MS, SAFETY_NET_MS, startVenue, venueRequest, type Venue } from './emulator-harness';

describe('user-data stream recovery (WebSocket API on the emulator)', () => {
  let v: Venue;
  let btc: Instrument;
  let fills: Fill[];
  const states: ConnectionState[] = [];
  const statusOf = (id: string, status: Order['status']) => orderStatus(v, id, status);

  const open = async (clock?: ManualClock, config: Parameters<typeof startVenue>[0] = {}) => {
    v = await startVenue(config, {}, { clock });
    btc = (await v.broker.instrument('BTCUSDT'))!;
    fills = [];
    states.length = 0;
    v.broker.fills$.subscribe((f) => fills.push(f));
    v.broker.state$.subscribe((s) => states.push(s));
  };
  /** Tests whose outcome depends on when the reconnect happens run it on virtual time. */
  const openOnVirtualTime = async (config: Parameters<typeof startVenue>[0] = {}) => {
    await v.close();
    const clock = new ManualClock(Date.now());
    await open(clock, config);
    return clock;
  };

  beforeEach(() => open());
  afterEach(() => v.close());

  const reconnected = () => states.includes('RECONNECTING') && v.broker.state === 'CONNECTED';
  const backConnected = () => waitFor(v.broker.state$, (s) => s === 'CONNECTED' && states.includes('RECONNECTING'), SAFETY_NET_MS, 'reconnected');

  it('recovers a fill that happened while the socket was dropped, exactly once', async () => {
    const order = await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('49000') });
    const filled = statusOf(order.clientOrderId, 'FILLED');
    v.emulator.control.dropWebSockets();
    v.emulator.control.setPrice('BTCUSDT', '48900'); // fills while no stream is subscribed
    await backConnected();
    const done = await filled;
    expect(done.filledQuantity.toString()).toBe('0.01');
    expect(fills.filter((f) => f.clientOrderId === order.clientOrderId)).toHaveLength(1);
    expect(states).toEqual(['CONNECTED', 'RECONNECTING', 'CONNECTED']);
  });

  it('detects a half-open socket by the missing pong, reconnects and recovers what it missed', async () => {
    // The ping period and the pong deadline are what is tested: on virtual time.
    const clock = await openOnVirtualTime({ pingIntervalMs: 1_000, pongTimeoutMs: 500 });
    const order = await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.02'), limitPrice: dec('49000') });
    v.emulator.control.halfOpenWebSockets();
    v.emulator.control.trade('BTCUSDT', '48950', '0.01'); // one partial fill, its event swallowed
    clock.advance(1_000); // ping; the half-open venue never answers it
    clock.advance(499);
    expect(states).toEqual(['CONNECTED']); // the deadline has not passed
    clock.advance(1); // pong deadline: the socket is dropped
    await waitFor(v.broker.state$, (s) => s === 'RECONNECTING', SAFETY_NET_MS, 'dropped');
    clock.advance(RECONNECT_MAX_DELAY_MS); // the reconnect is due (and no ping of the new socket yet)
    await backConnected();
    await eventually(async () => (await v.broker.getOrder(order.clientOrderId))!.filledQuantity.eq('0.01'), undefined, 'partial fill recovered');
    // the new stream delivers the next fill live
    const filled = statusOf(order.clientOrderId, 'FILLED');
    v.emulator.control.trade('BTCUSDT', '48950', '0.01');
    await filled;
    const mine = fills.filter((f) => f.clientOrderId === order.clientOrderId);
    expect(mine).toHaveLength(2);
    expect(new Set(mine.map((f) => f.tradeId)).size).toBe(2);
  });

  it('catches up with the trades since the last one seen, not with one query per open order', async () => {
    // The reconnect must come after the fill and the cancel below: on virtual time it comes when advanced.
    const clock = await openOnVirtualTime();
    const orders: Order[] = [];
    for (let i = 0; i < 6; i++) {
      orders.push(await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec(49_000 - i * 100) }));
    }
    const queries = () => v.emulator.control.requestCount('order.status');
    const trades = () => v.emulator.control.requestCount('myTrades');
    const [queriesBefore, tradesBefore] = [queries(), trades()];
    v.emulator.control.dropWebSockets();
    v.emulator.control.trade('BTCUSDT', '48950', '0.01'); // fills only the 49000 bid
    const last = orders[5];
    expect((await venueRequest(v, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: last.clientOrderId })).status).toBe(200);
    await advanceUntil(clock, reconnected, 'reconnected');
    expect(await v.broker.getOrder(orders[0].clientOrderId)).toMatchObject({ status: 'FILLED' });
    expect(await v.broker.getOrder(last.clientOrderId)).toMatchObject({ status: 'CANCELED' });
    for (const o of orders.slice(1, 5)) expect((await v.broker.getOrder(o.clientOrderId))!.status).toBe('ACCEPTED');
    expect(fills.filter((f) => f.clientOrderId === orders[0].clientOrderId)).toHaveLength(1);
    // one myTrades page per symbol; one order query, for the order the venue no longer lists
    expect(trades() - tradesBefore).toBe(2);
    expect(queries() - queriesBefore).toBe(1);
  });

  it('reconnects on serverShutdown', async () => {
    v.emulator.control.sendServerShutdown();
    await backConnected();
    const order = await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('49000') });
    const filled = statusOf(order.clientOrderId, 'FILLED');
    v.emulator.control.setPrice('BTCUSDT', '48900');
    await filled;
  });

  it('survives a malformed frame and keeps processing events', async () => {
    v.emulator.control.sendMalformedFrame();
    const order = await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('49000') });
    const filled = statusOf(order.clientOrderId, 'FILLED');
    v.emulator.control.setPrice('BTCUSDT', '48900');
    await filled;
    expect(states).toEqual(['CONNECTED']);
  });

  it('keeps retrying with backoff while the venue refuses connections, and comes back', async () => {
    const clock = await openOnVirtualTime();
    v.emulator.control.injectFault({ kind: 'drop', transport: 'ws-api', match: 'userDataStream', count: 2 });
    v.emulator.control.dropWebSockets();
    await advanceUntil(clock, () => reconnected() && v.emulator.control.webSocketCount === 2, 'both streams back');
    // nothing is left to retry: a whole backoff period passes without a timer firing
    const pending = clock.pendingTimers;
    clock.advance(RECONNECT_MAX_DELAY_MS);
    expect(clock.pendingTimers).toBe(pending);
    // one user-data socket and one market-stream socket: none leaked by the refused attempts
    expect(v.emulator.control.webSocketCount).toBe(2);
    expect(states).toEqual(['CONNECTED', 'RECONNECTING', 'CONNECTED']);
  });
});
