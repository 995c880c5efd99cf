import { dec, type ConnectionState, type Fill, type Instrument, type Order } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
import { eventually, startVenue, type Venue } from './emulator-harness';

describe('user-data stream recovery (WebSocket API on the emulator)', () => {
  let v: Venue;
  let btc: Instrument;
  let fills: Fill[];
  const states: ConnectionState[] = [];
  const statusOf = (id: string, status: Order['status'], ms = 3_000) => waitFor(v.broker.orders$, (o) => o.clientOrderId === id && o.status === status, ms, `${id} ${status}`);

  beforeEach(async () => {
    v = await startVenue();
    btc = v.broker.instrument('BTCUSDT')!;
    fills = [];
    states.length = 0;
    v.broker.fills$.subscribe((f) => fills.push(f));
    v.broker.state$.subscribe((s) => states.push(s));
  });
  afterEach(() => v.close());

  const backConnected = () => waitFor(v.broker.state$, (s) => s === 'CONNECTED' && states.includes('RECONNECTING'), 3_000, 'reconnected');

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
    const order = await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.02'), limitPrice: dec('49000') });
    v.emulator.control.halfOpenWebSockets();
    v.emulator.control.trade('BTCUSDT', '48950', '0.01'); // one partial fill, its event swallowed
    await backConnected();
    await eventually(async () => (await v.broker.getOrder(order.clientOrderId))!.filledQuantity.eq('0.01'), 3_000, 'partial fill recovered');
    // the new stream delivers the next fill live
    const filled = statusOf(order.clientOrderId, 'FILLED');
    v.emulator.control.trade('BTCUSDT', '48950', '0.01');
    await filled;
    const mine = fills.filter((f) => f.clientOrderId === order.clientOrderId);
    expect(mine).toHaveLength(2);
    expect(new Set(mine.map((f) => f.tradeId)).size).toBe(2);
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
    v.emulator.control.injectFault({ kind: 'drop', transport: 'ws-api', match: 'userDataStream', count: 2 });
    v.emulator.control.dropWebSockets();
    await backConnected();
    expect(v.emulator.control.webSocketCount).toBe(1);
  });
});
