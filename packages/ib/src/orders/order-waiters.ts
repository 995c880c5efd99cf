import { TimeoutError, type BrokerError, type Clock, type TimerHandle } from '@silvertine/core';

/** What settles a waiter: the IB status string of the first matching orderStatus/openOrder. */
export type StatusPredicate = (ibStatus: string) => boolean;

interface Waiter {
  readonly accepts: StatusPredicate;
  readonly resolve: (ibStatus: string) => void;
  readonly reject: (error: BrokerError) => void;
  readonly timer: TimerHandle;
}

/**
 * Requests waiting for TWS's answer about one order id: a placement waits for its first status, a
 * cancel for PendingCancel/Cancelled. An error message for the id rejects them; a timeout rejects with
 * TimeoutError (for a placement core then marks the order UNKNOWN, never resends it).
 */
export class OrderWaiters {
  private readonly waiters = new Map<number, Set<Waiter>>();

  constructor(private readonly clock: Clock, private readonly brokerId: string) {}

  wait(orderId: number, accepts: StatusPredicate, timeoutMs: number, what: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const set = this.waiters.get(orderId) ?? new Set<Waiter>();
      this.waiters.set(orderId, set);
      const waiter: Waiter = {
        accepts,
        resolve,
        reject,
        timer: this.clock.setTimeout(() => {
          this.remove(orderId, waiter);
          reject(new TimeoutError(`${what}: no answer from TWS for order id ${orderId} within ${timeoutMs} ms`, timeoutMs, { brokerId: this.brokerId }));
        }, timeoutMs),
      };
      set.add(waiter);
    });
  }

  /** A status for the order id arrived. */
  status(orderId: number, ibStatus: string): void {
    for (const waiter of this.waiters.get(orderId) ?? []) {
      if (!waiter.accepts(ibStatus)) continue;
      this.remove(orderId, waiter);
      waiter.resolve(ibStatus);
    }
  }

  /** An error for the order id arrived: every waiter of that id fails with it. */
  fail(orderId: number, error: BrokerError): boolean {
    const set = this.waiters.get(orderId);
    if (!set || set.size === 0) return false;
    for (const waiter of [...set]) {
      this.remove(orderId, waiter);
      waiter.reject(error);
    }
    return true;
  }

  /** The connection dropped: nothing will answer, every waiter fails. */
  failAll(error: BrokerError): void {
    for (const orderId of [...this.waiters.keys()]) this.fail(orderId, error);
  }

  private remove(orderId: number, waiter: Waiter): void {
    waiter.timer.cancel();
    const set = this.waiters.get(orderId);
    set?.delete(waiter);
    if (set?.size === 0) this.waiters.delete(orderId);
  }
}
