import type { EventBus, MarketData } from '@silvertine/core';
import { isHeaderRow, MarketDataFormatError, splitCsvLine, type CsvLayout } from './csv-layouts';
import { parseCsvLine } from './csv-line';
import { mayBeSpace, readLineBatches, splitLineBatches } from './line-reader';
import { replayMarketData, type MarketDataSource, type ReplayHandle, type ReplayOptions } from './market-data-replay';

/** What a CSV replay reads. */
export interface CsvReplayOptions {
  readonly layout: CsvLayout;
  /** The files carry no symbol: this is the instrument the rows belong to. */
  readonly symbol: string;
}

/**
 * Market data from a CSV file (or text) in one of the CsvLayouts, parsed once into Decimal values.
 *
 * Rows are read lazily, so a multi-gigabyte aggTrades file replays in constant memory. A header row
 * and blank lines are skipped; a malformed row fails with MarketDataFormatError naming file and line.
 * Rows must be in time order — out-of-order data would let the engine fill at prices from the past,
 * so it is refused rather than sorted.
 */
export class CsvReplaySource implements MarketDataSource {
  private constructor(
    private readonly name: string,
    /** The lines in batches (one per chunk read): a line costs an array read, not a generator step. */
    private readonly batches: () => Iterable<readonly string[]>,
    private readonly options: CsvReplayOptions,
  ) {}

  /** Reads `path` lazily on each `events()` call. */
  static fromFile(path: string, options: CsvReplayOptions): CsvReplaySource {
    return new CsvReplaySource(path, () => readLineBatches(path), options);
  }

  /** Reads CSV text held in memory (tests, small embedded samples). */
  static fromText(text: string, options: CsvReplayOptions & { readonly name?: string }): CsvReplaySource {
    return new CsvReplaySource(options.name ?? '<text>', () => splitLineBatches(text), options);
  }

  *events(): Generator<MarketData, void, undefined> {
    const rows = this.rows();
    try {
      for (let data = rows.read(); data !== undefined; data = rows.read()) yield data;
    } finally {
      rows.close();
    }
  }

  /**
   * Replays the rows read through a RowCursor rather than the events() generator: what a generator step
   * costs per row (resuming its frame, a fresh result object) is not paid by a replay (issue 21).
   */
  replay(bus: EventBus, options?: ReplayOptions): ReplayHandle {
    return replayMarketData(this.rows(), bus, options);
  }

  private rows(): RowCursor {
    return new RowCursor(this.name, this.batches()[Symbol.iterator](), this.options);
  }
}

/**
 * The rows of a CSV source, parsed one per `read()`, checked in time order; also their iterator, whose
 * result object is reused from one `next()` to the next (a replay reads each result before the next).
 */
class RowCursor implements Iterable<MarketData>, Iterator<MarketData, undefined> {
  private batch: readonly string[] = [];
  private index = 0;
  private line = 0;
  private last = Number.NEGATIVE_INFINITY;
  // One context for every row, its line moved along (errors copy it when thrown): not an object per row.
  private readonly ctx = { source: '', line: 0 };
  private readonly result: { done: boolean; value: MarketData | undefined } = { done: false, value: undefined };

  constructor(
    private readonly name: string,
    /** The lines in batches (one per chunk read): a line costs an array read, not a generator step. */
    private readonly batches: Iterator<readonly string[]>,
    private readonly options: CsvReplayOptions,
  ) {
    this.ctx.source = name;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<MarketData, undefined> {
    const value = this.read();
    this.result.done = value === undefined;
    this.result.value = value;
    return this.result as IteratorResult<MarketData, undefined>;
  }

  return(): IteratorResult<MarketData, undefined> {
    this.close();
    return { done: true, value: undefined };
  }

  /** The next row, or undefined after the last. Throws MarketDataFormatError for a malformed row. */
  read(): MarketData | undefined {
    const { layout, symbol } = this.options;
    for (;;) {
      while (this.index < this.batch.length) {
        const text = this.batch[this.index++];
        const line = ++this.line;
        // Blank: empty, or whitespace only (trimmed only when it may start with whitespace).
        if (text.length === 0 || (mayBeSpace(text.charCodeAt(0)) && text.trim().length === 0)) continue;
        if (line === 1 && isHeaderRow(splitCsvLine(text))) continue;
        this.ctx.line = line;
        const data = parseCsvLine(layout, text, symbol, this.ctx);
        if (data.timestamp < this.last) {
          throw new MarketDataFormatError(this.name, line, `timestamp ${data.timestamp} is before the previous row's ${this.last}`);
        }
        this.last = data.timestamp;
        return data;
      }
      const next = this.batches.next();
      if (next.done) return undefined;
      this.batch = next.value;
      this.index = 0;
    }
  }

  /** Closes the file (ends the batches' generator) when the rows were not read to the end. */
  close(): void {
    this.batch = [];
    this.index = 0;
    this.batches.return?.();
  }
}
