import { AuthenticationError, dec, RateLimitError, UnknownOrderStatusError, type AlertEvent, type Instrument, type Logger } from '@silvertine/core';
import { ManualClock, waitFor } from '@silvertine/core/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the emulator is the venue
import { startBinanceEmulator } from '@silvertine/binance-emulator';
import { BinanceBroker } from '../src/binance.broker';
import { binanceConfig } from '../src/binance.config';
import { API_KEY, eventually, SAFETY_NET_MS, startVenue, userStreamBarrier, type Venue } from './emulator-harness';

describe('BinanceBroker under venue faults (emulator fault injection)', () => {
  let v: Venue;
  let btc: Instrument;
  const limit = (clientOrderId: string) => ({ instrument: btc, side: 'BUY' as const, type: 'LIMIT' as const, quantity: dec('0.01'), limitPrice: dec('45000'), clientOrderId });

  afterEach(() => v?.close());

  describe('with defaults', () => {
    beforeEach(async () => {
      v = await startVenue();
      btc = (await v.broker.instrument('BTCUSDT'))!;
    });

    it('honours Retry-After on a 429: a read waits and retries, an order is refused and not resent', async () => {
      // Retry-After is the deadline under test: on virtual time, the broker's and the emulator's.
      await v.close();
      const clock = new ManualClock(Date.now());
      let retriesScheduled = 0;
      const logger: Logger = {
        error: () => undefined, warn: () => undefined, info: () => undefined, child: () => logger,
        debug: (message) => void (message === 'binance read retry' && retriesScheduled++),
      };
      v = await startVenue({}, {}, { clock, logger });
      v.emulator.control.injectFault({ kind: 'rateLimit', match: '/api/v3/account', transport: 'rest', retryAfterSec: 1 });
      const idle = clock.pendingTimers;
      const reads = () => v.emulator.control.restRoutes()['GET /api/v3/account'] ?? 0;
      const readsBefore = reads();
      let read: unknown;
      const balances = v.broker.getBalances().then((b) => (read = b));
      // the 429 has been answered and the read waits for its retry on the clock (logged as it sets the timer)
      await eventually(() => retriesScheduled === 1, SAFETY_NET_MS, 'the read waiting to retry');
      expect(clock.pendingTimers).toBe(idle + 1);
      clock.advance(999);
      expect(clock.pendingTimers).toBe(idle + 1); // not yet: Retry-After is 1 s
      expect(reads()).toBe(readsBefore + 1);
      expect(read).toBeUndefined();
      clock.advance(1);
      expect((await balances).length).toBeGreaterThan(0);
      expect(reads()).toBe(readsBefore + 2);

      v.emulator.control.injectFault({ kind: 'rateLimit', match: '/api/v3/order', transport: 'rest', retryAfterSec: 2 });
      const first = v.broker.placeOrder(limit('rl1'));
      await expect(first).rejects.toBeInstanceOf(RateLimitError);
      await expect(first).rejects.toMatchObject({ retryAfterMs: 2_000 });
      expect((await v.broker.getOrder('rl1'))!.status).toBe('REJECTED');
      // still inside Retry-After: refused locally, nothing reaches the venue
      clock.advance(1_999);
      await expect(v.broker.placeOrder(limit('rl2'))).rejects.toBeInstanceOf(RateLimitError);
      expect(v.emulator.control.receivedOrders('rl2')).toHaveLength(0);
      // once it has passed, orders go out again
      clock.advance(1);
      expect((await v.broker.placeOrder(limit('rl3'))).status).toBe('ACCEPTED');
    });

    it('stops REST on a 418 ban and raises a critical alert', async () => {
      const alert = waitFor(v.bus.alerts$, (a: AlertEvent) => a.source === 'binance-rate-limit', SAFETY_NET_MS);
      v.emulator.control.injectFault({ kind: 'ban', match: '/api/v3/order', transport: 'rest', retryAfterSec: 60 });
      const banned = v.broker.placeOrder(limit('ban1'));
      await expect(banned).rejects.toBeInstanceOf(RateLimitError);
      await expect(banned).rejects.toMatchObject({ venueCode: -1003 });
      expect((await alert).severity).toBe('CRITICAL');
      const before = v.emulator.control.receivedOrders().length;
      await expect(v.broker.getBalances()).rejects.toMatchObject({ venueCode: 418 });
      await expect(v.broker.placeOrder(limit('ban2'))).rejects.toBeInstanceOf(RateLimitError);
      expect(v.emulator.control.receivedOrders()).toHaveLength(before);
      expect(v.broker.restClient!.timeOffsetMs).toBeDefined();

      // The ban outlives a reconnect: connecting again is refused locally, /api/v3/time is not even asked.
      const timeCalls = v.emulator.control.requestCount('time');
      await v.broker.disconnect();
      await expect(v.broker.connect()).rejects.toMatchObject({ venueCode: 418 });
      expect(v.emulator.control.requestCount('time')).toBe(timeCalls);
    });

    it('resolves a 5xx-after-accept by querying the order: adopted, not sent twice', async () => {
      v.emulator.control.injectFault({ kind: 'acceptThen5xx', match: '/api/v3/order', transport: 'rest' });
      await expect(v.broker.placeOrder(limit('u1'))).rejects.toBeInstanceOf(UnknownOrderStatusError);
      expect(['UNKNOWN', 'ACCEPTED']).toContain((await v.broker.getOrder('u1'))!.status);
      await eventually(async () => (await v.broker.getOrder('u1'))!.status === 'ACCEPTED', undefined, 'u1 adopted');
      const order = (await v.broker.getOrder('u1'))!;
      expect(order.venueOrderId).toBeDefined();
      expect(v.emulator.control.receivedOrders('u1')).toHaveLength(1);
    });

    it('adopts a MARKET order filled behind a 5xx with its trades, each once', async () => {
      const fills: string[] = [];
      v.broker.fills$.subscribe((f) => fills.push(f.tradeId));
      v.emulator.control.injectFault({ kind: 'acceptThen5xx', match: '/api/v3/order', transport: 'rest' });
      await expect(v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.02'), clientOrderId: 'um1' })).rejects.toBeInstanceOf(UnknownOrderStatusError);
      await eventually(async () => (await v.broker.getOrder('um1'))!.status === 'FILLED', undefined, 'um1 filled');
      // the stream's executionReports for the same trades: handled by now, and none counted twice
      await userStreamBarrier(v);
      expect((await v.broker.getOrder('um1'))!.filledQuantity.toString()).toBe('0.02');
      expect(new Set(fills).size).toBe(fills.length);
      expect(v.emulator.control.receivedOrders('um1')).toHaveLength(1);
    });

    it('re-syncs its clock on -1021 and retries the read', async () => {
      // On virtual time a round trip takes no time, so the measured offset is exact (on the real clock
      // its error is half a round trip, whatever a loaded machine makes of that).
      await v.close();
      v = await startVenue({ recvWindowMs: 5_000 }, {}, { clock: new ManualClock(Date.now()) });
      v.emulator.control.setTimeOffset(20_000);
      expect((await v.broker.getBalances()).length).toBeGreaterThan(0);
      expect(v.broker.restClient!.timeOffsetMs).toBe(20_000);
      expect((await v.broker.placeOrder(limit('after-skew'))).status).toBe('ACCEPTED');
    });
  });

  it('times out on a hung order, then declares it never received after N -2013 answers once its recvWindow has passed (resolveUnknownOrders)', async () => {
    // The request timeout, recvWindow and the clock margin all run on virtual time (broker, its REST
    // transport and the emulator), so "timed out", "still inside the window" and "past it" are exact.
    const clock = new ManualClock(Date.now());
    v = await startVenue({ requestTimeoutMs: 1_000, recvWindowMs: 5_000, unknownOrderMaxChecks: 3 }, {}, { clock });
    btc = (await v.broker.instrument('BTCUSDT'))!;
    const orderPosts = () => v.emulator.control.restRoutes()['POST /api/v3/order'] ?? 0;
    const postsBefore = orderPosts();
    v.emulator.control.injectFault({ kind: 'hang', match: '/api/v3/order', transport: 'rest' });
    let settled = false;
    const attempt = v.broker.placeOrder(limit('h1'));
    attempt.catch(() => undefined).finally(() => (settled = true));
    // the venue holds the request: a millisecond short of the timeout it is still waited for
    await eventually(() => orderPosts() === postsBefore + 1, SAFETY_NET_MS, 'the order held at the venue');
    clock.advance(999);
    await userStreamBarrier(v);
    expect(settled).toBe(false);
    clock.advance(1);
    await expect(attempt).rejects.toBeInstanceOf(UnknownOrderStatusError);
    await expect(attempt).rejects.toMatchObject({ cause: expect.objectContaining({ code: 'TIMEOUT' }) });
    expect((await v.broker.getOrder('h1'))!.status).toBe('UNKNOWN');
    expect(await v.broker.resolveUnknownOrders()).toEqual({ adopted: [], rejected: [], pending: ['h1'] });
    expect(await v.broker.resolveUnknownOrders()).toEqual({ adopted: [], rejected: [], pending: ['h1'] });
    // the third -2013 comes while a delayed copy of the request could still be accepted (signed
    // timestamp + recvWindow + clock margin not passed yet): still pending, not rejected
    expect(await v.broker.resolveUnknownOrders()).toEqual({ adopted: [], rejected: [], pending: ['h1'] });
    // signed at t0 (1 s ago): accepted by the venue until t0 + recvWindow (5 s) + the clock margin (1 s), not after
    clock.advance(5_000);
    expect(await v.broker.resolveUnknownOrders()).toEqual({ adopted: [], rejected: [], pending: ['h1'] });
    clock.advance(1);
    expect(await v.broker.resolveUnknownOrders()).toEqual({ adopted: [], rejected: ['h1'], pending: [] });
    const order = (await v.broker.getOrder('h1'))!;
    expect(order.status).toBe('REJECTED');
    expect(order.rejectReason).toMatch(/-2013/);
  });

  it('fails to connect with a wrong secret (-1022) or an unknown key (-2015), classified as AuthenticationError', async () => {
    const emulator = await startBinanceEmulator({ port: 0, apiKey: API_KEY, apiSecret: 'the-real-secret', symbols: ['BTCUSDT'] });
    try {
      for (const [apiKey, apiSecret, code] of [[API_KEY, 'a-wrong-secret', -1022], ['someOtherKey', 'x', -2015]] as const) {
        const broker = new BinanceBroker({ id: 'bad', config: binanceConfig({ apiKey, apiSecret, environment: 'custom', baseUrl: emulator.url, wsApiUrl: `${emulator.wsUrl}/ws-api/v3`, symbols: ['BTCUSDT'] }) });
        const attempt = broker.connect();
        await expect(attempt).rejects.toBeInstanceOf(AuthenticationError);
        await expect(attempt).rejects.toMatchObject({ venueCode: code, severity: 'CRITICAL' });
        expect(broker.state).toBe('ERROR');
        await broker.disconnect();
      }
    } finally {
      await emulator.close();
    }
    v = undefined as unknown as Venue;
  });
});
