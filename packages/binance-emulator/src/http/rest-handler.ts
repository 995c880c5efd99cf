import type { IncomingMessage, ServerResponse } from 'node:http';
import { restSigningPayload } from '../auth/signature';
import type { FaultInjector } from '../control/fault-injector';
import { BinanceApiError, type BinanceErrorBody } from '../errors/binance-error';
import { isOrderRoute, weightOf } from '../rate-limit/endpoint-weights';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import { RequestParams } from '../rules/request-params';
import { inTimeUnit, parseTimeUnit, type TimeUnit } from '../time/time-unit';
import { ApiDispatcher, DispatchError } from './api-dispatcher';
import { REST_ROUTES } from './api-endpoints';

/** A handler for paths outside /api (the /emulator control routes); returns false when not its path. */
export type ExtraRoute = (req: IncomingMessage, res: ServerResponse, path: string, body: string) => boolean;

/** Timers and requests the REST side holds, released by the emulator's close(). */
export interface PendingWork {
  readonly timers: Set<NodeJS.Timeout>;
  readonly hung: Set<ServerResponse>;
}

const MAX_BODY = 1 << 20;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

function errorBody(e: BinanceApiError): BinanceErrorBody {
  return e.body();
}

/**
 * Serves Binance's REST API over node:http: decodes query and body, weighs the route, applies injected
 * faults, and answers JSON with the X-MBX-* headers exactly as the dispatcher decides.
 */
export class RestHandler {
  constructor(
    private readonly dispatcher: ApiDispatcher,
    private readonly faults: FaultInjector,
    private readonly limiter: RateLimiter,
    private readonly pending: PendingWork,
    private readonly extra: ExtraRoute,
    private readonly countRoute: (routeKey: string) => void = () => undefined,
  ) {}

  handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => this.route(req, res, Buffer.concat(chunks).toString('utf8')));
  }

  private route(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    if (this.extra(req, res, path, body)) return;
    const routeKey = `${req.method ?? 'GET'} ${path}`;
    this.countRoute(routeKey);
    const operation = REST_ROUTES[routeKey];
    if (!operation) {
      send(res, 404, { code: -1000, msg: `Unknown endpoint ${routeKey}` });
      return;
    }
    const fault = this.faults.take(path, 'rest');
    if (fault?.kind === 'drop') return void req.socket.destroy();
    if (fault?.kind === 'hang') return void this.pending.hung.add(res);
    if (fault?.kind === 'http5xx') return send(res, fault.status ?? 503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
    if (fault?.kind === 'clockSkew') return send(res, 400, { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
    if (fault?.kind === 'rateLimit') {
      const retry = String(fault.retryAfterSec ?? 1);
      return send(res, 429, { code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' }, { 'Retry-After': retry });
    }
    if (fault?.kind === 'ban') this.limiter.ban((fault.retryAfterSec ?? 120) * 1000);
    const run = (): void => this.run(res, operation, routeKey, rawQuery, body, req, fault?.kind === 'acceptThen5xx' ? (fault.status ?? 503) : undefined);
    if (fault?.kind === 'delay') {
      const timer = setTimeout(() => {
        this.pending.timers.delete(timer);
        run();
      }, fault.delayMs ?? 1000);
      this.pending.timers.add(timer);
    } else run();
  }

  private run(res: ServerResponse, operation: string, routeKey: string, rawQuery: string, body: string, req: IncomingMessage, failAfter?: number): void {
    let params: RequestParams;
    let unit: TimeUnit;
    try {
      const unitHeader = req.headers['x-mbx-time-unit'];
      unit = parseTimeUnit(Array.isArray(unitHeader) ? unitHeader[0] : unitHeader);
      params = new RequestParams([...new URLSearchParams(rawQuery).entries(), ...new URLSearchParams(body).entries()]);
    } catch (e) {
      if (e instanceof BinanceApiError) return send(res, e.status, errorBody(e));
      throw e;
    }
    const limit = params.optional('limit');
    const weight = weightOf(routeKey, params.has('symbol') || params.has('symbols'), limit && /^\d+$/.test(limit) ? Number(limit) : undefined);
    const { payload, signature } = restSigningPayload(rawQuery, body);
    const header = req.headers['x-mbx-apikey'];
    const apiKey = Array.isArray(header) ? header[0] : header;
    try {
      const result = this.dispatcher.dispatch(operation, params, weight, { kind: 'signed', apiKey, payload, signature }, 'rest');
      const headers = ApiDispatcher.headers(result.usage, isOrderRoute(routeKey));
      if (failAfter !== undefined) {
        return send(res, failAfter, { code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' }, headers);
      }
      send(res, 200, inTimeUnit(result.body, unit), headers);
    } catch (e) {
      if (!(e instanceof DispatchError)) throw e;
      send(res, e.error.status, errorBody(e.error), { ...ApiDispatcher.headers(e.usage, isOrderRoute(routeKey)), ...e.error.headers });
    }
  }
}
