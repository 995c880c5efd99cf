import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  createEvent, systemClock, type Clock, type EventBus, type Fill, type Order, type OrderJournal, type OrderRequest, type TimerHandle,
} from '@silvertine/core';
import { JournalDecoder } from './journal-decoder';
import { encodeRecord, type JournalRecord, type JournalStore } from './journal-record';
import { foldJournal, type JournalReplay } from './journal-replay';
import { StateDirectoryLock } from './state-directory-lock';

/**
 * When the journal forces data to disk:
 * - `always`: every write is fdatasync'ed before it is acknowledged (a submit resolves only once on disk);
 * - `interval`: writes reach the OS at once and are fdatasync'ed every `fsyncIntervalMs` (a power loss may
 *   lose that window; a process crash loses nothing);
 * - `never`: left to the OS.
 */
export type FsyncPolicy = 'always' | 'interval' | 'never';

export interface FileOrderJournalOptions {
  readonly path: string;
  readonly fsync: FsyncPolicy;
  /** Period of `interval` syncs (default 100 ms, on the clock). */
  readonly fsyncIntervalMs?: number;
  readonly clock?: Clock;
  /** Where write failures of fire-and-forget records are raised as CRITICAL alerts. */
  readonly bus?: EventBus;
  /**
   * Hold `<path>.lock` (the owner's PID) from open to close, so a second process on the same state
   * directory fails at open with StateDirectoryLockedError instead of interleaving records. A lock left
   * by a dead process is taken over. Default false (tests reopen one file in one process).
   */
  readonly lock?: boolean;
}

interface Pending {
  readonly line: string;
  readonly done?: { resolve(): void; reject(error: unknown): void };
}

/**
 * The embedded default OrderJournal: append-only JSON lines. Writes are group-committed (whatever
 * accumulates while one write is in progress goes in the next single write and sync), so `always` stays
 * affordable under load. On open, a last line cut short by a crash is cut off, so new records never
 * concatenate with it.
 */
export class FileOrderJournal implements OrderJournal, JournalStore {
  private handle?: FileHandle;
  private pending: Pending[] = [];
  private writing?: Promise<void>;
  private syncTimer?: TimerHandle;
  private dirty = false;
  private failure?: unknown;
  private readonly clock: Clock;
  private truncatedOnOpen = false;
  private closing = false;
  private readonly lock?: StateDirectoryLock;

  constructor(private readonly options: FileOrderJournalOptions) {
    this.clock = options.clock ?? systemClock;
    this.lock = options.lock ? new StateDirectoryLock(`${options.path}.lock`) : undefined;
  }

  /** Opens (creating it and its directory if needed) the file for appending. Call before use. */
  async open(): Promise<void> {
    if (this.handle) return;
    // a state directory of a fresh installation does not exist yet
    await fs.mkdir(dirname(this.options.path), { recursive: true });
    await this.lock?.acquire();
    try {
      await this.openFile();
    } catch (error) {
      await this.lock?.release();
      throw error;
    }
  }

  private async openFile(): Promise<void> {
    const handle = await fs.open(this.options.path, 'a+');
    const { size } = await handle.stat();
    if (size > 0) {
      const tail = Buffer.alloc(Math.min(size, 64 * 1024));
      await handle.read(tail, 0, tail.length, size - tail.length);
      if (tail[tail.length - 1] !== 0x0a) {
        // Crash mid-write: drop the partial line (it was never acknowledged).
        const lastNewline = tail.lastIndexOf(0x0a);
        await handle.truncate(lastNewline < 0 ? size - tail.length : size - tail.length + lastNewline + 1);
        this.truncatedOnOpen = true;
      }
    }
    this.handle = handle;
    if (this.options.fsync === 'interval') this.scheduleSync();
  }

  /** Awaited by AbstractBroker before sending: resolves once written (and synced under `always`). */
  recordSubmit(brokerId: string, request: OrderRequest, at: number): Promise<void> {
    return this.append({ kind: 'submit', brokerId, request, at });
  }

  recordUpdate(brokerId: string, order: Order): void {
    this.enqueue({ kind: 'update', brokerId, order });
  }

  recordFill(brokerId: string, fill: Fill): void {
    this.enqueue({ kind: 'fill', brokerId, fill });
  }

