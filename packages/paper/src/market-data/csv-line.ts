import type { MarketData, Trade } from '@silvertine/core';
import { barFrom, epochMillisIn, positive, quoteFrom, type RowContext } from './csv-fields';
import { parseCsvRow, splitCsvLine, type CsvLayout } from './csv-layouts';
import { mayBeSpace } from './line-reader';

/**
 * Field bounds of the line being read: [start, end) of field i at 2i, 2i+1. One buffer for every line
 * (parsing is synchronous and never re-entered), so that finding fields allocates nothing.
 */
const BOUNDS = new Int32Array(2 * 7);

/**
 * Finds the first `count` fields of `line`. False when it has fewer, or when one of them is empty or
 * starts or ends with what trim could remove: the general path (split, trim) reads such a line.
 */
function findFields(line: string, count: number): boolean {
  let start = 0;
  for (let f = 0; f < count; f++) {
    let end = line.indexOf(',', start);
    if (end < 0) {
      if (f < count - 1) return false;
      end = line.length;
    }
    if (end === start || mayBeSpace(line.charCodeAt(start)) || mayBeSpace(line.charCodeAt(end - 1))) return false;
    BOUNDS[2 * f] = start;
    BOUNDS[2 * f + 1] = end;
    start = end + 1;
  }
  return true;
}

/** The text of field `f` found by findFields (a substring: Decimal parses text). */
function field(line: string, f: number): string {
  return line.slice(BOUNDS[2 * f], BOUNDS[2 * f + 1]);
}

/**
 * Parses one data line of `layout` into what `parseCsvRow(layout, splitCsvLine(line), …)` returns, reading
 * the fields it needs where they stand in the line: no array of fields, no substring for a field it does
 * not use (ids and extra kline columns) nor for a timestamp. A line this path does not take (padded or
 * missing fields) and a line it refuses go through the general path, which reads or refuses it exactly
 * as before, with the same error. The split was the largest self cost of a replay (issue 21).
 */
export function parseCsvLine(layout: CsvLayout, line: string, symbol: string, ctx: RowContext): MarketData {
  try {
    const data = layout === 'QUOTES' ? quoteLine(line, symbol, ctx) : layout === 'BINANCE_AGG_TRADES' ? aggTradeLine(line, symbol, ctx) : klineLine(line, symbol, ctx);
    if (data !== undefined) return data;
  } catch {
    // Refused: the general path below throws the error it always threw for this line.
  }
  return parseCsvRow(layout, splitCsvLine(line), symbol, ctx);
}

function quoteLine(line: string, symbol: string, ctx: RowContext): MarketData | undefined {
  if (!findFields(line, 5)) return undefined;
  const timestamp = epochMillisIn(line, BOUNDS[0], BOUNDS[1], ctx, 'time');
  return quoteFrom(symbol, timestamp, field(line, 1), field(line, 2), field(line, 3), field(line, 4), ctx);
}

function klineLine(line: string, symbol: string, ctx: RowContext): MarketData | undefined {
  if (!findFields(line, 7)) return undefined;
  const timestamp = epochMillisIn(line, BOUNDS[0], BOUNDS[1], ctx, 'open time');
  const closeTime = epochMillisIn(line, BOUNDS[12], BOUNDS[13], ctx, 'close time');
  return barFrom(symbol, timestamp, closeTime, field(line, 1), field(line, 2), field(line, 3), field(line, 4), field(line, 5), ctx);
}

/** As parseAggTradeRow; "true"/"false" compared in place (other spellings go the general way). */
function aggTradeLine(line: string, symbol: string, ctx: RowContext): Trade | undefined {
  if (!findFields(line, 7)) return undefined;
  const price = positive(field(line, 1), ctx, 'price');
  const size = positive(field(line, 2), ctx, 'quantity');
  const timestamp = epochMillisIn(line, BOUNDS[10], BOUNDS[11], ctx, 'timestamp');
  const makerLength = BOUNDS[13] - BOUNDS[12];
  const buyerMaker = makerLength === 4 && line.startsWith('true', BOUNDS[12]);
  if (!buyerMaker && !(makerLength === 5 && line.startsWith('false', BOUNDS[12]))) return undefined;
  return { kind: 'trade', symbol, price, size, timestamp, aggressor: buyerMaker ? 'SELL' : 'BUY' };
}
