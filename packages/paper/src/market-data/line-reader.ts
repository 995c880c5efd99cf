import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK_BYTES = 1 << 16;

/**
 * The lines of a text file, read lazily in 64 KiB chunks. Why not readFileSync: Binance aggTrades files
 * run to gigabytes, and a replay only ever needs the next line. The file is closed when iteration ends
 * or is abandoned (`return()` on the iterator, as `for...of` with `break` does).
 */
export function* readLines(path: string): Generator<string, void, undefined> {
  for (const batch of readLineBatches(path)) yield* batch;
}

/**
 * The lines of a text file as readLines reads them, one array per 64 KiB chunk: what a replay iterates,
 * so that a line costs an array read rather than a generator step (the file is still read lazily and
 * closed when iteration ends or is abandoned).
 */
export function* readLineBatches(path: string): Generator<string[], void, undefined> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    // Undecoded bytes after the last newline: a chunk may end inside a UTF-8 sequence, so only text up
    // to a '\n' byte (which never occurs inside a multi-byte sequence) is decoded.
    let carry = Buffer.alloc(0);
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      const bytes = carry.length > 0 ? Buffer.concat([carry, buffer.subarray(0, read)]) : buffer.subarray(0, read);
      const lastNewline = bytes.lastIndexOf(10);
      if (lastNewline < 0) {
        carry = Buffer.from(bytes);
        continue;
      }
      const lines = bytes.toString('utf8', 0, lastNewline).split('\n');
      carry = Buffer.from(bytes.subarray(lastNewline + 1));
      stripCrs(lines);
      yield lines;
    }
    if (carry.length > 0) yield [stripCr(carry.toString('utf8'))];
  } finally {
    closeSync(fd);
  }
}

/** The lines of an in-memory text, as one batch. */
export function* splitLineBatches(text: string): Generator<string[], void, undefined> {
  const lines = text.split('\n');
  stripCrs(lines);
  yield lines;
}

function stripCrs(lines: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
  }
}

/** False only for characters String.prototype.trim never removes (printable ASCII): the rest is trim's to judge. */
export function mayBeSpace(code: number): boolean {
  return code <= 32 || code >= 127;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
