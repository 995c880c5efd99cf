import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvReplaySource } from './csv-replay.source';
import { readLines } from './line-reader';

describe('CsvReplaySource', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'paper-csv-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('skips a header and blank lines, handles CRLF, and re-reads from the start on each events() call', () => {
    const path = join(dir, 'quotes.csv');
    writeFileSync(path, 'time,bid,ask,bidSize,askSize\r\n1000,99.5,99.7,10,20\r\n\r\n2000,99.6,99.8,11,21\r\n');
    const source = CsvReplaySource.fromFile(path, { layout: 'QUOTES', symbol: 'AAPL' });
    const first = [...source.events()];
    expect(first.map((q) => [q.timestamp, q.kind === 'quote' && q.bid.toString()])).toEqual([[1000, '99.5'], [2000, '99.6']]);
    expect([...source.events()]).toEqual(first);
  });

  it('names the file and line of a bad row, and refuses rows out of time order', () => {
    const bad = CsvReplaySource.fromText('time,bid,ask,bidSize,askSize\n1000,1,2,1,1\n900,1,2,1,1\n', { layout: 'QUOTES', symbol: 'X', name: 'q.csv' });
    expect(() => [...bad.events()]).toThrow('q.csv:3: timestamp 900 is before the previous row\'s 1000');
  });

  it('reads lines across chunk boundaries without splitting a multi-byte character', () => {
    const path = join(dir, 'long.txt');
    // 70,000 bytes of 'a' then 'é' (2 bytes in UTF-8) straddling the 65,536-byte chunk edge
    const long = 'a'.repeat(65_535) + 'é' + 'b'.repeat(4_000);
    writeFileSync(path, `${long}\nlast`);
    expect([...readLines(path)]).toEqual([long, 'last']);
  });
});
