import type { WebSocket } from 'ws';
import type { RequestAuthenticator } from '../auth/request-auth';
import { wsApiSigningPayload } from '../auth/signature';
import type { FaultInjector } from '../control/fault-injector';
import { BinanceApiError } from '../errors/binance-error';
import { ApiDispatcher, DispatchError, type RequestCredentials } from '../http/api-dispatcher';
import { REST_ROUTES } from '../http/api-endpoints';
import { weightOf } from '../rate-limit/endpoint-weights';
import type { RateLimiter, RateUsage } from '../rate-limit/rate-limiter';
import { RequestParams } from '../rules/request-params';
import { inTimeUnit, type TimeUnit } from '../time/time-unit';
import { decodeWsApiRequest, type WsApiRequest } from './ws-request-decoding';

type Json = Record<string, unknown>;

/** Operation name → REST route, to weigh WebSocket API requests like their REST twins. */
const ROUTE_OF: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(REST_ROUTES).map(([route, op]) => [op, route]));

/** What a session needs from the emulator. */
export interface WsApiDeps {
  readonly dispatcher: ApiDispatcher;
  readonly auth: RequestAuthenticator;
  readonly limiter: RateLimiter;
  readonly faults: FaultInjector;
  readonly serverTime: () => number;
}

/**
 * One WebSocket API connection (`/ws-api/v3`): `{id, method, params}` requests answered as
 * `{id, status, result|error, rateLimits}`, session logon, and user-data subscriptions pushed as
 * `{subscriptionId, event}`.
 */
export class WsApiSession {
  private apiKey?: string;
  private readonly connectedSince: number;
  private readonly subscriptions = new Set<number>();
  private nextSubscriptionId = 0;

  constructor(
    readonly socket: WebSocket,
    private readonly deps: WsApiDeps,
    /** From `timeUnit` on the connection URL: every answer and event is sent in it. */
    private readonly timeUnit: TimeUnit = 'MILLISECOND',
  ) {
    this.connectedSince = deps.serverTime();
    socket.on('message', (raw) => this.onMessage(raw.toString()));
  }

  /** True while at least one user-data subscription is open. */
  get subscribed(): boolean {
    return this.subscriptions.size > 0;
  }

  /** Pushes a user-data event to every subscription of this session. */
  pushUserEvent(event: Json): void {
    for (const id of this.subscriptions) this.send({ subscriptionId: id, event });
  }

  /** Ends the subscriptions with eventStreamTerminated (logout, revoked key). */
  terminate(): void {
    this.pushUserEvent({ e: 'eventStreamTerminated', E: this.deps.serverTime() });
    this.subscriptions.clear();
  }

