import { Subject, type Observable, type Subscription } from 'rxjs';
import {
  createEvent, systemClock, type Clock, type EventBus, type SilvertineEvent, type SilvertineEventType,
} from '@silvertine/core';
import { decodeEvent, encodeEvent } from '@silvertine/resilience';
import { waitForReady, type SilvertineRedisClient } from '../redis-client';
import { BoundedIdSet } from './bounded-id-set';

/** A stream to consume: events of one type for one broker. */
export interface ConsumedStream {
  readonly brokerId: string;
  readonly type: SilvertineEventType;
}

export interface RedisStreamsBridgeOptions {
  readonly bus: EventBus;
  /** Used for XADD and XACK. */
  readonly writer: SilvertineRedisClient;
  /** A separate connection for blocking XREADGROUP (required when `consume` is not empty). */
  readonly reader?: SilvertineRedisClient;
  /** Key prefix, e.g. "silvertine:" (streams are `<prefix>events:<brokerId>:<type>`). */
  readonly prefix: string;
  /** Event types copied from the bus to streams (default: OrderUpdate, Fill, ConnectionState, BrokerError, Alert). */
  readonly publish?: readonly SilvertineEventType[];
  /** Streams read into the bus through the consumer group (e.g. Order events for the brokers this process runs). */
  readonly consume?: readonly ConsumedStream[];
  readonly group?: string;
  readonly consumer?: string;
  /** Events kept locally while Redis is unreachable (default 10,000; the oldest are dropped beyond, with an alert). */
  readonly maxBuffer?: number;
  /** Approximate MAXLEN of each stream (default 100,000). */
  readonly maxStreamLength?: number;
  /** XREADGROUP BLOCK in ms (default 500). */
  readonly blockMs?: number;
  readonly clock?: Clock;
}

/** Streams a bus event goes to. */
export function streamKey(prefix: string, brokerId: string | undefined, type: SilvertineEventType): string {
  return `${prefix}events:${brokerId ?? '_'}:${type}`;
}

const DEFAULT_PUBLISH: readonly SilvertineEventType[] = ['OrderUpdate', 'Fill', 'ConnectionState', 'BrokerError', 'Alert'];

/**
 * Bridges the in-process bus and Redis Streams, both ways.
 *
 * Out: events of the chosen types go to one stream per broker and type, losslessly encoded. While
 * Redis is unreachable they wait in a bounded local buffer, flushed in order on recovery (new events
 * queue behind it so order holds).
 *
 * In: streams (typically OrderEvents from strategies in other processes) are read through a consumer
 * group. Pending entries (delivered but not acknowledged before a disconnect or crash) are read again
 * first; each entry is acknowledged after it was published on the bus. Consumers are idempotent: an
 * event id, or a Fill's tradeId, seen before is acknowledged and skipped.
 */
export class RedisStreamsBridge {
  private readonly clock: Clock;
  private readonly buffer: SilvertineEvent[] = [];
  private readonly seenEvents = new BoundedIdSet(100_000);
  private readonly seenTrades = new BoundedIdSet(100_000);
  /** Ids of events that came from Redis, never sent back (no echo between processes). */
  private readonly inbound = new BoundedIdSet(100_000);
  private readonly receivedSubject = new Subject<SilvertineEvent>();
  private subscription?: Subscription;
  private flushing?: Promise<void>;
  private running = false;
  private readLoop?: Promise<void>;
  private readonly onReady = () => void this.flush();
  /** Events dropped because the buffer was full. */
  dropped = 0;
  /** Entries skipped as duplicates by the consumer. */
  duplicates = 0;

  /** Events received from Redis and published on the bus. */
  readonly received$: Observable<SilvertineEvent> = this.receivedSubject.asObservable();

  constructor(private readonly options: RedisStreamsBridgeOptions) {
    this.clock = options.clock ?? systemClock;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** Starts both directions. The clients must be connected (or connecting) already. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const types = new Set(this.options.publish ?? DEFAULT_PUBLISH);
    this.subscription = this.options.bus.events$.subscribe((event) => {
      if (types.has(event.type) && !this.inbound.has(event.id)) this.send(event);
    });
    this.options.writer.on('ready', this.onReady);
    if (this.options.consume?.length) {
      if (!this.options.reader) throw new Error('RedisStreamsBridge: a reader client is required to consume streams');
      await this.ensureGroups();
      this.readLoop = this.consumeLoop(this.options.reader);
    }
  }

  /** Stops reading and publishing; waits for the read loop; does not close the clients (their owner does). */
  async stop(): Promise<void> {
    this.running = false;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.options.writer.off('ready', this.onReady);
    await this.readLoop;
    this.readLoop = undefined;
    this.receivedSubject.complete();
  }

