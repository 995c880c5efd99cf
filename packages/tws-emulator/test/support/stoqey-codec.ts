/**
 * The real @stoqey/ib 1.6.10 encoder and decoder, driven without a socket, as the golden reference for
 * our protocol code: our server messages must decode in it without an underrun or leftover field, and
 * our request decoders must consume exactly what it encodes. Deep imports are deliberate: these
 * classes are internal to the client and this is a test of the wire format, not of its public API.
 */
import { Decoder } from '@stoqey/ib/dist/core/io/decoder';
import { Encoder } from '@stoqey/ib/dist/core/io/encoder';
import { SERVER_VERSION } from '../../src/protocol/message-ids';

/** An event the client decoder emitted. */
export interface DecodedEvent {
  readonly name: string;
  readonly args: unknown[];
}

/** An error the client decoder raised (decode errors carry code 505). */
export interface DecodeError {
  readonly message: string;
  readonly code: number;
  readonly reqId?: number;
}

/** Feeds one message's tokens to @stoqey's decoder and returns what it emitted. */
export function decodeWithStoqey(tokens: readonly string[]): { events: DecodedEvent[]; errors: DecodeError[]; infos: DecodeError[] } {
  const events: DecodedEvent[] = [];
  const errors: DecodeError[] = [];
  const infos: DecodeError[] = [];
  const decoder = new Decoder({
    serverVersion: SERVER_VERSION,
    emitEvent: (name: string, ...args: unknown[]) => events.push({ name, args }),
    emitError: (message: string, code: number, reqId?: number) => errors.push({ message, code, reqId }),
    emitInfo: (message: string, code: number) => infos.push({ message, code }),
  } as never);
  decoder.enqueueMessage([...tokens]);
  decoder.process();
  return { events, errors, infos };
}

function flatten(values: unknown[], out: string[] = []): string[] {
  for (const v of values) {
    if (Array.isArray(v)) flatten(v, out);
    else if (v === undefined || v === null) out.push('');
    else if (typeof v === 'boolean') out.push(v ? '1' : '0');
    else out.push(String(v));
  }
  return out;
}

/** Runs `call` on @stoqey's encoder and returns the token arrays it would have written. */
export function encodeWithStoqey(call: (encoder: Encoder) => void): string[][] {
  const messages: string[][] = [];
  const encoder = new Encoder({
    serverVersion: SERVER_VERSION,
    sendMsg: (tokens: unknown[]) => messages.push(flatten(tokens)),
    emitError: (message: string) => {
      throw new Error(`encoder refused: ${message}`);
    },
  } as never);
  call(encoder);
  return messages;
}
