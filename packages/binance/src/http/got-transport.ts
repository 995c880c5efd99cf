import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { type Got } from 'got';
import { classifyTransportError, type RestRequest, type RestResponse, type RestTransport } from './rest-transport';

/**
 * REST over got 11 (CJS). Retries, redirects and decompression are off and HTTP errors do not throw:
 * an order must be sent exactly once, and the client maps every status itself.
 */
export class GotTransport implements RestTransport {
  readonly name = 'got';
  private readonly client: Got;
  private readonly agents: { http: HttpAgent; https: HttpsAgent };

  constructor(baseUrl: string, maxSockets = 16) {
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

  async request(request: RestRequest): Promise<RestResponse> {
    try {
      const response = await this.client(request.path.replace(/^\//, ''), {
        method: request.method,
        headers: request.headers,
        timeout: { request: request.timeoutMs },
      });
      return { status: response.statusCode, headers: response.headers as Record<string, string | undefined>, body: response.body };
    } catch (error) {
      throw classifyTransportError(error, request.timeoutMs);
    }
  }

  async close(): Promise<void> {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
