import type { BrokerError, OrderPreview } from '@silvertine/core';
import { decodeWhatIfState } from '../decoding/what-if.decoder';

interface Pending {
  readonly resolve: (preview: OrderPreview) => void;
  readonly reject: (error: Error) => void;
}

/**
 * What-if orders waiting for TWS's answer, by order id. TWS answers one with an openOrder carrying the
 * estimate (never an orderStatus: the order is not placed) or with an error for the id.
 */
export class OrderPreviews {
  private readonly pending = new Map<number, Pending>();

  /** Registers a what-if order id; the promise settles with its answer (the caller bounds it in time). */
  wait(orderId: number): Promise<OrderPreview> {
    return new Promise<OrderPreview>((resolve, reject) => this.pending.set(orderId, { resolve, reject }));
  }

  /** Forgets an id (after a timeout): a late answer is then ignored. */
  forget(orderId: number): void {
    this.pending.delete(orderId);
  }

  /**
   * An openOrder arrived: true when it answers a pending preview. A payload the decoder refuses fails
   * that preview and is rethrown, so the inbound boundary reports it like any refused message.
   */
  answer(orderId: unknown, order: unknown, state: unknown): boolean {
    const pending = typeof orderId === 'number' ? this.pending.get(orderId) : undefined;
    if (!pending) return false;
    this.pending.delete(orderId as number);
    try {
      pending.resolve(decodeWhatIfState(order, state));
    } catch (error) {
      pending.reject(error as Error);
      throw error;
    }
    return true;
  }

  /** An error for the id: true when it failed a pending preview. */
  fail(orderId: number, error: BrokerError): boolean {
    const pending = this.pending.get(orderId);
    if (!pending) return false;
    this.pending.delete(orderId);
    pending.reject(error);
    return true;
  }

  /** The connection went away: every pending preview fails. */
  failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
