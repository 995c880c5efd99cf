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
    const { layout, symbol } = this.options;
    // One context for every row, its line moved along (errors copy it when thrown): not an object per row.
    const ctx = { source: this.name, line: 0 };
    let line = 0;
    let last = Number.NEGATIVE_INFINITY;
    for (const batch of this.batches()) {
      for (let i = 0; i < batch.length; i++) {
        const text = batch[i];
        line++;
        // Blank: empty, or whitespace only (trimmed only when it may start with whitespace).
        if (text.length === 0 || (mayBeSpace(text.charCodeAt(0)) && text.trim().length === 0)) continue;
        if (line === 1 && isHeaderRow(splitCsvLine(text))) continue;
        ctx.line = line;
        const data = parseCsvLine(layout, text, symbol, ctx);
        if (data.timestamp < last) {
          throw new MarketDataFormatError(this.name, line, `timestamp ${data.timestamp} is before the previous row's ${last}`);
        }
        last = data.timestamp;
        yield data;
      }
    }
  }

  replay(bus: EventBus, options?: ReplayOptions): ReplayHandle {
    return replayMarketData(this.events(), bus, options);
  }
}
