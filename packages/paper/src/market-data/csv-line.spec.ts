import { parseCsvRow, splitCsvLine, type CsvLayout } from './csv-layouts';
import { parseCsvLine } from './csv-line';

const ctx = { source: 'f.csv', line: 7 };

/** What the general path (split, trim, parse) makes of a line: the value, or the error's message. */
function general(layout: CsvLayout, line: string): unknown {
  try {
    return parseCsvRow(layout, splitCsvLine(line), 'X', ctx);
  } catch (error) {
    return { error: (error as Error).message, name: (error as Error).name };
  }
}

function inPlace(layout: CsvLayout, line: string): unknown {
  try {
    return parseCsvLine(layout, line, 'X', ctx);
  } catch (error) {
    return { error: (error as Error).message, name: (error as Error).name };
  }
}

describe('parseCsvLine (fields read in place)', () => {
  it.each([
    ['QUOTES', '1704067200000,42000.01,42000.02,0.12340,1.5'],
    ['QUOTES', '1000, 99.5,99.7,12,0.5'],
    ['QUOTES', '1000,99.5,99.7,12,0.5,extra'],
    ['QUOTES', '1735689600000000,1,2,0,0'],
    ['QUOTES', '1000,99.8,99.7,1,1'],
    ['QUOTES', '1000,99.5,99.7,1'],
    ['QUOTES', '1000,,99.7,1,1'],
    ['QUOTES', '1000,abc,99.7,1,1'],
    ['QUOTES', '10.5,99.5,99.7,1,1'],
    ['QUOTES', '12345678901234567890,1,2,1,1'],
    ['QUOTES', '1000,99.5,99.7,1,1\t'],
    ['BINANCE_KLINES', '1704067200000,42283.58000000,42298.62000000,42283.57000000,42298.61000000,35.92724000,1704067259999,1519510.65807370,1327,20.58162000,870512.94568530,0'],
    ['BINANCE_KLINES', '1735689600000000,1,1,1,1,0,1735689659999999'],
    ['BINANCE_KLINES', '0,10,9,8,9,1,59999'],
    ['BINANCE_KLINES', '60000,10,11,8,9,1,59999'],
    ['BINANCE_KLINES', '0,10,11,8,9,-1,59999'],
    ['BINANCE_KLINES', '0,10,11,8,9,1'],
    ['BINANCE_AGG_TRADES', '3349389479,42283.58000000,0.00236000,4150224730,4150224730,1704067200000,True,True'],
    ['BINANCE_AGG_TRADES', '1,10,1,1,1,5,false,true'],
    ['BINANCE_AGG_TRADES', '1,10,1,1,1,5,true,true'],
    ['BINANCE_AGG_TRADES', '1,10,1,1,1,5,true'],
    ['BINANCE_AGG_TRADES', '1,10,0,1,1,5,false,true'],
    ['BINANCE_AGG_TRADES', '1,10,1,1,1,5,maybe,true'],
    ['BINANCE_AGG_TRADES', '1,10,1,1,1,x5,true,true'],
  ] as const)('%s %s: the same value or the same error as split + parseCsvRow', (layout, line) => {
    expect(inPlace(layout, line)).toEqual(general(layout, line));
  });
});
