import { OrderNotSentError, type VenuePayloadError } from '@silvertine/core';
import { PayloadRejection } from '../decoding/payload-rejection';
import type { BinanceRestClient, RestCall } from '../http/binance-rest-client';
import type { RequestRateLimiter } from '../http/request-rate-limiter';
import { wsApiPayload, type RequestSigner } from '../http/request-signer';
import type { RawWsApiFrame } from '../mapping/binance-types';
import type { UserDataStream, WsApiParams } from './user-data-stream';

/**
 * Where the broker sends its order requests (place, cancel, query): the REST client itself, or the
 * WebSocket API channel below. Both take the same RestCall and answer with the same decoded value or
 * the same typed errors, so the broker, the unknown-order resolver and the bracket exits do not know
 * which one they use.
 */
export interface OrderChannel {
  request<T>(call: RestCall<T>): Promise<T>;
}

/**
 * REST route → WebSocket API method, same parameters and same answers (web-socket-api.md "Trading
 * requests": order.place, order.cancel, order.status, orderList.place.oco;
 * https://developers.binance.com/docs/binance-spot-api-docs/web-socket-api/trading-requests).
 */
const METHODS: Readonly<Record<string, string>> = {
  'POST /api/v3/order': 'order.place',
  'DELETE /api/v3/order': 'order.cancel',
  'GET /api/v3/order': 'order.status',
  'POST /api/v3/orderList/oco': 'orderList.place.oco',
};

export interface WsApiOrderChannelOptions {
  /** The WebSocket API connection that carries user data: orders travel on it too. */
  readonly stream: UserDataStream;
  /** For every other request, the server-time offset, the signing times of unsettled orders and the mapping of refusals. */
  readonly rest: BinanceRestClient;
  /** The same limiter as REST: the WebSocket API counts against the same IP weight and order limits. */
  readonly limiter: RequestRateLimiter;
  readonly apiKey: string;
  readonly signer: RequestSigner;
  readonly recvWindowMs: number;
  /** A request without an answer by then (on the broker's clock) fails with TimeoutError: an order's outcome is then unknown. */
  readonly timeoutMs: number;
  /** Reports an answer refused by its decoder and returns the error to throw (the broker's VenuePayloadError). */
  readonly rejectPayload: (kind: string, reason: string, payload: unknown) => VenuePayloadError;
}

/**
 * Order entry over the WebSocket API (config `orderEntry: websocket`): order.place, order.cancel,
 * order.status and orderList.place.oco on the one connection that also carries the user-data stream,
 * requests matched to answers by id; anything else goes to REST. Each request is signed like REST's
 * (HMAC or Ed25519 over the sorted params, web-socket-api.md "SIGNED request security"), because
 * session.logon takes Ed25519 keys only. Semantics are REST's:
 * - no answer by `timeoutMs`, a dropped connection, a 5xx, -1006/-1007 or an answer that fails its
 *   decoder: the outcome is unknown (TimeoutError, TemporaryConnectionError, VenuePayloadError), the
 *   signing time is kept for the resolver, and the order is resolved by query, never sent again;
 * - no open connection: nothing was sent (OrderNotSentError, a definite rejection); a read (order.status)
 *   then goes over REST instead;
 * - 429/418 and every error code map through the same table and limiter as REST; `error.data.retryAfter`
 *   (an epoch in ms) plays the part of Retry-After; each answer's `rateLimits` corrects the limiter.
 */
export class WsApiOrderChannel implements OrderChannel {
  constructor(private readonly o: WsApiOrderChannelOptions) {}

  request<T>(call: RestCall<T>): Promise<T> {
    const method = METHODS[`${call.method} ${call.path}`];
    return method === undefined ? this.o.rest.request(call) : this.send(method, call);
  }

  private async send<T>(method: string, call: RestCall<T>): Promise<T> {
    this.o.limiter.acquire(call.weight, call.isOrder ?? false);
    const params: WsApiParams = {};
    const given = call.params ?? {};
    for (const key in given) {
      const value = given[key];
      if (value !== undefined) params[key] = value;
    }
    const timestamp = this.o.rest.serverNow();
    params.apiKey = this.o.apiKey;
    params.recvWindow = this.o.recvWindowMs;
    params.timestamp = timestamp;
    params.signature = this.o.signer.sign(wsApiPayload(params));
    let answer: RawWsApiFrame;
    try {
      answer = await this.o.stream.exchange(method, params, this.o.timeoutMs);
    } catch (error) {
      if (error instanceof OrderNotSentError) {
        if (call.retry) return this.o.rest.request(call);
        throw error;
      }
      this.keepTimestamp(call, timestamp);
      throw error;
    }
    if (answer.rateLimits) this.o.limiter.observeUsage(answer.rateLimits);
    if (answer.status !== 200) {
      this.keepTimestamp(call, timestamp);
      const retryAt = answer.error?.data?.retryAfter;
      const retryAfterMs = retryAt === undefined ? undefined : Math.max(1, retryAt - this.o.rest.serverNow());
      const error = this.o.rest.refusal(call, answer.status ?? 500, answer.error ?? {}, retryAfterMs);
      // Our clock drifted from the venue's: measure it again for the next request (an order is not resent).
      if (error.venueCode === -1021) void this.o.rest.syncTime().catch(() => undefined);
      throw error;
    }
    try {
      return call.decode(answer.result);
    } catch (error) {
      if (!(error instanceof PayloadRejection)) throw error;
      this.keepTimestamp(call, timestamp);
      throw this.o.rejectPayload(`ws-api ${method}`, error.message, answer.result);
    }
  }

  /** An order whose outcome the answer did not settle: its signing time bounds when the venue may still accept it. */
  private keepTimestamp(call: RestCall<unknown>, timestamp: number): void {
    if (call.isOrder && call.clientOrderId !== undefined) this.o.rest.rememberOrderTimestamp(call.clientOrderId, timestamp);
  }
}
