import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSilentLogger, systemClock, TimeoutError } from '@silvertine/core';
import { decodeServerTime } from '../src/decoding/rest-market.decoder';
import { BinanceRestClient } from '../src/http/binance-rest-client';
import { GotTransport } from '../src/http/got-transport';
import { RequestRateLimiter } from '../src/http/request-rate-limiter';
import { hmacSigner } from '../src/http/request-signer';
import type { RestTransport } from '../src/http/rest-transport';
import { UndiciTransport } from '../src/http/undici-transport';

/**
 * A hostile server that answers at once but trickles its body one byte every 200 ms: idle timeouts never
 * trip on it. Every request must still fail at its total deadline, as a TimeoutError.
 */
describe.each([
  ['undici', (url: string): RestTransport => new UndiciTransport(url)],
  ['got', (url: string): RestTransport => new GotTransport(url)],
] as const)('total request deadline over %s against a trickling server', (_name, transportFor) => {
  let server: Server;
  const open = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();

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

  it('fails a request trickled one byte per 200 ms at its 1 s deadline with a TimeoutError', async () => {
    const transport = transportFor(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const client = new BinanceRestClient({
      transport, apiKey: 'k', signer: hmacSigner('s'), limiter: new RequestRateLimiter(systemClock), clock: systemClock, logger: createSilentLogger(),
      brokerId: 'deadline', recvWindowMs: 5_000, timeoutMs: 1_000,
    });
    try {
      const started = Date.now();
      // An order (never retried): one request, whose whole life the deadline bounds.
      const attempt = client.request({ method: 'POST', path: '/api/v3/order', signed: true, weight: 1, isOrder: true, clientOrderId: 'slow1', decode: decodeServerTime });
      await expect(attempt).rejects.toBeInstanceOf(TimeoutError);
      // Generous bound: the body alone would take over 50 s at this pace.
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await transport.close();
    }
  }, 30_000);
});
