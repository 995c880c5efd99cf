import { ManualClock, OrderNotSentError, RateLimitError, TimeoutError, VenuePayloadError, type Logger } from '@silvertine/core';
import { fixture } from '../../test/fixtures';
import { decodeOrder } from '../decoding/rest-order.decoder';
import { BinanceRestClient, type RestCall } from '../http/binance-rest-client';
import { RequestRateLimiter } from '../http/request-rate-limiter';
import { hmacSigner, wsApiPayload } from '../http/request-signer';
import type { RestResponse, RestTransport } from '../http/rest-transport';
import type { RawOrder, RawWsApiFrame } from '../mapping/binance-types';
import type { UserDataStream, WsApiParams } from './user-data-stream';
import { WsApiOrderChannel } from './ws-api-order-channel';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

/** Doubles of the two ports the channel talks through: the WebSocket API connection and the REST transport. */
function setup(answer: (method: string, params: WsApiParams) => Promise<RawWsApiFrame>, restBody = '{}') {
  const clock = new ManualClock(1_700_000_000_000);
  const limiter = new RequestRateLimiter(clock);
  const restSent: string[] = [];
  const transport: RestTransport = {
    name: 'scripted',
    request: async (r): Promise<RestResponse> => {
      restSent.push(`${r.method} ${r.path.split('?')[0]}`);
      return { status: 200, headers: {}, body: restBody };
    },
    close: async () => undefined,
  };
  const rest = new BinanceRestClient({ transport, apiKey: 'k', signer: hmacSigner('s'), limiter, clock, logger: quiet, brokerId: 'b', recvWindowMs: 5_000, timeoutMs: 1_000 });
  const sent: Array<{ method: string; params: WsApiParams }> = [];
  const stream = { exchange: (method: string, params: WsApiParams) => (sent.push({ method, params }), answer(method, params)) } as unknown as UserDataStream;
  const channel = new WsApiOrderChannel({
    stream, rest, limiter, apiKey: 'k', signer: hmacSigner('s'), recvWindowMs: 5_000, timeoutMs: 1_000,
    rejectPayload: (kind, reason) => new VenuePayloadError(kind, reason, undefined, { brokerId: 'b' }),
  });
  return { clock, limiter, rest, channel, sent, restSent };
}

const place: RestCall<RawOrder> = {
  method: 'POST', path: '/api/v3/order', params: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '45000', newClientOrderId: 'c1', timeInForce: undefined },
  signed: true, weight: 1, isOrder: true, clientOrderId: 'c1', decode: decodeOrder,
};
const query: RestCall<RawOrder> = { method: 'GET', path: '/api/v3/order', params: { symbol: 'BTCUSDT', origClientOrderId: 'c1' }, signed: true, weight: 4, retry: true, clientOrderId: 'c1', decode: decodeOrder };
const ok = (result: unknown, rateLimits?: RawWsApiFrame['rateLimits']): Promise<RawWsApiFrame> => Promise.resolve({ id: 1, status: 200, result, rateLimits });

describe('WsApiOrderChannel', () => {
  it('sends order.place signed over the sorted params (undefined dropped) and returns the decoded result', async () => {
    const full = fixture<RawOrder>('order-full-response');
    const { channel, sent } = setup(() => ok(full));
    expect(await channel.request(place)).toBe(full);
    expect(sent).toHaveLength(1);
    const { method, params } = sent[0];
    expect(method).toBe('order.place');
    expect(params).not.toHaveProperty('timeInForce');
    expect(params).toMatchObject({ apiKey: 'k', recvWindow: 5_000, timestamp: 1_700_000_000_000, newClientOrderId: 'c1' });
    expect(params.signature).toBe(hmacSigner('s').sign(wsApiPayload(params)));
  });

  it('an answer that fails its decoder is a VenuePayloadError naming the field, and the order\'s signing time is kept', async () => {
    const { channel, rest } = setup(() => ok({ ...fixture<Record<string, unknown>>('order-full-response'), orderId: 'seven' }));
    await expect(channel.request(place)).rejects.toThrow(/orderId must be an integer/);
    await expect(channel.request(place)).rejects.toBeInstanceOf(VenuePayloadError);
    expect(rest.signedOrderTimestamp('c1')).toBe(1_700_000_000_000);
  });

  it('a request with no answer by its deadline keeps the signing time (the resolver\'s bound)', async () => {
    const { channel, rest } = setup(() => Promise.reject(new TimeoutError('no answer', 1_000)));
    await expect(channel.request(place)).rejects.toBeInstanceOf(TimeoutError);
    expect(rest.signedOrderTimestamp('c1')).toBe(1_700_000_000_000);
  });

  it('a 429 blocks the shared limiter until data.retryAfter; the rateLimits rows correct its counts', async () => {
    const rows = [
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50, count: 7 },
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 99 },
    ];
    const { channel, limiter } = setup(() => Promise.resolve({ id: 1, status: 429, error: { code: -1003, msg: 'Too much request weight used', data: { retryAfter: 1_700_000_003_000 } }, rateLimits: rows }));
    const refused = channel.request(place);
    await expect(refused).rejects.toBeInstanceOf(RateLimitError);
    await expect(refused).rejects.toMatchObject({ retryAfterMs: 3_000, venueCode: -1003 });
    expect(limiter.snapshot()).toMatchObject({ orders10s: 7, weight1m: 99, blockedUntil: 1_700_000_003_000 });
    // refused locally until then: nothing more is sent
    await expect(channel.request(place)).rejects.toBeInstanceOf(RateLimitError);
  });

  it('with no connection, an order is not sent (OrderNotSentError) and a query goes over REST instead', async () => {
    const { channel, restSent } = setup(() => Promise.reject(new OrderNotSentError('not connected')), JSON.stringify(fixture('order-query-response')));
    await expect(channel.request(place)).rejects.toBeInstanceOf(OrderNotSentError);
    expect(restSent).toEqual([]);
    await channel.request(query);
    expect(restSent).toEqual(['GET /api/v3/order']);
  });

  it('requests it has no WebSocket API method for go over REST', async () => {
    const { channel, sent, restSent } = setup(() => ok({}), '[]');
    await channel.request({ method: 'GET', path: '/api/v3/myTrades', params: { symbol: 'BTCUSDT' }, signed: true, weight: 20, decode: (b) => b });
    expect(sent).toEqual([]);
    expect(restSent).toEqual(['GET /api/v3/myTrades']);
  });
});