  /** Sends whatever is buffered, oldest first. Resolves when the buffer is empty or Redis failed again. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private send(event: SilvertineEvent): void {
    this.buffer.push(event);
    if (this.buffer.length > (this.options.maxBuffer ?? 10_000)) {
      this.buffer.shift();
      this.dropped++;
      if (this.dropped === 1 || this.dropped % 1000 === 0) {
        // Published locally only: the bridge is the thing that is down.
        this.inboundAlert(`redis bridge buffer full: ${this.dropped} event(s) dropped`);
      }
    }
    if (this.options.writer.isReady) void this.flush();
  }

  private async drain(): Promise<void> {
    while (this.buffer.length && this.options.writer.isReady) {
      const event = this.buffer[0];
      try {
        await this.options.writer.xAdd(streamKey(this.options.prefix, brokerOf(event), event.type), '*',
          { id: event.id, type: event.type, e: JSON.stringify(encodeEvent(event)) },
          { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: this.options.maxStreamLength ?? 100_000 } });
      } catch {
        return; // still down: keep it buffered, 'ready' will call flush again
      }
      // Only now, so a failure above keeps the event and its position.
      if (this.buffer[0] === event) this.buffer.shift();
    }
  }

  private async ensureGroups(): Promise<void> {
    const group = this.options.group ?? 'silvertine';
    for (const stream of this.options.consume ?? []) {
      try {
        await this.options.writer.xGroupCreate(streamKey(this.options.prefix, stream.brokerId, stream.type), group, '0', { MKSTREAM: true });
      } catch (error) {
        if (!String(error instanceof Error ? error.message : error).includes('BUSYGROUP')) throw error;
      }
    }
  }

  private async consumeLoop(reader: SilvertineRedisClient): Promise<void> {
    const group = this.options.group ?? 'silvertine';
    const consumer = this.options.consumer ?? 'consumer-1';
    const keys = (this.options.consume ?? []).map((s) => streamKey(this.options.prefix, s.brokerId, s.type));
    // '0' = our pending entries (unacknowledged before a disconnect or a crash), then '>' = new ones.
    let pendingFirst = true;
    while (this.running) {
      if (!reader.isReady) {
        await waitForReady(reader, () => this.running);
        pendingFirst = true;
        continue;
      }
      try {
        const reply = await reader.xReadGroup(group, consumer, keys.map((key) => ({ key, id: pendingFirst ? '0' : '>' })),
          pendingFirst ? { COUNT: 100 } : { COUNT: 100, BLOCK: this.options.blockMs ?? 500 });
        const streams = (reply ?? []) as { name: string; messages: { id: string; message: Record<string, string> }[] }[];
        let count = 0;
        for (const stream of streams) {
          for (const entry of stream.messages) {
            count++;
            await this.deliver(stream.name, group, entry);
          }
        }
        if (pendingFirst && count === 0) pendingFirst = false;
      } catch (error) {
        // A Redis restarted without its data has lost the streams and our consumer group: recreate them
        // (the entries flushed since then are read from the start of the new stream).
        if (String(error instanceof Error ? error.message : error).includes('NOGROUP')) await this.ensureGroups().catch(() => undefined);
        if (this.running) await waitForReady(reader, () => this.running);
        pendingFirst = true;
      }
    }
  }

  private async deliver(stream: string, group: string, entry: { id: string; message: Record<string, string> | null }): Promise<void> {
    if (entry.message) {
      let event: SilvertineEvent | undefined;
      try {
        event = decodeEvent(JSON.parse(entry.message.e));
      } catch {
        this.inboundAlert(`undecodable entry ${entry.id} on ${stream} acknowledged and skipped`);
      }
      if (event) {
        const tradeId = event.type === 'Fill' ? `${event.brokerId}\u0000${event.fill.tradeId}` : undefined;
        if (this.seenEvents.has(event.id) || (tradeId && this.seenTrades.has(tradeId))) {
          this.duplicates++;
        } else {
          this.seenEvents.add(event.id);
          if (tradeId) this.seenTrades.add(tradeId);
          this.inbound.add(event.id);
          this.options.bus.publish(event);
          this.receivedSubject.next(event);
        }
      }
    }
    // Acknowledged after publishing: at-least-once, made idempotent by the checks above.
    await this.options.writer.xAck(stream, group, entry.id).catch(() => undefined);
  }

  private inboundAlert(message: string): void {
    const alert = createEvent({ type: 'Alert', severity: 'CRITICAL', source: 'redis-bridge', message }, this.clock.now());
    this.inbound.add(alert.id);
    this.options.bus.publish(alert);
  }
}

function brokerOf(event: SilvertineEvent): string | undefined {
  return 'brokerId' in event ? event.brokerId : undefined;
}
