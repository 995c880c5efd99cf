import { AuthenticationError, dec, RateLimitError, UnknownOrderStatusError, type AlertEvent, type Instrument } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the emulator is the venue
import { startBinanceEmulator } from '@silvertine/binance-emulator';
import { BinanceBroker } from '../src/binance.broker';
import { binanceConfig } from '../src/binance.config';
import { API_KEY, eventually, startVenue, type Venue } from './emulator-harness';

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
      v.emulator.control.injectFault({ kind: 'rateLimit', match: '/api/v3/account', transport: 'rest', retryAfterSec: 1 });
      const started = Date.now();
      expect((await v.broker.getBalances()).length).toBeGreaterThan(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);

      v.emulator.control.injectFault({ kind: 'rateLimit', match: '/api/v3/order', transport: 'rest', retryAfterSec: 2 });
      const first = v.broker.placeOrder(limit('rl1'));
      await expect(first).rejects.toBeInstanceOf(RateLimitError);
      await expect(first).rejects.toMatchObject({ retryAfterMs: 2_000 });
      expect((await v.broker.getOrder('rl1'))!.status).toBe('REJECTED');
      // still inside Retry-After: refused locally, nothing reaches the venue
      await expect(v.broker.placeOrder(limit('rl2'))).rejects.toBeInstanceOf(RateLimitError);
      expect(v.emulator.control.receivedOrders('rl2')).toHaveLength(0);
    });

    it('stops REST on a 418 ban and raises a critical alert', async () => {
      const alert = waitFor(v.bus.alerts$, (a: AlertEvent) => a.source === 'binance-rate-limit', 3_000);
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
      await eventually(async () => (await v.broker.getOrder('u1'))!.status === 'ACCEPTED', 3_000, 'u1 adopted');
      const order = (await v.broker.getOrder('u1'))!;
      expect(order.venueOrderId).toBeDefined();
      expect(v.emulator.control.receivedOrders('u1')).toHaveLength(1);
    });

    it('adopts a MARKET order filled behind a 5xx with its trades, each once', async () => {
      const fills: string[] = [];
      v.broker.fills$.subscribe((f) => fills.push(f.tradeId));
      v.emulator.control.injectFault({ kind: 'acceptThen5xx', match: '/api/v3/order', transport: 'rest' });
      await expect(v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.02'), clientOrderId: 'um1' })).rejects.toBeInstanceOf(UnknownOrderStatusError);
      await eventually(async () => (await v.broker.getOrder('um1'))!.status === 'FILLED', 3_000, 'um1 filled');
      await new Promise((r) => setTimeout(r, 100));
      expect((await v.broker.getOrder('um1'))!.filledQuantity.toString()).toBe('0.02');
      expect(new Set(fills).size).toBe(fills.length);
      expect(v.emulator.control.receivedOrders('um1')).toHaveLength(1);
    });

    it('re-syncs its clock on -1021 and retries the read', async () => {
      v.emulator.control.setTimeOffset(20_000);
      expect((await v.broker.getBalances()).length).toBeGreaterThan(0);
      expect(Math.abs(v.broker.restClient!.timeOffsetMs - 20_000)).toBeLessThan(1_000);
      expect((await v.broker.placeOrder(limit('after-skew'))).status).toBe('ACCEPTED');
    });
  });

  it('times out on a hung order, then declares it never received after N -2013 answers once its recvWindow has passed (resolveUnknownOrders)', async () => {
    v = await startVenue({ requestTimeoutMs: 300, recvWindowMs: 200, unknownOrderCheckDelayMs: 3_600_000, unknownOrderMaxChecks: 3 });
    btc = (await v.broker.instrument('BTCUSDT'))!;
    v.emulator.control.injectFault({ kind: 'hang', match: '/api/v3/order', transport: 'rest' });
    const attempt = v.broker.placeOrder(limit('h1'));
    await expect(attempt).rejects.toBeInstanceOf(UnknownOrderStatusError);
    await expect(attempt).rejects.toMatchObject({ cause: expect.objectContaining({ code: 'TIMEOUT' }) });
    expect((await v.broker.getOrder('h1'))!.status).toBe('UNKNOWN');
    expect(await v.broker.resolveUnknownOrders()).toEqual({ adopted: [], rejected: [], pending: ['h1'] });
    expect(await v.broker.resolveUnknownOrders()).toEqual({ adopted: [], rejected: [], pending: ['h1'] });
    // the third -2013 comes while a delayed copy of the request could still be accepted (signed
    // timestamp + recvWindow + clock margin not passed yet): still pending, not rejected
    expect(await v.broker.resolveUnknownOrders()).toEqual({ adopted: [], rejected: [], pending: ['h1'] });
    await new Promise((resolve) => setTimeout(resolve, 1_300));
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
