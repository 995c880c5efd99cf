import { ManualClock, TimeoutError, type Logger } from '@silvertine/core';
import { decodeOrder } from '../decoding/rest-order.decoder';
import { BinanceRestClient } from './binance-rest-client';
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
