import { ManualClock, TimeoutError, type Logger } from '@silvertine/core';
import { decodeOrder } from '../decoding/rest-order.decoder';
import { BinanceRestClient, DEFAULT_MAX_VENUE_WAIT_MS } from './binance-rest-client';
import { RequestRateLimiter } from './request-rate-limiter';
import { hmacSigner } from './request-signer';
import { TransportFailure, type RestRequest, type RestResponse, type RestTransport } from './rest-transport';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

/** A transport port double: answers from a script and records the requests (this is not our HTTP client). */
function scripted(answers: Array<RestResponse | TransportFailure>): RestTransport & { sent: RestRequest[] } {
  const sent: RestRequest[] = [];
  return {
    name: 'scripted',
    sent,
    request: async (r) => {
      sent.push(r);
      const next = answers.shift()!;
      if (next instanceof TransportFailure) throw next;
      return next;
    },
    close: async () => undefined,
  };
}

describe('BinanceRestClient signing time of orders', () => {
  const clock = new ManualClock(1_700_000_000_000);
  const client = (transport: RestTransport) => new BinanceRestClient({
    transport, apiKey: 'k', signer: hmacSigner('s'), limiter: new RequestRateLimiter(clock), clock, logger: quiet, brokerId: 'b', recvWindowMs: 5_000, timeoutMs: 1_000,
  });
  const order = (id: string) => ({ method: 'POST' as const, path: '/api/v3/order', params: { symbol: 'BTCUSDT' }, signed: true, weight: 1, isOrder: true, clientOrderId: id, decode: decodeOrder });
  const signedTimestamp = (r: RestRequest) => Number(/timestamp=(\d+)/.exec(r.path)![1]);

  it('keeps no signing time for an order the venue answered with 2xx', async () => {
    const t = scripted([{ status: 200, headers: {}, body: '{"symbol":"BTCUSDT","orderId":1,"clientOrderId":"ok1","status":"NEW"}' }]);
    const rest = client(t);
    await rest.request(order('ok1'));
    expect(t.sent[0].headers).toEqual({ 'X-MBX-APIKEY': 'k' });
    expect(rest.signedOrderTimestamp('ok1')).toBeUndefined();
  });

  it('keeps the exact signed timestamp of an order left without an answer or with a 5xx, until forgotten', async () => {
    const t = scripted([new TransportFailure('timeout', undefined, 1_000), { status: 503, headers: {}, body: '{"code":-1006,"msg":"Unexpected response"}' }]);
    const rest = client(t);
    await expect(rest.request(order('lost'))).rejects.toBeInstanceOf(TimeoutError);
    expect(rest.signedOrderTimestamp('lost')).toBe(signedTimestamp(t.sent[0]));
    expect(rest.signedOrderTimestamp('lost')).toBe(1_700_000_000_000);
    clock.advance(250);
    await expect(rest.request(order('busy'))).rejects.toBeInstanceOf(TimeoutError);
    expect(rest.signedOrderTimestamp('busy')).toBe(1_700_000_000_250);
    rest.forgetOrderTimestamp('lost');
    expect(rest.signedOrderTimestamp('lost')).toBeUndefined();
  });
});

describe('BinanceRestClient venue-imposed waits', () => {
  const read = { method: 'GET' as const, path: '/api/v3/account', signed: true, weight: 20, decode: (b: unknown) => b };
  const rig = (answer: RestResponse, maxVenueWaitMs?: number) => {
    const clock = new ManualClock(1_700_000_000_000);
    const limiter = new RequestRateLimiter(clock);
    const warnings: Array<Record<string, unknown>> = [];
    const logger = { ...quiet, warn: (_m: string, meta: Record<string, unknown>) => warnings.push(meta) } as unknown as Logger;
    const bans: number[] = [];
    const rest = new BinanceRestClient({
      transport: scripted([answer]), apiKey: 'k', signer: hmacSigner('s'), limiter, clock, logger, brokerId: 'b', recvWindowMs: 5_000, timeoutMs: 1_000,
      maxVenueWaitMs, onBan: (until) => bans.push(until),
    });
    return { clock, limiter, warnings, bans, rest };
  };

  it('caps a 418 ban of Retry-After: 99999999 s at the configured bound and logs what was asked', async () => {
    const r = rig({ status: 418, headers: { 'retry-after': '99999999' }, body: '{"code":-1003,"msg":"Way too many requests; IP banned."}' }, 600_000);
    await expect(r.rest.request(read)).rejects.toMatchObject({ code: 'RATE_LIMIT', retryAfterMs: 600_000 });
    expect(r.limiter.snapshot().bannedUntil).toBe(1_700_000_600_000);
    expect(r.bans).toEqual([1_700_000_600_000]);
    expect(r.warnings).toEqual([expect.objectContaining({ status: 418, requestedMs: 99_999_999_000, cappedMs: 600_000, path: '/api/v3/account' })]);
  });

  it('caps a ban date far in the future in the 418 message with the default bound of one hour', async () => {
    const r = rig({ status: 418, headers: {}, body: '{"code":-1003,"msg":"Way too many requests; IP banned until 9999999999999."}' });
    await expect(r.rest.request(read)).rejects.toMatchObject({ retryAfterMs: DEFAULT_MAX_VENUE_WAIT_MS });
    expect(r.limiter.snapshot().bannedUntil).toBe(1_700_000_000_000 + 3_600_000);
  });

  it('caps a 429 Retry-After, keeps one within the bound, and ignores a malformed one', async () => {
    const huge = rig({ status: 429, headers: { 'retry-after': '99999999' }, body: '{"code":-1003,"msg":"Too many requests"}' }, 60_000);
    await expect(huge.rest.request(read)).rejects.toMatchObject({ retryAfterMs: 60_000 });
    expect(huge.limiter.snapshot().blockedUntil).toBe(1_700_000_060_000);
    const fair = rig({ status: 429, headers: { 'retry-after': '7' }, body: '{"code":-1003,"msg":"Too many requests"}' }, 60_000);
    await expect(fair.rest.request(read)).rejects.toMatchObject({ retryAfterMs: 7_000 });
    expect(fair.warnings).toEqual([]);
    const odd = rig({ status: 429, headers: { 'retry-after': '1e400' }, body: '{"code":-1003,"msg":"Too many requests"}' }, 60_000);
    await expect(odd.rest.request(read)).rejects.toMatchObject({ retryAfterMs: 1_000 });
  });
});
