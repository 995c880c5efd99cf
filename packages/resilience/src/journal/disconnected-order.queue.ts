import { Subject, type Observable } from 'rxjs';
import {
  ClientOrderIdGenerator, createEvent, isBrokerError, normalizeOrderRequest, systemClock,
  type Clock, type EventBus, type OrderRequest, type OrderRequestInput, type TimerHandle,
} from '@silvertine/core';
import type { DequeueOutcome, JournalStore } from './journal-record';
import { replayKey, type JournalReplay, type QueuedOrderRecord } from './journal-replay';

export interface DisconnectedOrderQueueOptions {
  /** Where queue entries are made durable (the same journal as the orders). */
  readonly store: JournalStore;
  readonly clock?: Clock;
  readonly bus?: EventBus;
  /** Longest wait for any queued order (default 60 s). */
  readonly timeoutMs?: number;
  /** Longest wait for IOC/FOK orders, whose intent is "now" (default 5 s). */
  readonly immediateTimeoutMs?: number;
  readonly clientOrderIds?: ClientOrderIdGenerator;
}

/** What one `drain` did. */
export interface DrainReport {
  readonly sent: readonly string[];
  readonly expired: readonly string[];
  readonly refused: readonly { readonly clientOrderId: string; readonly code: string }[];
  /** Still queued because the broker is not ready yet (disconnected, circuit open). */
  readonly remaining: number;
}

/**
 * When an order held since `queuedAt` (until its broker reconnects or reconciles) expires: after
 * `timeoutMs` (default 60 s), `immediateTimeoutMs` for IOC/FOK orders whose intent is "now" (default
 * 5 s), or at its own expireAt if sooner.
 */
export function queuedOrderExpiry(request: OrderRequest, queuedAt: number, limits: Pick<DisconnectedOrderQueueOptions, 'timeoutMs' | 'immediateTimeoutMs'> = {}): number {
  const immediate = request.timeInForce === 'IOC' || request.timeInForce === 'FOK';
  const limit = queuedAt + (immediate ? limits.immediateTimeoutMs ?? 5_000 : limits.timeoutMs ?? 60_000);
  return request.expireAt !== undefined ? Math.min(limit, request.expireAt) : limit;
}

/** Errors after which an order stays queued (the broker is not ready yet, nothing was sent). */
const NOT_READY = new Set(['TEMPORARY_CONNECTION', 'NOT_SENT', 'CIRCUIT_OPEN', 'RATE_LIMIT']);

/**
 * Orders requested while a broker is disconnected, kept durably in the journal and sent after
 * reconnection (and reconciliation) by `drain`, or expired by their time in force or a timeout.
 *
 * Every order gets its clientOrderId at enqueue time and keeps it, so a crash between "sent" and its
 * dequeue record cannot send it twice: `restore` treats an order the journal shows as submitted as sent.
 */
export class DisconnectedOrderQueue {
  private readonly clock: Clock;
  private readonly ids: ClientOrderIdGenerator;
  private readonly entries = new Map<string, QueuedOrderRecord>();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly expiredSubject = new Subject<QueuedOrderRecord>();

  /** Orders that expired in the queue. */
  readonly expired$: Observable<QueuedOrderRecord> = this.expiredSubject.asObservable();

  constructor(private readonly options: DisconnectedOrderQueueOptions) {
    this.clock = options.clock ?? systemClock;
    this.ids = options.clientOrderIds ?? new ClientOrderIdGenerator();
  }

  /** Rebuilds the queue after a restart from the journal's replay. */
  async restore(replay: JournalReplay): Promise<void> {
    for (const entry of replay.queued) {
      const submitted = replay.orders.get(replayKey(entry.brokerId, entry.request.clientOrderId))?.submittedAt !== undefined;
      if (submitted) {
        // It reached placeOrder before the crash: the journal's submit record is its truth now.
        await this.remove(entry, 'sent');
        continue;
      }
      this.track(entry);
    }
    await this.expireDue();
  }

  /** Queues an order durably; resolves with the request as it will be sent (with its clientOrderId). */
  async enqueue(brokerId: string, input: OrderRequestInput): Promise<OrderRequest> {
    const request = normalizeOrderRequest(input, this.ids);
    const key = replayKey(brokerId, request.clientOrderId);
    if (this.entries.has(key)) throw new Error(`order ${request.clientOrderId} is already queued for ${brokerId}`);
    const queuedAt = this.clock.now();
    const entry: QueuedOrderRecord = { brokerId, request, queuedAt, expiresAt: this.expiryOf(request, queuedAt) };
    await this.options.store.append({ kind: 'queue', brokerId, at: queuedAt, expiresAt: entry.expiresAt, request });
    this.track(entry);
    return request;
  }

