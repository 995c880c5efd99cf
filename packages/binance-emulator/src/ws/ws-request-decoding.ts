/**
 * Decoding of what clients send on the emulator's WebSockets, before anything reads it. A malformed
 * request is answered with the error Binance gives for one, and the connection keeps serving.
 */

/** Largest request frame read: Binance's requests are a few hundred bytes; nothing bigger is parsed. */
export const MAX_REQUEST_CHARS = 64 * 1024;
/** Most streams one SUBSCRIBE / UNSUBSCRIBE may name (Binance: 1024 streams per connection). */
const MAX_STREAMS = 1024;
/** Longest WebSocket API request id Binance accepts (a string of up to 36 characters). */
const MAX_ID_CHARS = 36;

type Json = Record<string, unknown>;

/** A well-formed WebSocket API request. */
export interface WsApiRequest {
  readonly id: string | number | null;
  readonly method: string;
  readonly params: Json;
}

/** A WebSocket API request, or the answer a malformed one gets (`{id, status: 400, error: {code, msg}}`). */
export type WsApiDecoded = { readonly request: WsApiRequest } | { readonly reply: Json };

const malformed = (msg: string): { reply: Json } => ({ reply: { id: null, status: 400, error: { code: -1102, msg } } });
const mandatory = (param: string) => malformed(`Mandatory parameter '${param}' was not sent, was empty/null, or malformed.`);

/**
 * `{id, method, params}` with `id` a string of up to 36 characters, an integer or null, `method` a
 * non-empty string and `params` (optional) an object. Not JSON: -1135; too large, not an object or a
 * field of the wrong type: -1102 naming it, status 400 as Binance answers.
 */
export function decodeWsApiRequest(text: string): WsApiDecoded {
  if (text.length > MAX_REQUEST_CHARS) return malformed('A mandatory parameter was not sent, was empty/null, or malformed.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reply: { id: null, status: 400, error: { code: -1135, msg: 'Invalid JSON Request' } } };
  }
  if (!isObject(value)) return malformed('A mandatory parameter was not sent, was empty/null, or malformed.');
  const id = value.id ?? null;
  if (!(id === null || (typeof id === 'string' && id.length <= MAX_ID_CHARS) || Number.isSafeInteger(id))) return mandatory('id');
  const reply = (decoded: { reply: Json }): { reply: Json } => ({ reply: { ...decoded.reply, id } });
  if (typeof value.method !== 'string' || value.method === '') return reply(mandatory('method'));
  if (value.params !== undefined && !isObject(value.params)) return reply(mandatory('params'));
  return { request: { id: id as string | number | null, method: value.method, params: (value.params as Json | undefined) ?? {} } };
}

/** A well-formed market-stream request (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS…). */
export interface StreamRequest {
  readonly id: number | string | null;
  readonly method: string;
  readonly params: readonly string[];
}

/** A stream request, or the error frame a malformed one gets (`{error: {code, msg}, id}`). */
export type StreamDecoded = { readonly request: StreamRequest } | { readonly reply: Json };

const invalid = (msg: string, id: unknown = null): { reply: Json } => ({ reply: { error: { code: 2, msg: `Invalid request: ${msg}` }, id } });

/**
 * `{method, params?, id}` with `method` a string, `params` an array of stream names (strings) and `id`
 * an unsigned integer, a string or null. Not JSON: code 3; anything else malformed: code 2 "Invalid
 * request: …", as Binance's stream servers answer.
 */
export function decodeStreamRequest(text: string): StreamDecoded {
  if (text.length > MAX_REQUEST_CHARS) return invalid('request too large');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reply: { error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' }, id: null } };
  }
  if (!isObject(value)) return invalid('expected a JSON object');
  const id = value.id ?? null;
  if (!(id === null || (typeof id === 'string' && id.length <= MAX_ID_CHARS) || (Number.isSafeInteger(id) && (id as number) >= 0))) {
    return invalid('request ID must be an unsigned integer');
  }
  if (typeof value.method !== 'string') return invalid('missing field `method`', id);
  const params = value.params ?? [];
  if (!Array.isArray(params)) return invalid(`invalid type: ${typeName(params)}, expected a sequence`, id);
  if (params.length > MAX_STREAMS) return invalid('too many parameters', id);
  if (!params.every((p) => typeof p === 'string' && p.length > 0 && p.length <= 200)) return invalid('stream names must be non-empty strings', id);
  return { request: { id: id as number | string | null, method: value.method, params: params as string[] } };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? `integer \`${value}\`` : 'floating point';
  if (typeof value === 'string') return 'string';
  return typeof value === 'object' ? 'map' : typeof value;
}
