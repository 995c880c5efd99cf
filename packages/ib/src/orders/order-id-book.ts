import type { Instrument } from '@silvertine/core';
import type { Contract } from '@stoqey/ib';
import type { IbOrderRole } from '../mapping/order.mapper';

/** What we remember about one IB order id. */
export interface IbOrderEntry {
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly role: IbOrderRole;
  readonly instrument: Instrument;
  readonly contract: Contract;
  readonly account?: string;
}

/**
 * The clientOrderId ↔ IB orderId map, and the order id sequence. IB order ids must increase per
 * clientId; the sequence starts at nextValidId and, after a reconnect, at the larger of TWS's new
 * nextValidId and ours, so an id is never reused (which TWS would reject with 103).
 */
export class OrderIdBook {
  private readonly byOrderId = new Map<number, IbOrderEntry>();
  private readonly byClientOrderId = new Map<string, IbOrderEntry>();
  private next = 0;

  /** Starts (or, after a reconnect, advances) the sequence. */
  seed(nextValidId: number): void {
    this.next = Math.max(this.next, nextValidId);
  }

  /** Takes `count` consecutive ids (a bracket needs three) and returns the first. */
  take(count = 1): number {
    const first = this.next;
    this.next += count;
    return first;
  }

  add(entry: IbOrderEntry): void {
    this.byOrderId.set(entry.orderId, entry);
    this.byClientOrderId.set(entry.clientOrderId, entry);
  }

  byId(orderId: number): IbOrderEntry | undefined {
    return this.byOrderId.get(orderId);
  }

  byClientId(clientOrderId: string): IbOrderEntry | undefined {
    return this.byClientOrderId.get(clientOrderId);
  }

  /** Re-keys an order TWS reported under another id (after a restart the same orderRef may come back). */
  rebind(clientOrderId: string, orderId: number): IbOrderEntry | undefined {
    const entry = this.byClientOrderId.get(clientOrderId);
    if (!entry || entry.orderId === orderId) return entry;
    const moved = { ...entry, orderId };
    this.byOrderId.delete(entry.orderId);
    this.add(moved);
    return moved;
  }

  /** Forgets an order (after it closed and nothing more can arrive for it). */
  remove(clientOrderId: string): void {
    const entry = this.byClientOrderId.get(clientOrderId);
    if (!entry) return;
    this.byClientOrderId.delete(clientOrderId);
    this.byOrderId.delete(entry.orderId);
  }
}
