import { IbPayloadError } from '../decoding/decode-fields';

/** The integer readers of @stoqey/ib's Decoder (not in its typings), and the token reader they use. */
export interface IntReaders {
  readStr(): string;
  readInt(): number;
  readIntOrUndefined(): number | undefined;
}

/** An integer as TWS writes one: an optional minus and digits (a zero fraction, "5.0", is tolerated). */
const INTEGER_TOKEN = /^-?\d+(?:\.0*)?$/;

/** IB's "unset" integer (Integer.MAX_VALUE), which `readIntOrUndefined` reads as undefined. */
const UNSET_INT = 2147483647;

/**
 * Replaces, on one Decoder instance, @stoqey/ib's readInt and readIntOrUndefined, which use parseInt:
 * "12abc" would be read as order id 12 (someone else's order, or ours) and "abc" as NaN. Here an
 * integer field that is not an integer throws an IbPayloadError naming the token; the decoder stops on
 * the message (nothing of it is emitted) and the StreamGuard declares the stream corrupt: the socket is
 * dropped, reconnected and reconciled. An empty token keeps @stoqey/ib's meaning (0, or undefined).
 */
export function installStrictIntReaders(decoder: IntReaders): void {
  const token = (): string | undefined => {
    const t = decoder.readStr();
    if (t === '') return undefined;
    if (!INTEGER_TOKEN.test(t)) throw new IbPayloadError('integer field', 'must be an integer', t);
    return t;
  };
  decoder.readInt = () => {
    const t = token();
    return t === undefined ? 0 : parseInt(t, 10);
  };
  decoder.readIntOrUndefined = () => {
    const t = token();
    if (t === undefined) return undefined;
    const value = parseInt(t, 10);
    return value === UNSET_INT ? undefined : value;
  };
}
