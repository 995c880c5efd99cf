import { parseCsvRow, parseEpochMillis, isHeaderRow, splitCsvLine, MarketDataFormatError, formatKlineRow } from './csv-layouts';
import { dec, type Bar } from '@silvertine/core';

const ctx = { source: 'f.csv', line: 7 };
const row = (text: string) => splitCsvLine(text);

describe('CSV layouts', () => {
  it('reads a Binance kline row (real layout, 12 columns) into an exact Bar', () => {
    const bar = parseCsvRow('BINANCE_KLINES', row('1704067200000,42283.58000000,42298.62000000,42283.57000000,42298.61000000,35.92724000,1704067259999,1519510.65807370,1327,20.58162000,870512.94568530,0'), 'BTCUSDT', ctx) as Bar;
    expect(bar).toMatchObject({ kind: 'bar', symbol: 'BTCUSDT', timestamp: 1704067200000, durationMs: 60_000 });
    expect([bar.open, bar.high, bar.low, bar.close, bar.volume].map(String)).toEqual(['42283.58', '42298.62', '42283.57', '42298.61', '35.92724']);
  });

  it('reads microsecond timestamps (Binance spot files since 2025) as milliseconds', () => {
    const bar = parseCsvRow('BINANCE_KLINES', row('1735689600000000,1,1,1,1,0,1735689659999999'), 'X', ctx);
    // open 1735689600000000 µs = 1735689600000 ms; close …659999999 µs → …659999 ms; length 59999 + 1
    expect([bar.timestamp, (bar as Bar).durationMs]).toEqual([1735689600000, 60_000]);
    expect(parseEpochMillis('1735689600000', ctx, 't')).toBe(1735689600000);
  });

  it('reads an aggTrades row; buyer-was-maker means a SELL aggressor', () => {
    const sell = parseCsvRow('BINANCE_AGG_TRADES', row('3349389479,42283.58000000,0.00236000,4150224730,4150224730,1704067200000,True,True'), 'BTCUSDT', ctx);
    expect(sell).toMatchObject({ kind: 'trade', timestamp: 1704067200000, aggressor: 'SELL' });
    expect(sell.kind === 'trade' && [sell.price.toString(), sell.size.toString()]).toEqual(['42283.58', '0.00236']);
    expect(parseCsvRow('BINANCE_AGG_TRADES', row('1,10,1,1,1,5,false,true'), 'X', ctx)).toMatchObject({ aggressor: 'BUY' });
  });

  it('reads a time,bid,ask,bidSize,askSize row into a Quote', () => {
    const q = parseCsvRow('QUOTES', row('1000, 99.5,99.7,12,0.5'), 'AAPL', ctx);
    expect(q.kind === 'quote' && [q.bid, q.ask, q.bidSize, q.askSize].map(String)).toEqual(['99.5', '99.7', '12', '0.5']);
  });

  it.each([
    ['QUOTES', '1000,99.8,99.7,1,1', /f.csv:7: crossed quote: bid 99.8 > ask 99.7/],
    ['QUOTES', '1000,99.5,99.7,1', /QUOTES rows need 5 columns, got 4/],
    ['QUOTES', '1000,abc,99.7,1,1', /f.csv:7: bid: not a decimal number/],
    ['QUOTES', '1000,0.1234567890123456789,99.7,1,1', /more than 18 decimal places/],
    ['QUOTES', '10.5,99.5,99.7,1,1', /time "10.5" is not an integer/],
    ['BINANCE_KLINES', '0,10,9,8,9,1,59999', /inconsistent bar: open 10 high 9/],
    ['BINANCE_KLINES', '60000,10,11,8,9,1,59999', /close time is before open time/],
    ['BINANCE_KLINES', '0,10,11,8,9,-1,59999', /volume must not be negative/],
    ['BINANCE_AGG_TRADES', '1,10,0,1,1,5,false,true', /quantity must be positive/],
    ['BINANCE_AGG_TRADES', '1,10,1,1,1,5,maybe,true', /was-buyer-maker "maybe"/],
  ] as const)('refuses a bad %s row %s', (layout, text, message) => {
    expect(() => parseCsvRow(layout, row(text), 'X', ctx)).toThrow(MarketDataFormatError);
    expect(() => parseCsvRow(layout, row(text), 'X', ctx)).toThrow(message);
  });

  it('tells a header row from a data row', () => {
    expect(isHeaderRow(row('open_time,open,high'))).toBe(true);
    expect(isHeaderRow(row('time,bid,ask,bidSize,askSize'))).toBe(true);
    expect(isHeaderRow(row('1704067200000,42283.58'))).toBe(false);
  });

  it('writes a kline row that reads back to the same bar', () => {
    const bar: Bar = { kind: 'bar', symbol: 'X', open: dec('1.5'), high: dec(2), low: dec(1), close: dec('1.75'), volume: dec('3.25'), timestamp: 60_000, durationMs: 60_000 };
    const text = formatKlineRow(bar, { quoteVolume: dec('5.6875'), trades: 9, takerBuyBaseVolume: dec(1), takerBuyQuoteVolume: dec('1.75') });
    expect(text).toBe('60000,1.50000000,2.00000000,1.00000000,1.75000000,3.25000000,119999,5.68750000,9,1.00000000,1.75000000,0');
    expect(parseCsvRow('BINANCE_KLINES', row(text), 'X', ctx)).toEqual(bar);
  });
});
