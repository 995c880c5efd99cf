import { DuplicateOrderError, createEvent, systemClock, type Clock, type EventBus, type Fill, type Order, type OrderJournal, type OrderRequest } from '@silvertine/core';
import { decodeRecord, encodeRecord, foldJournal, type JournalRecord, type JournalReplay, type JournalStore } from '@silvertine/resilience';
import { connectRedis, type SilvertineRedisClient } from '../redis-client';

export interface RedisStreamsOrderJournalOptions {
  readonly client: SilvertineRedisClient;
  /** The stream key (one stream, so replay sees records in their total order). */
  readonly stream: string;
  readonly clock?: Clock;
  /** Where failed fire-and-forget writes are raised as CRITICAL alerts. */
  readonly bus?: EventBus;
  /** Records per XRANGE page on replay (default 1000). */
  readonly pageSize?: number;
  /**
   * Exactly-once submits: each client order id is claimed (`SET NX`) in the same script as its submit
   * record, so a second submit of one id (a redelivered command, a retry after a failover, a second
   * gateway) is refused with DuplicateOrderError before anything is sent. Claims expire after `ttlMs`
   * (default 7 days): longer than any retry, shorter than forever.
   */
  readonly claims?: { readonly keyPrefix: string; readonly ttlMs?: number };
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

/**
 * OrderJournal on a Redis stream: each record an XADD of its lossless JSON. `recordSubmit` resolves once
 * Redis has the entry; how durable that is depends on the server (appendonly + appendfsync). Updates and
 * fills are sent on the same connection, so Redis keeps them in order.
 */
export class RedisStreamsOrderJournal implements OrderJournal, JournalStore {
  private readonly clock: Clock;

  constructor(private readonly options: RedisStreamsOrderJournalOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Connects the client if it is not open yet (the client's owner closes it). */
  async open(): Promise<void> {
    await connectRedis(this.options.client);
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
    const keys = [this.claimKey(brokerId, request.clientOrderId), this.options.stream];
    const args = [record, String(claims.ttlMs ?? DEFAULT_CLAIM_TTL_MS)];
    if (fence) {
      keys.push(fence.key);
      args.push(String(fence.token));
    }
    const result = String(await this.options.client.eval(CLAIM_AND_APPEND, { keys, arguments: args }));
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
    this.append({ kind: 'update', brokerId, order }).catch((error) => this.report(error));
  }

  recordFill(brokerId: string, fill: Fill): void {
    this.append({ kind: 'fill', brokerId, fill }).catch((error) => this.report(error));
  }

  async append(record: JournalRecord): Promise<void> {
    await this.options.client.xAdd(this.options.stream, '*', { r: JSON.stringify(encodeRecord(record)) });
  }

  async replay(): Promise<JournalReplay> {
    const records: JournalRecord[] = [];
    let corrupt = 0;
    let start = '-';
    const count = this.options.pageSize ?? 1000;
    for (;;) {
      const page = (await this.options.client.xRange(this.options.stream, start, '+', { COUNT: count })) ?? [];
      for (const entry of page) {
        try {
          records.push(decodeRecord(JSON.parse(String(entry.message.r))));
        } catch {
          corrupt++;
        }
      }
      if (page.length < count) break;
      start = `(${page[page.length - 1].id}`;
    }
    return foldJournal(records, { corruptRecords: corrupt });
  }

  private report(error: unknown): void {
    this.options.bus?.publish(createEvent({
      type: 'Alert', severity: 'CRITICAL', source: 'order-journal',
      message: `redis journal write failed: ${error instanceof Error ? error.message : String(error)}`,
    }, this.clock.now()));
  }
}