  /** Queued orders, oldest first. */
  pending(brokerId?: string): QueuedOrderRecord[] {
    return [...this.entries.values()].filter((e) => brokerId === undefined || e.brokerId === brokerId).sort((a, b) => a.queuedAt - b.queuedAt);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Removes one queued order (user cancel). Returns whether it was queued. */
  async cancel(brokerId: string, clientOrderId: string): Promise<boolean> {
    const entry = this.entries.get(replayKey(brokerId, clientOrderId));
    if (!entry) return false;
    await this.remove(entry, 'canceled');
    return true;
  }

  /** Removes every queued order (kill switch). Returns their ids. */
  async cancelAll(brokerId?: string): Promise<string[]> {
    const victims = this.pending(brokerId);
    for (const entry of victims) await this.remove(entry, 'canceled');
    return victims.map((e) => e.request.clientOrderId);
  }

  /** Expires every order past its time. */
  async expireDue(): Promise<QueuedOrderRecord[]> {
    const now = this.clock.now();
    const due = this.pending().filter((e) => e.expiresAt <= now);
    for (const entry of due) await this.expire(entry);
    return due;
  }

  /**
   * Sends the broker's queued orders, oldest first, through `send` (normally `broker.placeOrder`). Stops
   * at the first "not ready" refusal and keeps the rest queued.
   */
  async drain(brokerId: string, send: (request: OrderRequest) => Promise<unknown>): Promise<DrainReport> {
    const sent: string[] = [];
    const refused: { clientOrderId: string; code: string }[] = [];
    const expired = (await this.expireDue()).filter((e) => e.brokerId === brokerId).map((e) => e.request.clientOrderId);
    for (const entry of this.pending(brokerId)) {
      if (!this.entries.has(replayKey(brokerId, entry.request.clientOrderId))) continue;
      try {
        await send(entry.request);
        await this.remove(entry, 'sent');
        sent.push(entry.request.clientOrderId);
      } catch (error) {
        const code = isBrokerError(error) ? error.code : 'INTERNAL';
        if (NOT_READY.has(code)) break;
        // UNKNOWN_ORDER_STATUS: journaled and maybe at the venue, reconciliation owns it now.
        const outcome: DequeueOutcome = code === 'UNKNOWN_ORDER_STATUS' ? 'sent' : 'refused';
        await this.remove(entry, outcome);
        if (outcome === 'sent') sent.push(entry.request.clientOrderId);
        else refused.push({ clientOrderId: entry.request.clientOrderId, code });
      }
    }
    return { sent, expired, refused, remaining: this.pending(brokerId).length };
  }

  /** Cancels expiry timers (entries stay in the journal). */
  close(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    this.expiredSubject.complete();
  }

  private expiryOf(request: OrderRequest, queuedAt: number): number {
    return queuedOrderExpiry(request, queuedAt, this.options);
  }

  private track(entry: QueuedOrderRecord): void {
    const key = replayKey(entry.brokerId, entry.request.clientOrderId);
    this.entries.set(key, entry);
    const delay = Math.max(0, entry.expiresAt - this.clock.now());
    this.timers.set(key, this.clock.setTimeout(() => void this.expire(entry).catch(() => undefined), delay));
  }

  private async expire(entry: QueuedOrderRecord): Promise<void> {
    if (!this.entries.has(replayKey(entry.brokerId, entry.request.clientOrderId))) return;
    // The dequeue record is enqueued synchronously; if it is lost in a crash, restore() expires it again.
    const removed = this.remove(entry, 'expired');
    this.expiredSubject.next(entry);
    this.options.bus?.publish(createEvent({
      type: 'Alert', severity: 'WARNING', source: 'order-queue', brokerId: entry.brokerId,
      message: `queued order ${entry.request.clientOrderId} expired before the broker reconnected`,
      details: { clientOrderId: entry.request.clientOrderId, queuedAt: entry.queuedAt, expiresAt: entry.expiresAt },
    }, this.clock.now()));
    await removed;
  }

  private async remove(entry: QueuedOrderRecord, outcome: DequeueOutcome): Promise<void> {
    const key = replayKey(entry.brokerId, entry.request.clientOrderId);
    this.entries.delete(key);
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
    await this.options.store.append({ kind: 'dequeue', brokerId: entry.brokerId, at: this.clock.now(), clientOrderId: entry.request.clientOrderId, outcome });
  }
}
