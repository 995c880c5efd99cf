import type { IncomingMessage } from 'node:http';

/** The paths the monitoring server answers. */
export const MONITORING_ROUTES = ['/', '/health', '/health/detailed', '/metrics', '/dashboard', '/dashboard/snapshot', '/dashboard/events', '/dashboard/uplot.js', '/dashboard/uplot.css'] as const;

export type MonitoringRoute = (typeof MONITORING_ROUTES)[number];

/** Routes a browser opens itself (the page and its EventSource cannot set headers): they accept `?access_token=`. */
const BROWSER_ROUTES: ReadonlySet<string> = new Set(['/', '/dashboard', '/dashboard/snapshot', '/dashboard/events', '/dashboard/uplot.js', '/dashboard/uplot.css']);

/** Longest request target accepted: the routes are short; a long URL is an attack or a mistake. */
export const MAX_REQUEST_TARGET = 2048;

/** Longest bearer token accepted (a token is compared in constant time, but only after this cheap bound). */
export const MAX_TOKEN_LENGTH = 1024;

/** A request the server can act on: method, route and the token it presents, all checked. */
export interface DecodedRequest {
  readonly ok: true;
  readonly method: 'GET' | 'HEAD';
  /** A known route, or undefined (answered 404 once authorized). */
  readonly route?: MonitoringRoute;
  readonly pathname: string;
  /** What the request presents as its bearer token; undefined when none or malformed. */
  readonly token?: string;
  /** Query string to carry over on the `/` redirect (only `access_token` survives decoding). */
  readonly search: string;
}

/** A request refused before anything reads it: the status and a short reason for the JSON body. */
export interface RefusedRequest {
  readonly ok: false;
  readonly status: 400 | 405 | 413 | 414;
  readonly error: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Close the connection after answering (a body we will not read may follow). */
  readonly close?: boolean;
}

/**
 * Decodes an HTTP request at the boundary, before any handler reads it: the request target (bounded,
 * parsed as a path, no query but `access_token` on browser routes), the method (GET and HEAD only: the
 * server has no state to change), the absence of a body (bodies are refused, never read, so their size
 * is bounded at zero) and the Authorization header (`Bearer <token>`, visible ASCII, bounded).
 */
export function decodeMonitoringRequest(req: IncomingMessage): DecodedRequest | RefusedRequest {
  const target = req.url ?? '/';
  if (target.length > MAX_REQUEST_TARGET) return { ok: false, status: 414, error: 'request target too long' };
  if (!target.startsWith('/')) return { ok: false, status: 400, error: 'request target must be a path' };
  let url: URL;
  try {
    url = new URL(target, 'http://monitoring.invalid');
  } catch {
    return { ok: false, status: 400, error: 'malformed request target' };
  }
  if (hasBody(req)) return { ok: false, status: 413, error: 'request bodies are not accepted', close: true };
  if (req.method !== 'GET' && req.method !== 'HEAD') return { ok: false, status: 405, error: 'method not allowed', headers: { allow: 'GET, HEAD' } };
  const route = (MONITORING_ROUTES as readonly string[]).includes(url.pathname) ? (url.pathname as MonitoringRoute) : undefined;
  const browser = route !== undefined && BROWSER_ROUTES.has(route);
  const queryToken = browser ? url.searchParams.get('access_token') ?? undefined : undefined;
  const token = bearerToken(req.headers.authorization) ?? (req.headers.authorization === undefined ? validToken(queryToken) : undefined);
  return {
    ok: true, method: req.method, route, pathname: url.pathname, token,
    search: queryToken === undefined ? '' : `?access_token=${encodeURIComponent(queryToken)}`,
  };
}

/** True when the request announces a body (a length above zero, or any transfer coding). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The token of `Bearer <token>`, or undefined for any other scheme or a malformed token. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return validToken(match?.[1]);
}

function validToken(token: string | undefined): string | undefined {
  return token !== undefined && token.length <= MAX_TOKEN_LENGTH && /^[\x21-\x7e]+$/.test(token) ? token : undefined;
}
