/** One HTTP request as the REST client builds it: the path already carries the (signed) query. */
export interface RestRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path and query, e.g. `/api/v3/order?symbol=BTCUSDT&…&signature=…`. Never logged. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** The raw answer; the REST client decides what it means. Header names are lower-case. */
export interface RestResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/**
 * Why a request failed without an HTTP answer. `timeout` and `reset` after the request may have been
 * written mean the outcome is unknown; `connect` means it never left (nothing was sent).
 */
export type TransportFailureKind = 'timeout' | 'connect' | 'reset';

/**
 * A failure below HTTP. Carries only the kind and a system code: the underlying client's error (which
 * holds the URL with its signature and the API-key header) is deliberately not kept.
 */
export class TransportFailure extends Error {
  constructor(
    readonly kind: TransportFailureKind,
    readonly systemCode: string | undefined,
    readonly timeoutMs: number,
  ) {
    super(`transport ${kind}${systemCode ? ` (${systemCode})` : ''}`);
    this.name = 'TransportFailure';
  }
}

/** System error codes that mean the connection was never established, so nothing was sent. */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Classifies a client library's error by its `code` (both got and undici expose Node's codes). */
export function classifyTransportError(error: unknown, timeoutMs: number): TransportFailure {
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  const name = (error as { name?: unknown })?.name;
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || name === 'TimeoutError') {
    return new TransportFailure('timeout', code, timeoutMs);
  }
  if (code && CONNECT_CODES.has(code)) return new TransportFailure('connect', code, timeoutMs);
  return new TransportFailure('reset', code, timeoutMs);
}

/**
 * The REST transport port. `UndiciTransport` is the default; `GotTransport` (got 11, loaded only when
 * chosen) costs about twice the round trip (see bench/).
 * Implementations never retry and never decompress: the client owns both decisions.
 */
export interface RestTransport {
  readonly name: string;
  /** Resolves with any HTTP answer (4xx/5xx included); rejects only with TransportFailure. */
  request(request: RestRequest): Promise<RestResponse>;
  /** Closes pooled sockets. */
  close(): Promise<void>;
}