  send(message: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(inTimeUnit(message, this.timeUnit)));
  }

  /**
   * One request frame: decoded first (a malformed one gets Binance's 400 answer), then handled; nothing a
   * client sends can throw out of here and end the emulator.
   */
  private onMessage(text: string): void {
    const decoded = decodeWsApiRequest(text);
    if ('reply' in decoded) return this.send(decoded.reply);
    try {
      this.handle(decoded.request);
    } catch {
      this.send({ id: decoded.request.id, status: 500, error: { code: -1000, msg: 'An unknown error occurred while processing the request.' } });
    }
  }

  private handle(msg: WsApiRequest): void {
    const { id, method } = msg;
    const fault = this.deps.faults.take(method, 'ws-api');
    if (fault?.kind === 'drop') return void this.socket.terminate();
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'http5xx') return this.send({ id, status: fault.status ?? 503, error: { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' } });
    if (fault?.kind === 'clockSkew') return this.send({ id, status: 400, error: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' } });
    if (fault?.kind === 'rateLimit') {
      // web-socket-api.md "Rate limits": status 429, -1003, and `data.retryAfter` (epoch ms) in place of REST's Retry-After header.
      const now = this.deps.serverTime();
      const error = { code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.', data: { serverTime: now, retryAfter: now + (fault.retryAfterSec ?? 1) * 1000 } };
      return this.send({ id, status: 429, error, rateLimits: this.rateLimits(this.deps.limiter.usage(), false) });
    }
    if (fault?.kind === 'ban') this.deps.limiter.ban((fault.retryAfterSec ?? 120) * 1000);
    if (fault?.kind === 'delay') {
      const timer = setTimeout(() => this.answer(msg, undefined), fault.delayMs ?? 1000);
      this.socket.once('close', () => clearTimeout(timer));
      return;
    }
    this.answer(msg, fault?.kind === 'acceptThen5xx' ? (fault.status ?? 503) : undefined);
  }

  /** Executes a request and sends its answer (`failAfter`: the request runs, then a 5xx -1007 is answered instead). */
  private answer(msg: WsApiRequest, failAfter: number | undefined): void {
    const { id, method } = msg;
    try {
      const { result, usage, isOrder } = this.execute(method, msg.params);
      if (failAfter !== undefined) {
        return this.send({ id, status: failAfter, error: { code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' }, rateLimits: this.rateLimits(usage, isOrder) });
      }
      this.send({ id, status: 200, result, rateLimits: this.rateLimits(usage, isOrder) });
    } catch (e) {
      const err = e instanceof DispatchError ? e.error : e instanceof BinanceApiError ? e : new BinanceApiError(500, -1000);
      const usage = e instanceof DispatchError ? e.usage : this.deps.limiter.usage();
      const error: Json = { code: err.code, msg: err.msg };
      if (err.data) error.data = err.data;
      this.send({ id, status: err.status, error, rateLimits: this.rateLimits(usage, e instanceof DispatchError && e.isOrder) });
    }
  }

  private execute(method: string, raw: Record<string, unknown>): { result: unknown; usage: RateUsage | undefined; isOrder: boolean } {
    const params = RequestParams.fromObject(raw);
    const now = this.deps.serverTime();
    switch (method) {
      case 'session.logon': {
        // Binance accepts only Ed25519 keys here; the emulator also accepts HMAC so HMAC clients can test sessions.
        this.apiKey = this.verify(params, raw).apiKey;
        return { result: this.sessionStatus(now), usage: this.deps.limiter.admit(2, false), isOrder: false };
      }
      case 'session.status':
        return { result: this.sessionStatus(now), usage: this.deps.limiter.admit(2, false), isOrder: false };
      case 'session.logout':
        this.terminate();
        this.apiKey = undefined;
        return { result: this.sessionStatus(now), usage: this.deps.limiter.admit(2, false), isOrder: false };
      case 'userDataStream.subscribe':
        if (!this.apiKey) throw new BinanceApiError(401, -2015);
        return this.subscribe();
      case 'userDataStream.subscribe.signature':
        this.verify(params, raw);
        return this.subscribe();
      case 'session.subscriptions':
        // web-socket-api.md "Listing all subscriptions": the open user-data subscriptions of this session.
        return { result: [...this.subscriptions].map((subscriptionId) => ({ subscriptionId })), usage: this.deps.limiter.admit(2, false), isOrder: false };
      case 'userDataStream.unsubscribe': {
        const sub = params.integer('subscriptionId');
        if (sub === undefined) this.subscriptions.clear();
        else if (!this.subscriptions.delete(sub)) throw new BinanceApiError(400, -2036);
        return { result: {}, usage: this.deps.limiter.admit(2, false), isOrder: false };
      }
      default: {
        const route = ROUTE_OF[method] ?? '';
        const weight = weightOf(route, params.has('symbol') || params.has('symbols'), params.integer('limit'));
        const credentials: RequestCredentials =
          this.apiKey && !params.has('signature')
            ? { kind: 'session', apiKey: this.apiKey }
            : { kind: 'signed', apiKey: params.optional('apiKey'), payload: wsApiSigningPayload(raw), signature: params.optional('signature') };
        const stripped = RequestParams.fromObject(Object.fromEntries(Object.entries(raw).filter(([k]) => k !== 'apiKey' && k !== 'signature')));
        const r = this.deps.dispatcher.dispatch(method, stripped, weight, credentials, 'ws-api');
        return { result: r.body, usage: r.usage, isOrder: r.isOrder };
      }
    }
  }

  private verify(params: RequestParams, raw: Record<string, unknown>) {
    return this.deps.auth.verify(
      { apiKey: params.optional('apiKey'), payload: wsApiSigningPayload(raw), signature: params.optional('signature'), timestamp: params.optional('timestamp'), recvWindow: params.optional('recvWindow') },
      this.deps.serverTime(),
    );
  }

  private subscribe(): { result: unknown; usage: RateUsage; isOrder: boolean } {
    const id = this.nextSubscriptionId++;
    this.subscriptions.add(id);
    return { result: { subscriptionId: id }, usage: this.deps.limiter.admit(2, false), isOrder: false };
  }

  private sessionStatus(now: number): Json {
    return {
      apiKey: this.apiKey ?? null,
      authorizedSince: this.apiKey ? now : null,
      connectedSince: this.connectedSince,
      returnRateLimits: true,
      serverTime: now,
      userDataStream: this.subscribed,
    };
  }

  private rateLimits(usage: RateUsage | undefined, isOrder: boolean): Json[] {
    if (!usage) return [];
    const limits = this.deps.limiter.limits;
    const out: Json[] = [];
    if (isOrder) {
      out.push({ rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: limits.ordersPer10s, count: usage.orders10s });
      out.push({ rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: limits.ordersPerDay, count: usage.orders1d });
    }
    out.push({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: limits.requestWeightPerMinute, count: usage.weight1m });
    return out;
  }
}
