import { Pool } from 'undici';
import { classifyTransportError, type RestRequest, type RestResponse, type RestTransport } from './rest-transport';

/**
 * REST over an undici Pool: about half of got's client CPU per request (bench/), for latency-sensitive
 * users. Same contract as GotTransport: no retries, no decompression, every status returned.
 */
export class UndiciTransport implements RestTransport {
  readonly name = 'undici';
  private readonly pool: Pool;

  constructor(baseUrl: string, connections = 16) {
    const url = new URL(baseUrl);
    this.pool = new Pool(url.origin, { connections, pipelining: 1 });
  }

  async request(request: RestRequest): Promise<RestResponse> {
    try {
      const response = await this.pool.request({
        method: request.method,
        path: request.path,
        headers: request.headers,
        headersTimeout: request.timeoutMs,
        bodyTimeout: request.timeoutMs,
      });
      const body = await response.body.text();
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(response.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
      return { status: response.statusCode, headers, body };
    } catch (error) {
      throw classifyTransportError(error, request.timeoutMs);
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
