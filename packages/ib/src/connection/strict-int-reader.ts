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
 * "12abc" would be read as order id 12 (someone else's order, or ours) and "1e5" as 1. Here a token
 * that is not an integer reads as NaN, never as a guess, so the adapter's decoders (`intField`) refuse
 * the message as a VenuePayloadError naming the field (`orderStatus.orderId`) and nothing of it is
 * applied; the connection stays up. An empty token keeps @stoqey/ib's meaning (0, or undefined).
 */
export function installStrictIntReaders(decoder: IntReaders): void {
  const read = (): number | undefined => {
    const token = decoder.readStr();
    if (token === '') return undefined;
    return INTEGER_TOKEN.test(token) ? parseInt(token, 10) : Number.NaN;
  };
  decoder.readInt = () => read() ?? 0;
  decoder.readIntOrUndefined = () => {
    const value = read();
    return value === UNSET_INT ? undefined : value;
  };
}
