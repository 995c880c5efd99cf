import { Writable } from 'node:stream';
import { createLogger, dec, isBrokerError } from '@silvertine/core';
import * as winston from 'winston';
import { API_KEY, API_SECRET, startVenue } from './emulator-harness';

describe('secrets never reach logs or errors', () => {
  it('logs at debug through a full session with errors, without the secret, the key or any signature', async () => {
    let output = '';
    const sink = new Writable({ write: (chunk, _enc, done) => ((output += chunk.toString()), done()) });
    // No `secrets` option on purpose: the adapter must not log them in the first place.
    const logger = createLogger({ level: 'debug', transports: [new winston.transports.Stream({ stream: sink })] });
    const v = await startVenue({ requestTimeoutMs: 300 }, {}, { logger });
    const errors: unknown[] = [];
    try {
      const btc = (await v.broker.instrument('BTCUSDT'))!;
      await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01') });
      await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('5'), limitPrice: dec('45000') }).catch((e: unknown) => errors.push(e));
      v.emulator.control.injectFault({ kind: 'acceptThen5xx', match: '/api/v3/order', transport: 'rest' });
      await v.broker.placeOrder({ instrument: btc, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('45000') }).catch((e: unknown) => errors.push(e));
      v.emulator.control.injectFault({ kind: 'hang', match: '/api/v3/account', transport: 'rest', count: 4 });
      await v.broker.getBalances().catch((e: unknown) => errors.push(e));
      v.emulator.control.dropWebSockets();
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await v.close();
    }
    expect(errors.length).toBe(3);
    expect(output).toContain('order submitted'); // the capture works
    const texts = [output, ...errors.map((e) => (isBrokerError(e) ? JSON.stringify(e.toJSON()) + e.message + String((e as Error).stack) + String((e.cause as Error)?.message) : String(e)))];
    for (const text of texts) {
      expect(text).not.toContain(API_SECRET);
      expect(text).not.toContain(API_KEY);
      expect(text).not.toMatch(/signature=/);
      expect(text).not.toMatch(/[0-9a-f]{64}/);
    }
  }, 20_000);
});

describe('undici transport', () => {
  it('runs the same order flow over an undici Pool', async () => {
    const v = await startVenue({ transport: 'undici' });
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
