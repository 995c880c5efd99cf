import { isTerminalStatus, type Fill, type Order, type OrderRequest } from '@silvertine/core';
import type { JournalRecord } from './journal-record';

/** What the journal knows about one order. */
export interface ReplayedOrder {
  readonly brokerId: string;
  readonly clientOrderId: string;
  readonly request: OrderRequest;
  /** When the submit intent was journaled (undefined for orders first seen through an update, e.g. adopted). */
  readonly submittedAt?: number;
  /** The last snapshot journaled, if any (none means the process died between journal and send). */
  readonly lastOrder?: Order;
  /** Fills journaled for this order, in order, once per tradeId. */
  readonly fills: readonly Fill[];
}

/** An order waiting in the disconnected-order queue. */
export interface QueuedOrderRecord {
  readonly brokerId: string;
  readonly request: OrderRequest;
  readonly queuedAt: number;
  readonly expiresAt: number;
}

/** The state rebuilt from a journal after a restart. */
export interface JournalReplay {
  readonly orders: ReadonlyMap<string, ReplayedOrder>;
  /** Orders that may still be live at the venue: never reached a terminal status in the journal. */
  readonly inFlight: readonly ReplayedOrder[];
  /** tradeIds already applied, per broker (for deduplicating venue replays). */
  readonly fillsSeen: ReadonlyMap<string, ReadonlySet<string>>;
  readonly queued: readonly QueuedOrderRecord[];
  readonly records: number;
  /** The last line was cut short by a crash mid-write and was ignored. */
  readonly truncatedTail: boolean;
  /** Unreadable records before the tail (should be zero; reported, never silently repaired). */
  readonly corruptRecords: number;
}

interface MutableOrder {
  brokerId: string;
  clientOrderId: string;
  request: OrderRequest;
  submittedAt?: number;
  lastOrder?: Order;
  fills: Fill[];
}

const keyOf = (brokerId: string, clientOrderId: string) => `${brokerId}\u0000${clientOrderId}`;

/** Folds records, in journal order, into the state a restarted process needs. Pure. */
export function foldJournal(records: Iterable<JournalRecord>, meta: { truncatedTail?: boolean; corruptRecords?: number } = {}): JournalReplay {
  const orders = new Map<string, MutableOrder>();
  const fillsSeen = new Map<string, Set<string>>();
  const queued = new Map<string, QueuedOrderRecord>();
  let count = 0;
  const orderFor = (brokerId: string, request: OrderRequest): MutableOrder => {
    const key = keyOf(brokerId, request.clientOrderId);
    let entry = orders.get(key);
    if (!entry) {
      entry = { brokerId, clientOrderId: request.clientOrderId, request, fills: [] };
      orders.set(key, entry);
    }
    return entry;
  };
  for (const record of records) {
    count++;
    switch (record.kind) {
      case 'submit': {
        const entry = orderFor(record.brokerId, record.request);
        entry.submittedAt ??= record.at;
        break;
      }
      case 'update':
        orderFor(record.brokerId, record.order.request).lastOrder = record.order;
        break;
      case 'fill': {
        let seen = fillsSeen.get(record.brokerId);
        if (!seen) fillsSeen.set(record.brokerId, (seen = new Set()));
        if (seen.has(record.fill.tradeId)) break;
        seen.add(record.fill.tradeId);
        const entry = orders.get(keyOf(record.brokerId, record.fill.clientOrderId));
        entry?.fills.push(record.fill);
        break;
      }
      case 'queue':
        queued.set(keyOf(record.brokerId, record.request.clientOrderId), { brokerId: record.brokerId, request: record.request, queuedAt: record.at, expiresAt: record.expiresAt });
        break;
      case 'dequeue':
        queued.delete(keyOf(record.brokerId, record.clientOrderId));
        break;
    }
  }
  const inFlight: ReplayedOrder[] = [];
  for (const o of orders.values()) if (!o.lastOrder || !isTerminalStatus(o.lastOrder.status)) inFlight.push(o);
  return {
    orders: orders as ReadonlyMap<string, ReplayedOrder>,
    inFlight,
    fillsSeen,
    queued: [...queued.values()],
    records: count,
    truncatedTail: meta.truncatedTail ?? false,
    corruptRecords: meta.corruptRecords ?? 0,
  };
}

/** Key of an order in `JournalReplay.orders`. */
export function replayKey(brokerId: string, clientOrderId: string): string {
  return keyOf(brokerId, clientOrderId);
}
