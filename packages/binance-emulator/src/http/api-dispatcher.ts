import type { RequestAuthenticator } from '../auth/request-auth';
import type { OrderJournal } from '../control/order-journal';
import { apiErrors, BinanceApiError } from '../errors/binance-error';
import { RateLimiter, type RateUsage } from '../rate-limit/rate-limiter';
import type { RequestParams } from '../rules/request-params';
import { ENDPOINTS, type EndpointContext } from './api-endpoints';

/** How a request proves who it is: REST/WS signature parts, or an authenticated WebSocket session. */
export type RequestCredentials =
  | { readonly kind: 'signed'; readonly apiKey: string | undefined; readonly payload: string; readonly signature: string | undefined }
  | { readonly kind: 'session'; readonly apiKey: string };

/** A successful answer with the usage to report. */
export interface DispatchResult {
  readonly body: unknown;
  readonly usage: RateUsage;
  readonly isOrder: boolean;
}

/** A failure with the usage to report (the error carries status and Retry-After). */
export class DispatchError extends Error {
  constructor(
    readonly error: BinanceApiError,
    readonly usage: RateUsage | undefined,
    readonly isOrder: boolean,
  ) {
    super(error.message);
  }
}

/**
 * Runs one API operation the way the venue does, for REST and the WebSocket API alike: maintenance,
 * request weight and order limits, authentication, then the endpoint; order placements are journaled.
 */
export class ApiDispatcher {
  constructor(
    private readonly ctx: EndpointContext,
    private readonly auth: RequestAuthenticator,
    private readonly limiter: RateLimiter,
    private readonly journal: OrderJournal,
  ) {}

  dispatch(operation: string, params: RequestParams, weight: number, credentials: RequestCredentials, transport: 'rest' | 'ws-api'): DispatchResult {
    const endpoint = ENDPOINTS[operation];
    this.journal.count(operation);
    const isOrder = endpoint?.isOrder === true;
    let usage: RateUsage | undefined;
    try {
      if (!endpoint) throw apiErrors.unsupported();
      if (this.ctx.maintenance() && operation !== 'ping' && operation !== 'time' && operation !== 'exchangeInfo') throw apiErrors.serviceUnavailable();
      usage = this.limiter.admit(weight, isOrder);
      if (endpoint.signed) {
        if (credentials.kind === 'session') this.auth.checkKey(credentials.apiKey);
        else {
          this.auth.verify(
            { apiKey: credentials.apiKey, payload: credentials.payload, signature: credentials.signature, timestamp: params.optional('timestamp'), recvWindow: params.optional('recvWindow') },
            this.ctx.serverTime(),
          );
        }
      }
      const body = endpoint.handle(params, this.ctx);
      if (operation === 'order.place') this.journalOrder(params, transport, body);
      return { body, usage, isOrder };
    } catch (e) {
      const error = e instanceof BinanceApiError ? e : new BinanceApiError(500, -1000, undefined);
      if (operation === 'order.place' && usage) this.journalOrder(params, transport, undefined, error.code);
      throw new DispatchError(error, usage ?? (error.status === 429 || error.status === 418 ? undefined : this.limiter.usage()), isOrder);
    }
  }

  /** The X-MBX-* headers for a result or failure. */
  static headers(usage: RateUsage | undefined, isOrder: boolean): Record<string, string> {
    return usage ? RateLimiter.headers(usage, isOrder) : {};
  }

  private journalOrder(params: RequestParams, transport: 'rest' | 'ws-api', body: unknown, errorCode?: number): void {
    const orderId = typeof body === 'object' && body !== null ? (body as { orderId?: number }).orderId : undefined;
    const clientOrderId = typeof body === 'object' && body !== null ? (body as { clientOrderId?: string }).clientOrderId : params.optional('newClientOrderId');
    this.journal.record({
      clientOrderId,
      transport,
      operation: 'order.place',
      params: Object.fromEntries(params.entries().filter(([k]) => k !== 'signature')),
      receivedAt: this.ctx.serverTime(),
      orderId,
      errorCode,
    });
  }
}

