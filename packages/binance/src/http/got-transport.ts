import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ConfigurationError, systemClock, type Clock } from '@silvertine/core';
import type { Got } from 'got';
import { RequestDeadlines, type RequestDeadline } from './request-deadlines';
import { classifyTransportError, TransportFailure, type RestRequest, type RestResponse, type RestTransport } from './rest-transport';

/**
 * Loads got on first use. got is an optional peer dependency: the default transport is undici, so a
 * user who never selects `transport: 'got'` neither installs nor loads it (importing this module, or the
 * package entry that exports it, does not require got; only constructing a GotTransport does).
 */
function loadGot(): Got {
  try {
    // A lazy require, not a top-level import: the import would load got (23 files) for everyone.
    return (require('got') as { default: Got }).default;
  } catch (error) {
    if ((error as { code?: unknown })?.code === 'MODULE_NOT_FOUND' && /['"]got['"]/.test(String((error as Error).message))) {
      throw new ConfigurationError("binance: transport 'got' needs the got package: install got@11 (npm install got@11.8.6) to use transport: got, or use the default transport 'undici'");
    }
    throw error;
  }
}

/**
 * REST over got 11 (CJS), loaded when the first GotTransport is built. Retries, redirects and
 * decompression are off and HTTP errors do not throw: an order must be sent exactly once, and the
 * client maps every status itself. Throws ConfigurationError when got is not installed.
 */
export class GotTransport implements RestTransport {
  readonly name = 'got';
  private readonly client: Got;
  private readonly agents: { http: HttpAgent; https: HttpsAgent };
  private readonly deadlines: RequestDeadlines;

  /** `clock` times the requests' deadlines (a ManualClock in tests); the system clock by default. */
  constructor(baseUrl: string, maxSockets = 16, clock: Clock = systemClock) {
    this.deadlines = new RequestDeadlines(clock);
    const got = loadGot();
    this.agents = {
      http: new HttpAgent({ keepAlive: true, maxSockets }),
      https: new HttpsAgent({ keepAlive: true, maxSockets }),
    };
    this.client = got.extend({
      prefixUrl: baseUrl,
      retry: 0,
      decompress: false,
      followRedirect: false,
      throwHttpErrors: false,
      responseType: 'text',
      agent: this.agents,
    });
  }

  /**
   * Sends one request, bounded by a total deadline on the transport's clock (not got's own timeout,
   * which runs on real time): at `timeoutMs` the request is cancelled and fails as a timeout.
   */
  async request(request: RestRequest): Promise<RestResponse> {
    const pending = this.client(request.path.replace(/^\//, ''), { method: request.method, headers: request.headers });
    let expired = false;
    const deadline: RequestDeadline = {
      deadlineAt: this.deadlines.deadlineIn(request.timeoutMs),
      expire: () => {
        expired = true;
        pending.cancel();
      },
    };
    this.deadlines.add(deadline);
    try {
      const response = await pending;
      return { status: response.statusCode, headers: response.headers as Record<string, string | undefined>, body: response.body };
    } catch (error) {
      throw expired ? new TransportFailure('timeout', 'DEADLINE', request.timeoutMs) : classifyTransportError(error, request.timeoutMs);
    } finally {
      this.deadlines.delete(deadline);
    }
  }

  async close(): Promise<void> {
    this.deadlines.close();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
