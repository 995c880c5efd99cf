import { createEvent, systemClock, type Clock, type EventBus, type Fill, type Order, type OrderJournal, type OrderRequest } from '@silvertine/core';
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
}

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
    await this.append({ kind: 'submit', brokerId, request, at });
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
