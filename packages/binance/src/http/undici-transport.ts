import { systemClock, type Clock } from '@silvertine/core';
import { Pool, type Dispatcher } from 'undici';
import { RequestDeadlines, type RequestDeadline } from './request-deadlines';
import { classifyTransportError, TransportFailure, type RestRequest, type RestResponse, type RestTransport } from './rest-transport';

/**
 * REST over an undici Pool, the default transport: about a third of got's client CPU per request
 * (bench/). Same contract as GotTransport: no retries, no decompression, every status returned.
 *
 * It uses undici's low-level `dispatch` with a handler that collects the body chunks, rather than
 * `Pool.request`, which wraps every response body in a Readable stream and an AsyncResource; for a
 * JSON answer of a few hundred bytes that wrapping cost more than the HTTP parsing (profiled in bench/).
 */
export class UndiciTransport implements RestTransport {
  readonly name = 'undici';
  private readonly pool: Pool;
  private readonly deadlines: RequestDeadlines;

  /** `clock` times the requests' deadlines (a ManualClock in tests); the system clock by default. */
  constructor(baseUrl: string, connections = 16, clock: Clock = systemClock) {
    const url = new URL(baseUrl);
    this.pool = new Pool(url.origin, { connections, pipelining: 1 });
    this.deadlines = new RequestDeadlines(clock);
  }

  /**
   * Sends one request. undici's headersTimeout and bodyTimeout are idle timeouts (a server that trickles
   * one byte now and then never trips them), so a deadline of its own bounds the whole request, body
   * read included: at `timeoutMs` on the transport's clock the request is aborted and fails as a timeout.
   * undici's own idle timeouts are off: they run on real time, and the total deadline is never later.
   */
  request(request: RestRequest): Promise<RestResponse> {
    return new Promise<RestResponse>((resolve, reject) => {
      const timeoutMs = request.timeoutMs;
      let status = 0;
      let headers: Record<string, string | undefined> = {};
      let first: Buffer | undefined;
      let more: Buffer[] | undefined;
      let settled = false;
      let abort: ((reason?: Error) => void) | undefined;
      const deadline: RequestDeadline = {
        deadlineAt: this.deadlines.deadlineIn(timeoutMs),
        expire: () => {
          if (settled) return;
          settled = true;
          abort?.(new DeadlineExceeded());
          reject(new TransportFailure('timeout', 'DEADLINE', timeoutMs));
        },
      };
      this.deadlines.add(deadline);
      const handler: Dispatcher.DispatchHandlers = {
        onConnect: (abortRequest) => {
          abort = abortRequest;
          // The deadline passed while the request waited for a connection: it must not go out now.
          if (settled) abortRequest(new DeadlineExceeded());
        },
        onError: (error) => {
          this.deadlines.delete(deadline);
          if (settled) return;
          settled = true;
          reject(classifyTransportError(error, timeoutMs));
        },
        onHeaders: (statusCode, rawHeaders) => {
          status = statusCode;
          headers = parseRawHeaders(rawHeaders);
          return true;
        },
        onData: (chunk) => {
          if (first === undefined) first = chunk;
          else (more ??= [first]).push(chunk);
          return true;
        },
        onComplete: () => {
          this.deadlines.delete(deadline);
          if (settled) return;
          settled = true;
          const body = more ? Buffer.concat(more).toString('utf8') : first ? first.toString('utf8') : '';
          resolve({ status, headers, body });
        },
      };
      try {
        this.pool.dispatch({ method: request.method, path: request.path, headers: request.headers, headersTimeout: 0, bodyTimeout: 0 }, handler);
      } catch (error) {
        this.deadlines.delete(deadline);
        settled = true;
        reject(classifyTransportError(error, timeoutMs));
      }
    });
  }

  async close(): Promise<void> {
    this.deadlines.close();
    await this.pool.destroy();
  }
}

/** undici's raw header list (name, value, name, value… as Buffers) → lower-case names, first value kept. */
function parseRawHeaders(raw: Buffer[] | string[] | null): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  if (!raw) return headers;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toString().toLowerCase();
    if (headers[name] === undefined) headers[name] = raw[i + 1].toString();
  }
  return headers;
}

/** The reason a request is aborted at its deadline (never surfaces: the request has already failed as a timeout). */
class DeadlineExceeded extends Error {
  constructor() {
    super('request deadline exceeded');
    this.name = 'DeadlineExceeded';
  }
}
