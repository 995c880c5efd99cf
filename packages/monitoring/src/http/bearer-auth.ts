import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Checks a bearer token in constant time. Both sides are hashed first so the comparison has a fixed
 * length and neither the token's content nor its length leaks through timing.
 */
export class BearerAuth {
  private readonly expected: Buffer;

  constructor(token: string) {
    if (token.length === 0) throw new TypeError('the bearer token must not be empty');
    this.expected = digest(token);
  }

  /** True if `presented` equals the token. */
  matches(presented: string | undefined): boolean {
    return timingSafeEqual(digest(presented ?? ''), this.expected) && presented !== undefined;
  }

  /**
   * The token a request presents: `Authorization: Bearer <token>`, or the `access_token` query
   * parameter, which browsers need for the dashboard page and its EventSource (they cannot set headers).
   */
  static presented(request: IncomingMessage, url: URL): string | undefined {
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(.+)$/i.exec(header);
      return match ? match[1].trim() : undefined;
    }
    return url.searchParams.get('access_token') ?? undefined;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
