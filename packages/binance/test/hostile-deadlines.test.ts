import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSilentLogger, ManualClock, TimeoutError, type Clock } from '@silvertine/core';
import { eventually, SAFETY_NET_MS } from './emulator-harness';
import { decodeServerTime } from '../src/decoding/rest-market.decoder';
import { BinanceRestClient } from '../src/http/binance-rest-client';
import { GotTransport } from '../src/http/got-transport';
import { RequestRateLimiter } from '../src/http/request-rate-limiter';
import { hmacSigner } from '../src/http/request-signer';
import type { RestTransport } from '../src/http/rest-transport';
import { UndiciTransport } from '../src/http/undici-transport';

/**
 * A hostile server that answers at once but trickles its body one byte every 200 ms: idle timeouts never
 * trip on it. Every request must still fail at its total deadline, as a TimeoutError. The deadline runs
 * on a ManualClock: it passes when the test advances the clock, after bytes have provably arrived.
 */
describe.each([
  ['undici', (url: string, clock: Clock): RestTransport => new UndiciTransport(url, undefined, clock)],
  ['got', (url: string, clock: Clock): RestTransport => new GotTransport(url, undefined, clock)],
] as const)('total request deadline over %s against a trickling server', (_name, transportFor) => {
  let server: Server;
  const open = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  let dripped = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      open.add(res);
      res.on('close', () => open.delete(res));
      const body = Buffer.from(`{"serverTime":${Date.now()},"padding":"${'x'.repeat(200)}"}`);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      let i = 0;
      const drip = (): void => {
        if (res.destroyed || i >= body.length) return void res.end();
        res.write(body.subarray(i, ++i));
        dripped++;
        const t = setTimeout(() => {
          timers.delete(t);
          drip();
        }, 200);
        timers.add(t);
      };
      drip();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const t of timers) clearTimeout(t);
    for (const res of open) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fails a request still trickling one byte per 200 ms at its 1 s deadline with a TimeoutError', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const transport = transportFor(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, clock);
    const client = new BinanceRestClient({
      transport, apiKey: 'k', signer: hmacSigner('s'), limiter: new RequestRateLimiter(clock), clock, logger: createSilentLogger(),
      brokerId: 'deadline', recvWindowMs: 5_000, timeoutMs: 1_000,
    });
    try {
      const start = dripped;
      let settled = false;
      // An order (never retried): one request, whose whole life the deadline bounds.
      const attempt = client.request({ method: 'POST', path: '/api/v3/order', signed: true, weight: 1, isOrder: true, clientOrderId: 'slow1', decode: decodeServerTime });
      attempt.then(() => (settled = true), () => (settled = true));
      // The answer is under way (its body has started, and idle timeouts would keep seeing bytes)...
      await eventually(() => dripped >= start + 3, SAFETY_NET_MS, 'the body trickling');
      clock.advance(999);
      await eventually(() => dripped >= start + 4, SAFETY_NET_MS, 'one more byte');
      expect(settled).toBe(false); // ...and a millisecond short of the deadline it is still waited for
      clock.advance(1);
      await expect(attempt).rejects.toBeInstanceOf(TimeoutError);
    } finally {
      await transport.close();
    }
  });
});
