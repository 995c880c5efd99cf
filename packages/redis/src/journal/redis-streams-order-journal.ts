import { DuplicateOrderError, createEvent, systemClock, type Clock, type EventBus, type Fill, type Order, type OrderJournal, type OrderRequest } from '@silvertine/core';
import { JournalDecoder, encodeRecord, foldJournal, type JournalRecord, type JournalReplay, type JournalStore } from '@silvertine/resilience';
import { connectRedis, type SilvertineRedisClient } from '../redis-client';
import { RedisJournalLock } from './redis-journal-lock';

export interface RedisStreamsOrderJournalOptions {
  readonly client: SilvertineRedisClient;
  /** The stream key (one stream, so replay sees records in their total order). */
  readonly stream: string;
  readonly clock?: Clock;
  /** Where failed fire-and-forget writes are raised as CRITICAL alerts. */
  readonly bus?: EventBus;
  /** Records per XRANGE page on replay (default 10,000). */
  readonly pageSize?: number;
  /** Most records in one pipelined batch (default 1000); more wait for the next batch. */
  readonly maxBatch?: number;
  /** How long a batch may wait for its replies before its records fail (default 5 s, node-redis's). */
  readonly timeoutMs?: number;
  /**
   * Exactly-once submits: each client order id is claimed (`SET NX`) in the same script as its submit
   * record, so a second submit of one id (a redelivered command, a retry after a failover, a second
   * gateway) is refused with DuplicateOrderError before anything is sent. Claims expire after `ttlMs`
   * (default 7 days): longer than any retry, shorter than forever.
   */
  readonly claims?: { readonly keyPrefix: string; readonly ttlMs?: number };
  /**
   * One process per journal stream: hold a Redis lock (key default `<stream>:lock`) from `open` to
   * `close`, so a second process fails at open with RedisJournalLockedError instead of interleaving
   * records; a holder that stopped renewing loses it after `ttlMs` (see RedisJournalLock). Not for the
   * gateway's journal, whose leader and standbys share the stream under GatewayLease.
   */
  readonly lock?: { readonly key?: string; readonly ttlMs?: number; readonly owner?: string };
}

/**
 * Who holds a client order id: a submit that was (or is being) sent; a submit refused before it left
 * the process (`refused`); or a resolver that gave the id up (`abandoned`). Only `sent` may be at the venue.
 */
export type SubmitClaim = 'sent' | 'refused' | 'abandoned';

/**
 * Claims the id and appends the submit record atomically; returns 'ok' or the existing claim. With a
 * fence (KEYS[3], ARGV[3]), returns 'fenced' and writes nothing when a newer lease holder took over.
 */
const CLAIM_AND_APPEND = `
if KEYS[3] and redis.call('GET', KEYS[3]) ~= ARGV[3] then return 'fenced' end
if redis.call('SET', KEYS[1], 'sent', 'NX', 'PX', ARGV[2]) then
  redis.call('XADD', KEYS[2], '*', 'r', ARGV[1])
  return 'ok'
end
return redis.call('GET', KEYS[1]) or 'sent'`;

/** Claims the id as abandoned unless a submit claimed it; returns 'ok' or the existing claim. */
const ABANDON = `
if redis.call('SET', KEYS[1], 'abandoned', 'NX', 'PX', ARGV[1]) then return 'ok' end
return redis.call('GET', KEYS[1]) or 'sent'`;

/**
 * A claim refused because the writer's fencing token is no longer the newest: another gateway holds the
 * lease. Nothing was written; the order must not be sent by this writer.
 */
export class FencedError extends Error {
  constructor(readonly token: number, message: string) {
    super(message);
    this.name = 'FencedError';
  }
}

const DEFAULT_CLAIM_TTL_MS = 7 * 24 * 3_600_000;
const DEFAULT_MAX_BATCH = 1000;
const DEFAULT_PAGE_SIZE = 10_000;
const DEFAULT_TIMEOUT_MS = 5_000;
/** Per-command timeouts off (the batch has one timer). */
const NO_COMMAND_TIMEOUT = { timeout: 0 };

/** One record waiting for its batch: its command, and whoever awaits the reply (none when fire-and-forget). */
interface Queued {
  readonly args: readonly string[];
  readonly done?: { resolve(reply: unknown): void; reject(error: unknown): void };
}

/** How the group commit has gone so far (records per batch = records / batches). */
export interface JournalBatchStats {
  /** Pipelined round trips sent. */
  readonly batches: number;
  /** Records sent in them. */
  readonly records: number;
}

/**
 * OrderJournal on a Redis stream: each record an XADD of its lossless JSON (or, with claims, the claim
 * script that XADDs it). Writes are group-committed: whatever is appended while a batch is on the wire
 * goes in the next one (at most `maxBatch` records), each record one command of a single pipelined
 * write, so N concurrent orders cost one round trip, not N. Every append resolves only once Redis
 * acknowledged its own record (how durable that is depends on the server: appendonly + appendfsync), and
 * rejects with its own command's error; a lost connection fails the records of the batch on the wire and
 * no others. Batches go one after the other on one connection, so Redis keeps the records in order.
 * Fire-and-forget updates and fills are visible to other readers once the batch they join is
 * acknowledged (`flush()` waits for that).
 */
