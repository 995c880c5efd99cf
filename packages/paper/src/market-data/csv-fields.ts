import { Decimal, DecimalError, type Bar, type Quote } from '@silvertine/core';

/**
 * What reading one CSV field takes: the error naming file and line, and the parsers of timestamps and
 * decimals. Shared by csv-layouts (a row as split fields) and csv-line (a row read from its line in place).
 */

/** A row that cannot be read: names the source and the 1-based line so the file can be fixed. */
export class MarketDataFormatError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    message: string,
  ) {
    super(`${source}:${line}: ${message}`);
    this.name = 'MarketDataFormatError';
  }
}

/** Where a row came from, for error messages. */
export interface RowContext {
  readonly source: string;
  readonly line: number;
}

/**
 * Binance switched its spot files to microsecond timestamps in 2025 while older files and futures use
 * milliseconds. A millisecond epoch passes 1e14 only in the year 5138, so anything larger is microseconds.
 */
const MICROSECOND_THRESHOLD = 1e14;

/** Reads an epoch timestamp in ms or µs (integer digits only) as integer epoch milliseconds. */
export function parseEpochMillis(text: string, ctx: RowContext, column: string): number {
  return epochMillisIn(text, 0, text.length, ctx, column);
}

/**
 * parseEpochMillis of `line.slice(start, end)`, read in place: no substring unless it is refused. The
 * digits are checked over their character codes (no regular expression per row) and, up to 15 of them,
 * summed in the same loop: exact (below 2^53), and a replay's timestamp then costs no Number(string).
 */
export function epochMillisIn(line: string, start: number, end: number, ctx: RowContext, column: string): number {
  const length = end - start;
  let digits = length > 0 && length <= 19;
  let value = 0;
  for (let i = start; digits && i < end; i++) {
    const c = line.charCodeAt(i);
    digits = c >= 48 && c <= 57;
    value = value * 10 + (c - 48);
  }
  if (!digits) throw new MarketDataFormatError(ctx.source, ctx.line, `${column} "${line.slice(start, end)}" is not an integer epoch timestamp`);
  // 16 to 19 digits may pass 2^53: Number() rounds those correctly, as it always did.
  if (length > 15) value = Number(line.slice(start, end));
  return value >= MICROSECOND_THRESHOLD ? Math.floor(value / 1000) : value;
}

function decimal(text: string, ctx: RowContext, column: string): Decimal {
  try {
    return Decimal.from(text);
  } catch (error) {
    const why = error instanceof DecimalError ? error.message : String(error);
    throw new MarketDataFormatError(ctx.source, ctx.line, `${column}: ${why}`);
  }
}

/** A decimal field that must be above zero (prices, trade sizes). */
export function positive(text: string, ctx: RowContext, column: string): Decimal {
  const value = decimal(text, ctx, column);
  if (!value.isPositive()) throw new MarketDataFormatError(ctx.source, ctx.line, `${column} must be positive, got ${text}`);
  return value;
}

/** A decimal field that must not be below zero (visible sizes, volumes). */
export function nonNegative(text: string, ctx: RowContext, column: string): Decimal {
  const value = decimal(text, ctx, column);
  if (value.isNegative()) throw new MarketDataFormatError(ctx.source, ctx.line, `${column} must not be negative, got ${text}`);
  return value;
}

/** A Quote from its parsed time and its four decimal fields, checked (a crossed quote is bad data). */
export function quoteFrom(symbol: string, timestamp: number, bidText: string, askText: string, bidSizeText: string, askSizeText: string, ctx: RowContext): Quote {
  const bid = positive(bidText, ctx, 'bid');
  const ask = positive(askText, ctx, 'ask');
  const bidSize = nonNegative(bidSizeText, ctx, 'bidSize');
  const askSize = nonNegative(askSizeText, ctx, 'askSize');
  if (bid.gt(ask)) throw new MarketDataFormatError(ctx.source, ctx.line, `crossed quote: bid ${bid} > ask ${ask}`);
  return { kind: 'quote', symbol, bid, ask, bidSize, askSize, timestamp };
}

/** A Bar from its parsed open and close times and its OHLCV fields, checked for consistency. */
export function barFrom(
  symbol: string,
  timestamp: number,
  closeTime: number,
  // The five texts in file order, as arguments rather than an object: no allocation per row.
  openText: string,
  highText: string,
  lowText: string,
  closeText: string,
  volumeText: string,
  ctx: RowContext,
): Bar {
  const open = positive(openText, ctx, 'open');
  const high = positive(highText, ctx, 'high');
  const low = positive(lowText, ctx, 'low');
  const close = positive(closeText, ctx, 'close');
  const volume = nonNegative(volumeText, ctx, 'volume');
  if (closeTime < timestamp) throw new MarketDataFormatError(ctx.source, ctx.line, 'close time is before open time');
  if (high.lt(Decimal.max(open, close)) || low.gt(Decimal.min(open, close)) || low.gt(high)) {
    throw new MarketDataFormatError(ctx.source, ctx.line, `inconsistent bar: open ${open} high ${high} low ${low} close ${close}`);
  }
  return { kind: 'bar', symbol, open, high, low, close, volume, timestamp, durationMs: closeTime - timestamp + 1 };
}
