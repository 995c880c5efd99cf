/**
 * TWS API framing (V100+): every message is a big-endian int32 length followed by that many bytes of
 * NUL-terminated UTF-8 fields. The connection opens with the client's `API\0` + length-prefixed
 * version range, which has no trailing NUL and is the only frame that is not a field list.
 */

/** Largest frame the client accepts (0xFFFFFF); we refuse to build or buffer anything larger. */
export const MAX_FRAME_LENGTH = 0xffffff;

const API_PREFIX = Buffer.from('API\0', 'latin1');

/** Encodes one message: fields joined by NUL, a trailing NUL, and the 4-byte length in front. */
export function encodeFrame(fields: readonly string[]): Buffer {
  const payload = Buffer.from(fields.map((f) => `${f}\0`).join(''), 'utf8');
  if (payload.length > MAX_FRAME_LENGTH) throw new Error(`frame of ${payload.length} bytes exceeds ${MAX_FRAME_LENGTH}`);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length, 0);
  return Buffer.concat([header, payload]);
}

/** Splits a frame payload into fields; the trailing NUL does not make an extra empty field. */
export function splitFields(payload: Buffer): string[] {
  const fields = payload.toString('utf8').split('\0');
  if (fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
  return fields;
}

/** The client's opening message, once complete. */
export interface ClientHello {
  readonly minVersion: number;
  readonly maxVersion: number;
  /** Anything after the version range (IB's connect options such as "+PACEAPI"). */
  readonly connectOptions: string;
}

/** Outcome of looking at the start of a connection's bytes. */
export type HelloParse =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'hello'; readonly hello: ClientHello; readonly consumed: number };

/** Parses `API\0` + int32 length + `v<min>..<max>[ options]`. */
export function parseClientHello(buffer: Buffer): HelloParse {
  const prefixLen = Math.min(buffer.length, API_PREFIX.length);
  if (!buffer.subarray(0, prefixLen).equals(API_PREFIX.subarray(0, prefixLen))) {
    return { kind: 'invalid', reason: 'connection does not start with API\\0' };
  }
  if (buffer.length < API_PREFIX.length + 4) return { kind: 'incomplete' };
  const length = buffer.readUInt32BE(API_PREFIX.length);
  if (length > MAX_FRAME_LENGTH) return { kind: 'invalid', reason: `version frame of ${length} bytes` };
  const end = API_PREFIX.length + 4 + length;
  if (buffer.length < end) return { kind: 'incomplete' };
  const text = buffer.subarray(API_PREFIX.length + 4, end).toString('utf8').replace(/\0+$/, '');
  const match = /^v(\d+)(?:\.\.(\d+))?(.*)$/s.exec(text);
  if (!match) return { kind: 'invalid', reason: `bad version string "${text}"` };
  const minVersion = Number(match[1]);
  const maxVersion = match[2] === undefined ? minVersion : Number(match[2]);
  return { kind: 'hello', hello: { minVersion, maxVersion, connectOptions: (match[3] ?? '').trim() }, consumed: end };
}

/**
 * Accumulates socket chunks and yields complete frames. TCP may split or coalesce messages anywhere,
 * including inside the length header, so nothing is decoded until a whole frame is buffered.
 */
export class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);

  /** Appends bytes read from the socket. */
  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  /** Bytes not yet consumed (used to hand the remainder over after the hello). */
  get pending(): Buffer {
    return this.buffer;
  }

  /** Drops `count` bytes from the front (after the hello has been parsed from `pending`). */
  consume(count: number): void {
    this.buffer = this.buffer.subarray(count);
  }

  /**
   * Next complete frame's fields, undefined while incomplete. Throws on a length beyond
   * MAX_FRAME_LENGTH, after which the connection must be closed: the stream can no longer be trusted.
   */
  next(): string[] | undefined {
    if (this.buffer.length < 4) return undefined;
    const length = this.buffer.readUInt32BE(0);
    if (length > MAX_FRAME_LENGTH) throw new Error(`frame length ${length} exceeds ${MAX_FRAME_LENGTH}`);
    if (this.buffer.length < 4 + length) return undefined;
    const payload = this.buffer.subarray(4, 4 + length);
    this.buffer = this.buffer.subarray(4 + length);
    return splitFields(payload);
  }
}