  append(record: JournalRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => this.enqueue(record, { resolve, reject }));
  }

  /** Resolves once everything recorded so far is written (and synced unless the policy is `never`). */
  async flush(): Promise<void> {
    while (this.writing || this.pending.length) await (this.writing ?? this.drain());
    if (this.options.fsync !== 'never') await this.sync();
  }

  /**
   * Reads the whole file back in chunks of `REPLAY_CHUNK_BYTES` (memory bounded by the records, not by the
   * file as one string). A truncated last line is ignored and reported.
   */
  async replay(): Promise<JournalReplay> {
    await this.flush();
    let handle: FileHandle;
    try {
      handle = await fs.open(this.options.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return foldJournal([]);
      throw error;
    }
    try {
      return await replayLines(handle, this.truncatedOnOpen);
    } finally {
      await handle.close();
    }
  }

  /** Flushes, syncs and closes the file; releases the sync timer. */
  async close(): Promise<void> {
    this.closing = true;
    this.syncTimer?.cancel();
    this.syncTimer = undefined;
    if (!this.handle) return;
    try {
      await this.flush();
      await this.handle.close();
    } finally {
      this.handle = undefined;
      this.closing = false;
      await this.lock?.release();
    }
  }

  private enqueue(record: JournalRecord, done?: Pending['done']): void {
    if (!this.handle) {
      const error = new Error(`journal ${this.options.path} is not open`);
      if (done) done.reject(error);
      else this.report(error);
      return;
    }
    this.pending.push({ line: JSON.stringify(encodeRecord(record)) + '\n', done });
    if (!this.writing) this.writing = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length && this.handle) {
        const batch = this.pending;
        this.pending = [];
        try {
          await this.handle.write(batch.map((p) => p.line).join(''));
          if (this.options.fsync === 'always') await this.handle.datasync();
          else this.dirty = true;
          for (const p of batch) p.done?.resolve();
        } catch (error) {
          for (const p of batch) p.done?.reject(error);
          if (batch.some((p) => !p.done)) this.report(error);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async sync(): Promise<void> {
    if (!this.dirty || !this.handle) return;
    this.dirty = false;
    await this.handle.datasync();
  }

  private scheduleSync(): void {
    this.syncTimer = this.clock.setTimeout(() => {
      void this.sync().catch((error) => this.report(error)).finally(() => {
        if (this.handle && !this.closing) this.scheduleSync();
      });
    }, this.options.fsyncIntervalMs ?? 100);
  }

  private report(error: unknown): void {
    this.failure = error;
    this.options.bus?.publish(createEvent({
      type: 'Alert', severity: 'CRITICAL', source: 'order-journal',
      message: `journal write failed: ${error instanceof Error ? error.message : String(error)}`,
    }, this.clock.now()));
  }

  /** The last write failure of a fire-and-forget record, if any. */
  get lastFailure(): unknown {
    return this.failure;
  }
}

/** Bytes read at a time on replay (a longer line grows the buffer). */
const REPLAY_CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/** Reads JSON lines chunk by chunk, decoding each chunk's complete lines in one pass. */
async function replayLines(handle: FileHandle, truncatedBefore: boolean): Promise<JournalReplay> {
  const decoder = new JournalDecoder();
  const records: JournalRecord[] = [];
  let buffer = Buffer.allocUnsafe(REPLAY_CHUNK_BYTES);
  let carried = 0; // bytes of an unfinished line at the start of the buffer
  for (;;) {
    if (carried === buffer.length) {
      const grown = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(grown, 0, 0, carried);
      buffer = grown;
    }
    const { bytesRead } = await handle.read(buffer, carried, buffer.length - carried, null);
    if (bytesRead === 0) break;
    const end = carried + bytesRead;
    const lastNewline = buffer.lastIndexOf(NEWLINE, end - 1);
    if (lastNewline < 0) {
      carried = end;
      continue;
    }
    // A newline byte never occurs inside a multi-byte UTF-8 character: the cut is always clean.
    decodeLines(buffer.toString('utf8', 0, lastNewline + 1), decoder, records);
    carried = end - lastNewline - 1;
    buffer.copy(buffer, 0, lastNewline + 1, end);
  }
  return finish(buffer.toString('utf8', 0, carried), decoder, records, truncatedBefore);
}

/** Decodes every complete line of `text`; returns where its unfinished last line starts. */
function decodeLines(text: string, decoder: JournalDecoder, records: JournalRecord[]): number {
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
    if (end > start) decoder.decodeText(text.slice(start, end), records);
  }
  return start;
}

/** The fold, once the text after the last newline (`tail`) is settled. */
function finish(tail: string, decoder: JournalDecoder, records: JournalRecord[], truncatedBefore: boolean): JournalReplay {
  let truncatedTail = truncatedBefore;
  // A complete record without its newline is still a record (the newline is written in the same call).
  if (tail.length > 0 && !new JournalDecoder().decodeText(tail, records)) truncatedTail = true;
  return foldJournal(records, { truncatedTail, corruptRecords: decoder.corrupt });
}

/** Parses journal text (JSON lines); tolerates a cut-off last line, counts unreadable earlier lines. */
export function parseJournalText(text: string, truncatedBefore = false): JournalReplay {
  const decoder = new JournalDecoder();
  const records: JournalRecord[] = [];
  const start = decodeLines(text, decoder, records);
  return finish(text.slice(start), decoder, records, truncatedBefore);
}