export class RedisStreamsOrderJournal implements OrderJournal, JournalStore {
  private readonly clock: Clock;
  private readonly maxBatch: number;
  private readonly timeoutMs: number;
  private queue: Queued[] = [];
  /** Set while a batch is scheduled or on the wire; cleared when the queue is empty. */
  private draining?: Promise<void>;
  private batchCount = 0;
  private recordCount = 0;
  private readonly lock?: RedisJournalLock;

  constructor(private readonly options: RedisStreamsOrderJournalOptions) {
    this.clock = options.clock ?? systemClock;
    this.maxBatch = Math.max(1, options.maxBatch ?? DEFAULT_MAX_BATCH);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const lock = options.lock;
    this.lock = lock && new RedisJournalLock({
      client: options.client, key: lock.key ?? `${options.stream}:lock`, ttlMs: lock.ttlMs, owner: lock.owner, clock: this.clock, onLost: (message) => this.report(new Error(message)),
    });
  }

  /** Connects the client if it is not open yet (the client's owner closes it), then takes the lock if configured. */
  async open(): Promise<void> {
    await connectRedis(this.options.client);
    await this.lock?.acquire();
  }

  /** Flushes what was appended, then gives the lock up (the client stays open: its owner closes it). */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.lock?.release();
    }
  }

  /** Batches and records sent so far. */
  get stats(): JournalBatchStats {
    return { batches: this.batchCount, records: this.recordCount };
  }

  async recordSubmit(brokerId: string, request: OrderRequest, at: number): Promise<void> {
    return this.claimSubmit(brokerId, request, at);
  }

  /**
   * recordSubmit, fenced: with `fence`, the claim is written only while the counter at `fence.key` still
   * holds `fence.token` (this writer holds the newest lease); otherwise FencedError and nothing written.
   */
  async claimSubmit(brokerId: string, request: OrderRequest, at: number, fence?: { readonly key: string; readonly token: number }): Promise<void> {
    const claims = this.options.claims;
    if (!claims) return this.append({ kind: 'submit', brokerId, request, at });
    const record = JSON.stringify(encodeRecord({ kind: 'submit', brokerId, request, at }));
    const ttl = String(claims.ttlMs ?? DEFAULT_CLAIM_TTL_MS);
    const claimKey = this.claimKey(brokerId, request.clientOrderId);
    const args = fence
      ? ['EVAL', CLAIM_AND_APPEND, '3', claimKey, this.options.stream, fence.key, record, ttl, String(fence.token)]
      : ['EVAL', CLAIM_AND_APPEND, '2', claimKey, this.options.stream, record, ttl];
    const result = String(await this.submit(args));
    if (result === 'fenced') throw new FencedError(fence?.token ?? 0, `fencing token ${fence?.token} is no longer the newest: ${request.clientOrderId} not claimed, not sent`);
    if (result !== 'ok') {
      throw new DuplicateOrderError(`clientOrderId ${request.clientOrderId} was already claimed (${result}): not sent again`, { brokerId, clientOrderId: request.clientOrderId });
    }
  }

  /**
   * Gives up an id whose submit never reached the journal (its command was lost, or is still queued):
   * from now on a submit of it is refused. Returns undefined when this call claimed it, or the claim
   * that was there (`sent`: it may be at the venue; `abandoned`: given up before). Needs `claims`.
   */
  async abandon(brokerId: string, clientOrderId: string): Promise<SubmitClaim | undefined> {
    const claims = this.options.claims;
    if (!claims) throw new Error('RedisStreamsOrderJournal.abandon needs the claims option');
    const result = String(await this.options.client.eval(ABANDON, { keys: [this.claimKey(brokerId, clientOrderId)], arguments: [String(claims.ttlMs ?? DEFAULT_CLAIM_TTL_MS)] }));
    return result === 'ok' ? undefined : (result as SubmitClaim);
  }

  /** Marks a claimed id as refused before it was sent (it stays taken: a later submit of it is still refused). */
  async markRefused(brokerId: string, clientOrderId: string): Promise<void> {
    if (!this.options.claims) throw new Error('RedisStreamsOrderJournal.markRefused needs the claims option');
    await this.options.client.set(this.claimKey(brokerId, clientOrderId), 'refused', { condition: 'XX', expiration: 'KEEPTTL' });
  }

  /** The claim on an id, if any (read-only). Needs `claims`. */
  async claimOf(brokerId: string, clientOrderId: string): Promise<SubmitClaim | undefined> {
    if (!this.options.claims) throw new Error('RedisStreamsOrderJournal.claimOf needs the claims option');
    const value = await this.options.client.get(this.claimKey(brokerId, clientOrderId));
    return value === null ? undefined : (String(value) as SubmitClaim);
  }

  private claimKey(brokerId: string, clientOrderId: string): string {
    return `${this.options.claims?.keyPrefix}${brokerId}:${clientOrderId}`;
  }

  recordUpdate(brokerId: string, order: Order): void {
    this.enqueue({ args: this.xadd({ kind: 'update', brokerId, order }) });
  }

  recordFill(brokerId: string, fill: Fill): void {
    this.enqueue({ args: this.xadd({ kind: 'fill', brokerId, fill }) });
  }

  async append(record: JournalRecord): Promise<void> {
    await this.submit(this.xadd(record));
  }

  /** Resolves once every record appended so far was acknowledged (or failed). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /**
   * Reads the stream back in XRANGE pages of `pageSize`, as raw replies (no per-entry objects), and
   * decodes each page in one pass. Records are validated as untrusted input: one that does not decode
   * is counted in `corruptRecords`, never guessed at.
   */
  async replay(): Promise<JournalReplay> {
    await this.flush();
    const decoder = new JournalDecoder();
    const records: JournalRecord[] = [];
    let start = '-';
    const count = this.options.pageSize ?? DEFAULT_PAGE_SIZE;
    const countArg = String(count);
    for (;;) {
      const page = ((await this.options.client.sendCommand(['XRANGE', this.options.stream, start, '+', 'COUNT', countArg])) ?? []) as unknown as RawEntry[];
      for (let i = 0; i < page.length; i++) decoder.decodeText(rawRecordText(page[i]), records);
      if (page.length < count) break;
      start = `(${String(page[page.length - 1][0])}`;
    }
    return foldJournal(records, { corruptRecords: decoder.corrupt });
  }

  private xadd(record: JournalRecord): string[] {
    return ['XADD', this.options.stream, '*', 'r', JSON.stringify(encodeRecord(record))];
  }

  /** Queues a command and resolves with its own reply once its batch is acknowledged. */
  private submit(args: readonly string[]): Promise<unknown> {
    return new Promise((resolve, reject) => this.enqueue({ args, done: { resolve, reject } }));
  }

  private enqueue(item: Queued): void {
    this.queue.push(item);
    // The first record of an idle journal waits one turn of the event loop, so every record appended in
    // the same turn (concurrent orders) goes in its batch; later ones wait for the batch on the wire.
    this.draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain()).catch((error) => this.report(error));
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
        this.queue = batch === this.queue ? [] : this.queue.slice(this.maxBatch);
        await this.sendBatch(batch);
      }
    } finally {
      this.draining = undefined;
    }
  }

  /**
   * Sends a batch as one pipelined write (node-redis writes every command issued in one turn of the
   * event loop in one corked socket write) and settles each record by its own reply. One timer per
   * batch instead of node-redis's per-command timeout (an AbortSignal and a timer per record): records
   * without a reply after `timeoutMs` fail (they may still land: a submit that failed was never sent).
   */
  private async sendBatch(batch: readonly Queued[]): Promise<void> {
    this.batchCount++;
    this.recordCount += batch.length;
    const client = this.options.client;
    let settled: Promise<PromiseSettledResult<unknown>[]>;
    try {
      settled = Promise.allSettled(batch.map((item) => client.sendCommand(item.args, NO_COMMAND_TIMEOUT)));
    } catch (error) {
      // A client that throws instead of rejecting: the whole batch failed before anything was sent.
      settled = Promise.resolve(batch.map(() => ({ status: 'rejected' as const, reason: error })));
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), this.timeoutMs); });
    const replies = await Promise.race([settled, timedOut]).finally(() => clearTimeout(timer));
    if (!replies) {
      const error = new Error(`redis journal: no reply to a batch of ${batch.length} records within ${this.timeoutMs} ms`);
      for (const item of batch) item.done?.reject(error);
      if (batch.some((item) => !item.done)) this.report(error);
      return;
    }
    let failure: unknown;
    for (let i = 0; i < batch.length; i++) {
      const done = batch[i].done;
      const reply = replies[i];
      if (reply.status === 'fulfilled') done?.resolve(reply.value);
      else if (done) done.reject(reply.reason);
      else failure ??= reply.reason;
    }
    if (failure !== undefined) this.report(failure);
  }

  private report(error: unknown): void {
    this.options.bus?.publish(createEvent({
      type: 'Alert', severity: 'CRITICAL', source: 'order-journal',
      message: `redis journal write failed: ${error instanceof Error ? error.message : String(error)}`,
    }, this.clock.now()));
  }
}

/** An XRANGE entry as Redis sends it: [id, [field, value, ...]]. */
type RawEntry = readonly [unknown, readonly unknown[] | null];

/** The value of field `r` of an entry (undefined when absent: a corrupt record). */
function rawRecordText(entry: RawEntry): string | undefined {
  const fields = entry[1];
  if (!fields) return undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) if (String(fields[i]) === 'r') return String(fields[i + 1]);
  return undefined;
}
