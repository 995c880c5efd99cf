import type { SilvertineRedisClient } from '../redis-client';

interface Pending {
  /** Issue order, so entries whose direct send failed go back in line where they were. */
  readonly seq: number;
  readonly stream: string;
  readonly fields: Record<string, string>;
  /** Milliseconds after which the stream expires (reply streams of vanished clients go away). */
  readonly expireMs?: number;
  readonly maxLength?: number;
}

/**
 * XADDs in exactly the order they are asked for, across streams: a gateway's events and the reply that
 * follows them leave on one connection, each issued at once (node-redis pipelines them), so a strategy
 * never reads a reply before the events that preceded it. While Redis is unreachable, entries wait in a
 * bounded buffer and are flushed in order on 'ready'; new entries queue behind them.
 */
export class OrderedStreamWriter {
  private readonly buffer: Pending[] = [];
  private draining?: Promise<void>;
  private readonly onReady = () => void this.flush();
  private seq = 0;
  /** Entries dropped because the buffer was full. */
  dropped = 0;

  constructor(private readonly client: SilvertineRedisClient, private readonly maxBuffer = 10_000) {
    client.on('ready', this.onReady);
  }

  /** Queues one entry; it is sent now when nothing waits before it and Redis is ready. */
  add(stream: string, fields: Record<string, string>, options: { expireMs?: number; maxLength?: number } = {}): void {
    const entry: Pending = { seq: this.seq++, stream, fields, ...options };
    if (this.buffer.length === 0 && this.client.isReady) {
      this.send(entry).catch(() => this.requeue(entry));
      return;
    }
    this.buffer.push(entry);
    if (this.buffer.length > this.maxBuffer) {
      this.buffer.shift();
      this.dropped++;
    }
    void this.flush();
  }

  /** Sends what waits, oldest first; resolves when the buffer is empty or Redis failed again. */
  flush(): Promise<void> {
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
    return this.draining;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** Stops listening for readiness (the client's owner closes it). */
  close(): void {
    this.client.off('ready', this.onReady);
  }

  private async drain(): Promise<void> {
    while (this.buffer.length && this.client.isReady) {
      const entry = this.buffer[0];
      try {
        await this.send(entry);
      } catch {
        return; // still down: 'ready' flushes again
      }
      if (this.buffer[0] === entry) this.buffer.shift();
    }
  }

  private async send(entry: Pending): Promise<void> {
    const sent = this.client.xAdd(entry.stream, '*', entry.fields, entry.maxLength === undefined ? undefined : { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: entry.maxLength } });
    // Issued right behind the XADD on the same connection; a failure here costs only the expiry.
    if (entry.expireMs !== undefined) void this.client.pExpire(entry.stream, entry.expireMs).catch(() => undefined);
    await sent;
  }

  /** A direct send failed (the connection dropped under it): it goes back in line by its issue order. */
  private requeue(entry: Pending): void {
    const at = this.buffer.findIndex((e) => e.seq > entry.seq);
    this.buffer.splice(at === -1 ? this.buffer.length : at, 0, entry);
    void this.flush();
  }
}
