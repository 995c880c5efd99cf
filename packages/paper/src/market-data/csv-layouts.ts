import { Decimal, type Bar, type MarketData, type Quote, type Trade } from '@silvertine/core';
import { barFrom, MarketDataFormatError, parseEpochMillis, positive, quoteFrom, type RowContext } from './csv-fields';
import { mayBeSpace } from './line-reader';

export { MarketDataFormatError, parseEpochMillis, type RowContext } from './csv-fields';

/**
 * Column layouts the CSV replay source reads.
 *
 * - `BINANCE_KLINES`: data.binance.vision kline files — open time, open, high, low, close, volume,
 *   close time, quote volume, trades, taker buy base volume, taker buy quote volume, ignore.
 * - `BINANCE_AGG_TRADES`: data.binance.vision aggTrades files — aggregate trade id, price, quantity,
 *   first trade id, last trade id, timestamp, was the buyer the maker, was it the best price match.
 * - `QUOTES`: our plain top-of-book layout `time,bid,ask,bidSize,askSize`.
 */
export type CsvLayout = 'BINANCE_KLINES' | 'BINANCE_AGG_TRADES' | 'QUOTES';

/** Columns each layout needs at least (Binance adds more to klines over the years; extra ones are ignored). */
const MIN_COLUMNS: Readonly<Record<CsvLayout, number>> = { BINANCE_KLINES: 7, BINANCE_AGG_TRADES: 7, QUOTES: 5 };

/**
 * True for a header row: Binance's newer files (and our QUOTES layout) start with column names, older
 * ones with data. A data row's first field is always a number.
 */
export function isHeaderRow(fields: readonly string[]): boolean {
  return fields.length > 0 && !/^\d/.test(fields[0]);
}

/**
 * Splits one CSV line (none of these layouts quotes its fields) into trimmed fields. Trimmed in place,
 * and only fields that start or end with whitespace: a replay splits every row, and data files rarely
 * pad their fields, so the common row costs the split alone.
 */
export function splitCsvLine(line: string): string[] {
  const fields = line.split(',');
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.length > 0 && (mayBeSpace(f.charCodeAt(0)) || mayBeSpace(f.charCodeAt(f.length - 1)))) fields[i] = f.trim();
  }
  return fields;
}

/** A Binance kline row as a Bar. The bar's length is close time − open time + 1 ms (Binance closes at …999). */
export function parseKlineRow(fields: readonly string[], symbol: string, ctx: RowContext): Bar {
  const timestamp = parseEpochMillis(fields[0], ctx, 'open time');
  const closeTime = parseEpochMillis(fields[6], ctx, 'close time');
  return barFrom(symbol, timestamp, closeTime, fields[1], fields[2], fields[3], fields[4], fields[5], ctx);
}

/**
 * A Binance aggTrades row as a Trade. "Buyer was maker" means the seller crossed the spread, so the
 * aggressor is SELL; otherwise BUY.
 */
export function parseAggTradeRow(fields: readonly string[], symbol: string, ctx: RowContext): Trade {
  const price = positive(fields[1], ctx, 'price');
  const size = positive(fields[2], ctx, 'quantity');
  const timestamp = parseEpochMillis(fields[5], ctx, 'timestamp');
  const maker = fields[6].toLowerCase();
  if (maker !== 'true' && maker !== 'false') throw new MarketDataFormatError(ctx.source, ctx.line, `was-buyer-maker "${fields[6]}" is not true/false`);
  return { kind: 'trade', symbol, price, size, timestamp, aggressor: maker === 'true' ? 'SELL' : 'BUY' };
}

/** A `time,bid,ask,bidSize,askSize` row as a Quote. A crossed quote (bid > ask) is bad data and refused. */
export function parseQuoteRow(fields: readonly string[], symbol: string, ctx: RowContext): Quote {
  return quoteFrom(symbol, parseEpochMillis(fields[0], ctx, 'time'), fields[1], fields[2], fields[3], fields[4], ctx);
}

/** Parses one data row of `layout` (header rows must be skipped by the caller, see isHeaderRow). */
export function parseCsvRow(layout: CsvLayout, fields: readonly string[], symbol: string, ctx: RowContext): MarketData {
  if (fields.length < MIN_COLUMNS[layout]) {
    throw new MarketDataFormatError(ctx.source, ctx.line, `${layout} rows need ${MIN_COLUMNS[layout]} columns, got ${fields.length}`);
  }
  switch (layout) {
    case 'BINANCE_KLINES':
      return parseKlineRow(fields, symbol, ctx);
    case 'BINANCE_AGG_TRADES':
      return parseAggTradeRow(fields, symbol, ctx);
    case 'QUOTES':
      return parseQuoteRow(fields, symbol, ctx);
  }
}

/** Extra kline columns Binance publishes beside OHLCV; the writer fills them so files look like the real thing. */
export interface KlineExtras {
  readonly quoteVolume: Decimal;
  readonly trades: number;
  readonly takerBuyBaseVolume: Decimal;
  readonly takerBuyQuoteVolume: Decimal;
}

/** Formats a bar as a Binance kline row (prices and sizes with 8 decimals, as Binance writes them). */
export function formatKlineRow(bar: Bar, extras: KlineExtras): string {
  const f = (d: Decimal) => d.toFixed(8);
  return [
    bar.timestamp, f(bar.open), f(bar.high), f(bar.low), f(bar.close), f(bar.volume), bar.timestamp + bar.durationMs - 1,
    f(extras.quoteVolume), extras.trades, f(extras.takerBuyBaseVolume), f(extras.takerBuyQuoteVolume), 0,
  ].join(',');
}
