import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of `payload` with `secret`, lower-case hex, as Binance signs HMAC requests. */
export function hmacSha256Hex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

/** Constant-time comparison of a received hex signature with the expected one (case-insensitive). */
export function signatureMatches(secret: string, payload: string, received: string): boolean {
  const expected = Buffer.from(hmacSha256Hex(secret, payload), 'utf8');
  const actual = Buffer.from(received.toLowerCase(), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * The REST signing payload: query string concatenated with the body (no separator, per the docs'
 * "totalParams"), with the `signature` parameter removed from wherever it was sent. The raw,
 * still-percent-encoded text is signed, so it is not decoded here.
 */
export function restSigningPayload(rawQuery: string, rawBody: string): { payload: string; signature?: string } {
  let signature: string | undefined;
  const strip = (raw: string): string => {
    if (raw === '') return raw;
    const kept: string[] = [];
    for (const part of raw.split('&')) {
      if (part.startsWith('signature=')) signature = decodeURIComponent(part.slice('signature='.length));
      else kept.push(part);
    }
    return kept.join('&');
  };
  const query = strip(rawQuery);
  const body = strip(rawBody);
  return { payload: query + body, signature };
}

/**
 * The WebSocket API signing payload: every parameter except `signature`, sorted by name, joined as
 * `k=v&…` with values as sent (UTF-8, not percent-encoded).
 */
export function wsApiSigningPayload(params: Readonly<Record<string, unknown>>): string {
  return Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');
}
