import { seededRandom } from '@silvertine/core';
import { encodeFrame } from '../protocol/framing.codec';
import { ServerMessageId } from '../protocol/message-ids';

/**
 * Bytes a broken or hostile TWS puts on a client's stream (TwsEmulatorControl.corruptStream). None of
 * them changes the emulator's own state: they are lies on the wire, to test how a client copes.
 */
export type StreamFault =
  /** A length prefix announcing `length` bytes (default 0x7fffffff), then a few bytes of a body that never completes. */
  | { readonly kind: 'length'; readonly length?: number }
  /** `count` bytes (default 64) from a generator seeded with `seed` (default 1): framing garbage. */
  | { readonly kind: 'random'; readonly count?: number; readonly seed?: number }
  /** A correctly framed message whose message id no client knows (9999). */
  | { readonly kind: 'unknownMessage' }
  /** A correctly framed ORDER_STATUS cut short after its order id (the client's decoder runs out of fields). */
  | { readonly kind: 'truncatedMessage' }
  /** Exactly these bytes. */
  | { readonly kind: 'raw'; readonly bytes: Uint8Array };

/** The bytes of a fault, ready to write to a socket. */
export function streamFaultBytes(fault: StreamFault): Buffer {
  switch (fault.kind) {
    case 'length': {
      const header = Buffer.alloc(4);
      header.writeUInt32BE((fault.length ?? 0x7fffffff) >>> 0, 0);
      return Buffer.concat([header, Buffer.from('3\u00001\u0000', 'utf8')]);
    }
    case 'random': {
      const next = seededRandom(fault.seed ?? 1);
      return Buffer.from(Array.from({ length: fault.count ?? 64 }, () => Math.floor(next() * 256)));
    }
    case 'unknownMessage':
      return encodeFrame(['9999', '1', 'unknown']);
    case 'truncatedMessage':
      return encodeFrame([String(ServerMessageId.ORDER_STATUS), '1']);
    case 'raw':
      return Buffer.from(fault.bytes);
  }
}
