import { createHash, timingSafeEqual } from 'node:crypto';

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
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
