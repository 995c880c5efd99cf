import { isTerminalStatus, type Fill, type Order } from '@silvertine/core';
import type { ShadowLeg, ShadowRecord } from './shadow-record';

interface MutableLeg {
  submittedAt?: number;
  status?: Order['status'];
  fills: Fill[];
  tradeIds: Set<string>;
}

interface Entry {
  record: Omit<ShadowRecord, 'live' | 'paper' | 'shadowFailure'>;
  live: MutableLeg;
  paper: MutableLeg;
  failure?: string;
  completed: boolean;
}

/** How many finished pairs are kept for reports (the oldest go first). */
export const DEFAULT_SHADOW_RETENTION = 100_000;

/**
 * Pairs every live order with its mirror: both legs' statuses and fills, keyed by the live client order
 * id. Calls `onComplete` once per pair, when both legs are final (or the mirror failed and the live leg
 * is final). Fills are kept once per tradeId, whatever a stream repeats.
 */
export class ShadowRecorder {
  private readonly entries = new Map<string, Entry>();
  private readonly byShadowId = new Map<string, string>();

  constructor(
    private readonly onComplete: (record: ShadowRecord) => void = () => undefined,
    private readonly retention = DEFAULT_SHADOW_RETENTION,
  ) {}

  /** True when the live order is already recorded. */
  has(liveClientOrderId: string): boolean {
    return this.entries.has(liveClientOrderId);
  }

  /** Starts a pair from the live order's first snapshot. */
  begin(order: Order, shadowClientOrderId: string): void {
    const { request } = order;
    this.entries.set(order.clientOrderId, {
      record: { liveClientOrderId: order.clientOrderId, shadowClientOrderId, instrument: request.instrument, side: request.side, type: request.type, quantity: request.quantity },
      live: { submittedAt: order.createdAt, status: order.status, fills: [], tradeIds: new Set() },
      // Both legs are timed from the live order's creation (the trader's decision): the mirror is placed a
      // few microtasks later, and that lag must not count as paper being slower or faster.
      paper: { submittedAt: order.createdAt, fills: [], tradeIds: new Set() },
      completed: false,
    });
    this.byShadowId.set(shadowClientOrderId, order.clientOrderId);
    this.trim();
  }

  liveOrder(order: Order): void {
    const entry = this.entries.get(order.clientOrderId);
    if (!entry) return;
    entry.live.status = order.status;
    this.check(entry);
  }

  liveFill(fill: Fill): void {
    const entry = this.entries.get(fill.clientOrderId);
    if (entry) this.addFill(entry.live, fill);
  }

  paperOrder(order: Order): void {
    const entry = this.byShadow(order.clientOrderId);
    if (!entry) return;
    entry.paper.status = order.status;
    this.check(entry);
  }

  paperFill(fill: Fill): void {
    const entry = this.byShadow(fill.clientOrderId);
    if (entry) this.addFill(entry.paper, fill);
  }

  /** The mirror of `liveClientOrderId` failed (placing or following it); the first reason is kept. */
  failed(liveClientOrderId: string, reason: string): void {
    const entry = this.entries.get(liveClientOrderId);
    if (!entry) return;
    entry.failure ??= reason;
    this.check(entry);
  }

  /** The shadow order's status, when known. */
  paperStatus(liveClientOrderId: string): Order['status'] | undefined {
    return this.entries.get(liveClientOrderId)?.paper.status;
  }

  /** Every pair recorded so far (finished or not), oldest first: the input of a report. */
  records(): ShadowRecord[] {
    return [...this.entries.values()].map(snapshot);
  }

  private byShadow(shadowClientOrderId: string): Entry | undefined {
    const live = this.byShadowId.get(shadowClientOrderId);
    return live === undefined ? undefined : this.entries.get(live);
  }

  private addFill(leg: MutableLeg, fill: Fill): void {
    if (leg.tradeIds.has(fill.tradeId)) return;
    leg.tradeIds.add(fill.tradeId);
    leg.fills.push(fill);
  }

  private check(entry: Entry): void {
    if (entry.completed || entry.live.status === undefined || !isTerminalStatus(entry.live.status)) return;
    const paperDone = entry.failure !== undefined || (entry.paper.status !== undefined && isTerminalStatus(entry.paper.status));
    if (!paperDone) return;
    entry.completed = true;
    this.onComplete(snapshot(entry));
  }

  private trim(): void {
    if (this.entries.size <= this.retention) return;
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= this.retention) break;
      this.entries.delete(id);
      this.byShadowId.delete(entry.record.shadowClientOrderId);
    }
  }
}

function leg(source: MutableLeg): ShadowLeg {
  return { submittedAt: source.submittedAt, status: source.status, fills: [...source.fills] };
}

function snapshot(entry: Entry): ShadowRecord {
  return { ...entry.record, live: leg(entry.live), paper: leg(entry.paper), shadowFailure: entry.failure };
}
