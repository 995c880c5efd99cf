import { Writable } from 'node:stream';
import { createLogger, dec, isBrokerError } from '@silvertine/core';
import * as winston from 'winston';
import { ManualClock } from '@silvertine/core/testing';
import { API_KEY, API_SECRET, eventually, SAFETY_NET_MS, startVenue } from './emulator-harness';

describe('secrets never reach logs or errors', () => {
  it('logs at debug through a full session with errors, without the secret, the key or any signature', async () => {
    let output = '';
    // The broker's timers run on a ManualClock (request timeouts, read retries, reconnects). The waits it
    // sets are read from its own log lines as it sets them, and the test advances the clock by exactly
    // those: time moves only while a timer is due, never while a request is answered.
    const clock = new ManualClock(Date.now());
    const waits: number[] = [];
    const collectWait = (line: string): void => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { message?: string; waitMs?: number; delayMs?: number };
      if (entry.message === 'binance read retry') waits.push(entry.waitMs!);
      else if (entry.message?.endsWith(': reconnect scheduled')) waits.push(entry.delayMs!);
    };
    const driveUntil = (done: () => boolean, what: string) => eventually(() => {
      const wait = done() ? undefined : waits.shift();
      if (wait !== undefined) clock.advance(wait);
      return done();
    }, SAFETY_NET_MS, what);
    const sink = new Writable({
      write: (chunk, _enc, done) => {
        const text = chunk.toString();
        output += text;
        for (const line of text.split('\n')) collectWait(line);
        done();
      },
    });
    // No `secrets` option on purpose: the adapter must not log them in the first place.
    const logger = createLogger({ level: 'debug', transports: [new winston.transports.Stream({ stream: sink })] });
    // Unknown orders are not checked in the background (NEVER_MS on a clock), so no order query can take
    // a fault meant for an order.
    const v = await startVenue({ requestTimeoutMs: 3_000 }, {}, { logger, clock });
    const errors: unknown[] = [];
    try {
      const btc = (await v.broker.instrument('BTCUSDT'))!;
      await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01') });
      await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('5'), limitPrice: dec('45000') }).catch((e: unknown) => errors.push(e));
      v.emulator.control.injectFault({ kind: 'acceptThen5xx', match: '/api/v3/order', transport: 'rest' });
      await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('45000') }).catch((e: unknown) => errors.push(e));
      const orderPosts = () => v.emulator.control.restRoutes()['POST /api/v3/order'] ?? 0;
      const postsBefore = orderPosts();
      v.emulator.control.injectFault({ kind: 'hang', match: '/api/v3/order', transport: 'rest' });
      const hung = v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('45000') }).catch((e: unknown) => errors.push(e));
      await eventually(() => orderPosts() === postsBefore + 1, SAFETY_NET_MS, 'the order held at the venue');
      clock.advance(3_000); // its request timeout
      await hung;
      v.emulator.control.injectFault({ kind: 'drop', match: '/api/v3/account', transport: 'rest', count: 4 });
      let balancesSettled = false;
      const balances = v.broker.getBalances().catch((e: unknown) => errors.push(e)).finally(() => (balancesSettled = true));
      await driveUntil(() => balancesSettled, 'the read retried until it gave up');
      await balances;
      const states: string[] = [];
      v.broker.state$.subscribe((s) => states.push(s));
      v.emulator.control.dropWebSockets();
      // the reconnect and its catch-up are logged too
      await driveUntil(() => v.broker.state === 'CONNECTED' && states.includes('RECONNECTING'), 'reconnected');
    } finally {
      await v.close();
    }
    expect(errors.map((e) => (isBrokerError(e) ? e.code : String(e)))).toEqual(['INSUFFICIENT_FUNDS', 'UNKNOWN_ORDER_STATUS', 'UNKNOWN_ORDER_STATUS', 'TEMPORARY_CONNECTION']);
    expect((errors[2] as Error).cause).toMatchObject({ code: 'TIMEOUT' });
    expect(output).toContain('order submitted'); // the capture works
    const texts = [output, ...errors.map((e) => (isBrokerError(e) ? JSON.stringify(e.toJSON()) + e.message + String((e as Error).stack) + String((e.cause as Error)?.message) : String(e)))];
    for (const text of texts) {
      expect(text).not.toContain(API_SECRET);
      expect(text).not.toContain(API_KEY);
      expect(text).not.toMatch(/signature=/);
      expect(text).not.toMatch(/[0-9a-f]{64}/);
    }
  }, 60_000);
});

// The other suites run over the default transport (undici); this one runs the same order flow over got.
describe('got transport', () => {
  it('runs the same order flow over got', async () => {
    const v = await startVenue({ transport: 'got' });
    try {
      const btc = (await v.broker.instrument('BTCUSDT'))!;
      const market = await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01') });
      expect(market.status).toBe('FILLED');
      const limit = await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('45000') });
      await v.broker.cancelOrder(limit.clientOrderId);
      expect((await v.broker.getOrder(limit.clientOrderId))!.status).toBe('CANCELED');
      v.emulator.control.injectFault({ kind: 'rateLimit', match: '/api/v3/order', transport: 'rest', retryAfterSec: 1 });
      await expect(v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01') })).rejects.toMatchObject({ code: 'RATE_LIMIT', retryAfterMs: 1_000 });
    } finally {
      await v.close();
    }
  });
});
