import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BearerAuth } from './bearer-auth';
import { MAX_REQUEST_TARGET, bearerToken } from './request-decoder';

/**
 * The kill switch as the monitoring server drives it: @silvertine/resilience's KillSwitch has this
 * shape (monitoring does not depend on resilience; the composition root hands it over).
 */
export interface KillSwitchControl {
  /** The reason while engaged, undefined while released. */
  readonly reason: string | undefined;
  engage(reason: string): Promise<{ readonly canceled: readonly unknown[]; readonly failed: readonly unknown[]; readonly deferred: readonly string[] }>;
  release(): Promise<void>;
}

/** The kill switch's paths: status (GET), engage and release (POST). */
const PATHS = { status: '/kill-switch', engage: '/kill-switch/engage', release: '/kill-switch/release' } as const;

/** Largest request body accepted on engage/release: `{"reason": "..."}` with a 500-character reason fits. */
export const MAX_KILL_SWITCH_BODY = 2048;

/** Longest reason kept. */
const MAX_REASON = 500;

type Answer = readonly [status: number, body: Record<string, unknown>, headers?: Record<string, string>];

/**
 * `GET /kill-switch` answers `{"engaged", "reason"}`; `POST /kill-switch/engage` with an optional JSON
 * body `{"reason": "..."}` engages (cancelling open orders) and answers what the sweep did; `POST
 * /kill-switch/release` releases. Reads follow the server's token rule (a token when one is configured);
 * the POSTs always need the configured bearer token, even on loopback: a web page the operator has
 * open can send a POST to 127.0.0.1, it cannot add an Authorization header to it.
 */
export class KillSwitchRoute {
  constructor(private readonly control: KillSwitchControl, private readonly auth: BearerAuth | undefined) {}

  /** True for the kill switch's paths (any method): this route answers them, the other routes never see them. */
  handles(req: IncomingMessage): boolean {
    const target = req.url ?? '';
    if (target.length > MAX_REQUEST_TARGET) return false;
    const path = target.split('?')[0];
    return path === PATHS.status || path === PATHS.engage || path === PATHS.release;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [status, body, headers] = await this.answer(req);
    for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : text);
  }

  private async answer(req: IncomingMessage): Promise<Answer> {
    const path = (req.url ?? '').split('?')[0];
    const write = path !== PATHS.status;
    const allowed = write ? ['POST'] : ['GET', 'HEAD'];
    if (!allowed.includes(req.method ?? '')) return [405, { error: 'method not allowed' }, { allow: allowed.join(', '), connection: 'close' }];
    const token = bearerToken(req.headers.authorization);
    if (write && !this.auth) return [403, { error: 'the kill switch is driven over HTTP only with a bearer token: set monitoring.token' }, { connection: 'close' }];
    if (this.auth && !this.auth.matches(token)) return [401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer realm="silvertine-monitoring"', connection: 'close' }];
    if (!write) return [200, this.status()];
    const decoded = await readReason(req);
    if (!decoded.ok) return [decoded.status, { error: decoded.error }, { connection: 'close' }];
    if (path === PATHS.release) {
      if (decoded.reason !== undefined) return [400, { error: 'reason is for engage only' }];
      await this.control.release();
      return [200, this.status()];
    }
    const report = await this.control.engage(decoded.reason ?? 'engaged over HTTP');
    return [200, { ...this.status(), canceled: report.canceled.length, failed: report.failed, deferred: report.deferred }];
  }

  private status(): Record<string, unknown> {
    const reason = this.control.reason;
    return { engaged: reason !== undefined, ...(reason !== undefined && { reason }) };
  }
}

type DecodedBody = { readonly ok: true; readonly reason?: string } | { readonly ok: false; readonly status: 400 | 411 | 413 | 415; readonly error: string };

/**
 * The body of a POST: none, or a JSON object with at most `reason` (a non-empty line of printable text,
 * at most 500 characters). Bounded before it is read: a declared length above the bound, or no declared
 * length at all (chunked), is refused unread.
 */
async function readReason(req: IncomingMessage): Promise<DecodedBody> {
  if (req.headers['transfer-encoding'] !== undefined) return { ok: false, status: 411, error: 'send the body with a content-length' };
  const length = Number(req.headers['content-length'] ?? '0');
  if (!Number.isInteger(length) || length < 0) return { ok: false, status: 400, error: 'malformed content-length' };
  if (length > MAX_KILL_SWITCH_BODY) return { ok: false, status: 413, error: `request body larger than ${MAX_KILL_SWITCH_BODY} bytes` };
  if (length === 0) return { ok: true };
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return { ok: false, status: 415, error: 'the body must be application/json' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > length) return { ok: false, status: 400, error: 'body longer than its content-length' };
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return { ok: false, status: 400, error: 'body is not JSON' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, status: 400, error: 'body must be a JSON object' };
  const extra = Object.keys(value).find((k) => k !== 'reason');
  if (extra !== undefined) return { ok: false, status: 400, error: `body field ${JSON.stringify(extra.slice(0, 40))} is not accepted (only reason)` };
  const reason = (value as { reason?: unknown }).reason;
  if (reason === undefined) return { ok: true };
  if (typeof reason !== 'string' || reason.trim() === '') return { ok: false, status: 400, error: 'reason must be a non-empty string' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(reason)) return { ok: false, status: 400, error: 'reason must be one line of printable text' };
  if (reason.length > MAX_REASON) return { ok: false, status: 400, error: `reason must be at most ${MAX_REASON} characters` };
  return { ok: true, reason: reason.trim() };
}
