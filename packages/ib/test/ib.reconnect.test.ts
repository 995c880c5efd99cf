import { Decimal, TemporaryConnectionError, dec, type ConnectionState, type Fill } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
import { interval } from 'rxjs';
import { InteractiveBrokersBroker } from '../src';
import { AAPL, downtime, orderIn, refusedAttempts, SAFETY_NET_MS, startRig, type Rig } from './support/harness';

const stateIs = (rig: Rig, state: ConnectionState, ms = SAFETY_NET_MS) => waitFor(rig.broker.state$, (s) => s === state, ms, `state ${state}`);

describe('InteractiveBrokersBroker connection management on the TWS emulator', () => {
  let rig: Rig;
  let fills: Fill[];
  let states: ConnectionState[];

  beforeEach(async () => {
    rig = await startRig();
    fills = [];
    states = [];
    rig.broker.fills$.subscribe((f) => fills.push(f));
    rig.broker.state$.subscribe((s) => states.push(s));
    rig.emulator.setPrice('AAPL', 150);
  });
  afterEach(() => rig.close());

  it('reconnects after a dropped socket, replays executions without double counting, and sends nothing while down', async () => {
    const filled = await rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'MARKET', quantity: dec(10) });
    if (filled.status !== 'FILLED') await orderIn(rig, filled.clientOrderId, 'FILLED');
    const resting = await rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(5), limitPrice: dec(140) });
    const ordersBefore = rig.emulator.orders().length;

    const away = downtime();
    const down = rig.emulator.restart({ until: away.until });
    await stateIs(rig, 'RECONNECTING');
    await expect(rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'MARKET', quantity: dec(1) })).rejects.toBeInstanceOf(TemporaryConnectionError);
    await refusedAttempts(rig); // the reconnect below is one that followed a refusal
    away.end();
    await down;
    await stateIs(rig, 'CONNECTED');
    expect(rig.emulator.orders()).toHaveLength(ordersBefore); // zero orders sent while disconnected

    // the replay re-sent every execution of the day: still one fill per execId, position unchanged
    expect(fills.filter((f) => f.clientOrderId === filled.clientOrderId)).toHaveLength(rig.emulator.executions().filter((e) => e.orderRef === filled.clientOrderId).length);
    expect(Decimal.sum(fills.map((f) => f.quantity)).eq(10)).toBe(true);
    expect((await rig.broker.getOrder(filled.clientOrderId))!.filledQuantity.eq(10)).toBe(true);
    expect((await rig.broker.getPositions()).find((p) => p.instrument.symbol === 'AAPL')!.quantity.eq(10)).toBe(true);

    // the resting order survived and still works: it fills and can be traded after the reconnect
    expect((await rig.broker.getOrder(resting.clientOrderId))!.status).toBe('ACCEPTED');
    const restingFilled = orderIn(rig, resting.clientOrderId, 'FILLED');
    rig.emulator.setPrice('AAPL', 139);
    await restingFilled;
    const after = await rig.broker.placeOrder({ instrument: AAPL, side: 'SELL', type: 'MARKET', quantity: dec(15) });
    expect(['FILLED', 'ACCEPTED']).toContain(after.status);
    expect(states).toEqual(['CONNECTED', 'RECONNECTING', 'CONNECTED']);
  });

  it('picks up fills that happened while the socket was down', async () => {
    const resting = await rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(5), limitPrice: dec(140) });
    const away = downtime();
    const down = rig.emulator.restart({ until: away.until });
    await stateIs(rig, 'RECONNECTING');
    rig.emulator.setPrice('AAPL', 139); // fills at TWS while we are away
    expect(rig.emulator.orders().find((o) => o.orderRef === resting.clientOrderId)!.status).toBe('Filled');
    await refusedAttempts(rig);
    away.end();
    await down;
    await stateIs(rig, 'CONNECTED');
    const order = (await rig.broker.getOrder(resting.clientOrderId))!;
    expect(order.status).toBe('FILLED');
    expect(fills.filter((f) => f.clientOrderId === resting.clientOrderId).length).toBeGreaterThan(0);
    expect(fills.every((f) => f.commission.isPositive())).toBe(true);
  });

  it('keeps retrying with backoff while TWS refuses connections', async () => {
    const away = downtime();
    const refused = rig.emulator.refuseConnections(0, away.until);
    rig.emulator.dropConnections();
    await stateIs(rig, 'RECONNECTING');
    await refusedAttempts(rig, 3); // retried, and not given up: still RECONNECTING
    expect(rig.broker.state).toBe('RECONNECTING');
    const delays: number[] = [];
    rig.logs.entries$.subscribe((e) => e.message === 'ib reconnect scheduled' && delays.push(Number(e.fields['delayMs'])));
    expect(delays.slice(0, 3)).toEqual([50, 100, 200]); // startRig's policy: from 50 ms, doubling, at most 400 ms
    away.end();
    await refused;
    await stateIs(rig, 'CONNECTED');
    expect(rig.emulator.connectedClientIds()).toHaveLength(1);
  });

  it('1100 blocks orders (RECONNECTING) on the same socket; 1102 resumes without reconnecting', async () => {
    rig.emulator.sendSystemMessage(1100);
    await stateIs(rig, 'RECONNECTING');
    const before = rig.emulator.orders().length;
    await expect(rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'MARKET', quantity: dec(1) })).rejects.toBeInstanceOf(TemporaryConnectionError);
    expect(rig.emulator.orders()).toHaveLength(before);
    expect(rig.emulator.connectedClientIds()).toHaveLength(1); // the socket was kept
    rig.emulator.sendSystemMessage(1102);
    await stateIs(rig, 'CONNECTED');
    const order = await rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'MARKET', quantity: dec(1) });
    expect(['FILLED', 'ACCEPTED']).toContain(order.status);
  });

  it('1101 resubscribes market data and reconciles before resuming', async () => {
    await rig.broker.watchMarket(AAPL);
    await waitFor(rig.bus.marketData$, (e) => e.data.symbol === 'AAPL', SAFETY_NET_MS);
    rig.emulator.sendSystemMessage(1100);
    await stateIs(rig, 'RECONNECTING');
    rig.emulator.sendSystemMessage(1101); // TWS dropped every market data subscription
    await stateIs(rig, 'CONNECTED');
    const quote = waitFor(rig.bus.marketData$, (e) => e.data.kind === 'quote' && e.data.bid.eq(151), SAFETY_NET_MS, 'quote after 1101');
    rig.emulator.setPrice('AAPL', 151);
    await quote;
  });

  it('refuses to connect with a clientId already in use (IB 326) with a ConfigurationError naming it', async () => {
    const second = new InteractiveBrokersBroker({ id: 'dup', config: { host: rig.emulator.host, port: rig.emulator.port, clientId: rig.broker['config'].clientId, reconnect: { enabled: false } } });
    const attempt = second.connect();
    await expect(attempt).rejects.toMatchObject({ code: 'CONFIGURATION', venueCode: 326 });
    await expect(attempt).rejects.toThrow(/clientId/);
    expect(second.state).toBe('ERROR');
    await second.disconnect();
  });

  it('times out a connect to a silent port with TimeoutError and releases the socket', async () => {
    const net = await import('node:net');
    let closedByClient = false;
    // reads (so the peer's FIN is seen) but never answers the handshake
    const silent = net.createServer((socket) => socket.resume().on('end', () => (closedByClient = true)));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const broker = new InteractiveBrokersBroker({ id: 'silent', config: { host: '127.0.0.1', port, clientId: 99, connectTimeoutMs: 200 } });
    await expect(broker.connect()).rejects.toMatchObject({ code: 'TIMEOUT' });
    await broker.disconnect();
    await waitFor(interval(10), () => closedByClient, SAFETY_NET_MS, 'the client to close its socket');
    await new Promise<void>((r) => silent.close(() => r()));
  });
});
