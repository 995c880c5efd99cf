import type { RawDiffDepth, RawPartialDepth } from '../mapping/binance-types';
import { integer, record, text, type Json } from './fields';
import { MAX } from './limits';
import { decodePartialDepth, levels } from './market-frames.decoder';
import { PayloadRejection, shown } from './payload-rejection';

/**
 * `<symbol>@depth[@100ms|@1000ms]` (web-socket-streams.md "Diff. Depth Stream"): event type `depthUpdate`,
 * event time, symbol, first and final update ids (`U` <= `u`) and the changed levels of each side.
 */
export function decodeDiffDepth(value: unknown): RawDiffDepth {
  const data: Json = record(value, 'data');
  if (data.e !== 'depthUpdate') throw new PayloadRejection('e', 'must be "depthUpdate"', shown(data.e));
  integer(data, 'E');
  text(data, 's', MAX.symbol);
  const first = integer(data, 'U');
  const last = integer(data, 'u');
  if (first > last) throw new PayloadRejection('U', 'must not be after u', `${first} > ${last}`);
  levels(data.b, 'b');
  levels(data.a, 'a');
  return data as unknown as RawDiffDepth;
}

/** GET /api/v3/depth (rest-api.md "Order book"): `lastUpdateId` and both sides, the partial book's shape. */
export function decodeDepthSnapshot(value: unknown): RawPartialDepth {
  return decodePartialDepth(record(value, 'depth'));
}
