import type { RawAggTrade, RawBookTicker, RawCombinedFrame, RawKline, RawPartialDepth, RawStreamTrade } from '../mapping/binance-types';
import { decimalAt, decimalText, flag, integer, list, optionalInteger, record, text, type Json } from './fields';
import { MAX } from './limits';
import { PayloadRejection } from './payload-rejection';

/** Most levels a partial book carries (Binance: 5, 10 or 20; REST depth: up to 5000). */
const MAX_LEVELS = 5_000;
const CANDLE_FIELDS = ['o', 'h', 'l', 'c', 'v'] as const;

/** A combined-stream frame `{stream, data}`: the stream's name and its payload object (the same object, typed). */
export function decodeCombinedFrame(value: unknown): RawCombinedFrame {
  const frame = record(value, 'frame');
  text(frame, 'stream', 128);
  record(frame.data, 'data');
  return frame as unknown as RawCombinedFrame;
}

/** `<symbol>@bookTicker`: best bid and ask with sizes. */
export function decodeBookTicker(data: Json): RawBookTicker {
  text(data, 's', MAX.symbol);
  decimalText(data, 'b');
  decimalText(data, 'B');
  decimalText(data, 'a');
  decimalText(data, 'A');
  optionalInteger(data, 'u');
  return data as unknown as RawBookTicker;
}

/** `<symbol>@trade`. */
export function decodeStreamTrade(data: Json): RawStreamTrade {
  return checkPrint(data, 't') as unknown as RawStreamTrade;
}

/** `<symbol>@aggTrade`: the same print as a trade, aggregated (`a` is its id). */
export function decodeAggTrade(data: Json): RawAggTrade {
  return checkPrint(data, 'a') as unknown as RawAggTrade;
}

/** A print (trade or aggTrade): symbol, id, price, quantity, time and the maker flag. */
function checkPrint(data: Json, idKey: 't' | 'a'): Json {
  text(data, 's', MAX.symbol);
  integer(data, idKey);
  decimalText(data, 'p');
  decimalText(data, 'q');
  integer(data, 'T');
  flag(data, 'm');
  return data;
}

/** `<symbol>@depth<levels>[@100ms]`: `lastUpdateId` and [price, quantity] levels, best first. */
export function decodePartialDepth(data: Json): RawPartialDepth {
  integer(data, 'lastUpdateId');
  levels(data.bids, 'bids');
  levels(data.asks, 'asks');
  return data as unknown as RawPartialDepth;
}

/** `<symbol>@kline_<interval>`: one candle (`k`), open or closed (`x`). */
export function decodeKline(data: Json): RawKline {
  text(data, 's', MAX.symbol);
  const k = record(data.k, 'k');
  integer(k, 't', 'k');
  integer(k, 'T', 'k');
  text(k, 'i', 8, 'k');
  for (const key of CANDLE_FIELDS) decimalText(k, key, 'k');
  flag(k, 'x', 'k');
  return data as unknown as RawKline;
}

/** `[price, quantity]` pairs of decimal strings, at most 5,000 (a book side of any depth payload). */
export function levels(value: unknown, field: string): void {
  for (const level of list(value, field, MAX_LEVELS)) {
    if (!Array.isArray(level) || level.length < 2) throw new PayloadRejection(`${field}[]`, 'must be a [price, quantity] pair');
    decimalAt(level[0], `${field}[].price`);
    decimalAt(level[1], `${field}[].quantity`);
  }
}
