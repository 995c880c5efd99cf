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
  /** Usually one waiter per id (its placement), so a plain array: cheaper than a Set on the hot path. */
  private readonly waiters = new Map<number, Waiter[]>();

  constructor(private readonly clock: Clock, private readonly brokerId: string) {}

  wait(orderId: number, accepts: StatusPredicate, timeoutMs: number, what: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const waiter: Waiter = {
        accepts,
        resolve,
        reject,
        timer: this.clock.setTimeout(() => {
          this.remove(orderId, waiter);
          reject(new TimeoutError(`${what}: no answer from TWS for order id ${orderId} within ${timeoutMs} ms`, timeoutMs, { brokerId: this.brokerId }));
        }, timeoutMs),
      };
      const list = this.waiters.get(orderId);
      if (list) list.push(waiter);
      else this.waiters.set(orderId, [waiter]);
    });
  }

  /** A status for the order id arrived. */
  status(orderId: number, ibStatus: string): void {
    const list = this.waiters.get(orderId);
    if (!list) return;
    for (const waiter of [...list]) {
      if (!waiter.accepts(ibStatus)) continue;
      this.remove(orderId, waiter);
      waiter.resolve(ibStatus);
    }
  }

  /** An error for the order id arrived: every waiter of that id fails with it. */
  fail(orderId: number, error: BrokerError): boolean {
    const list = this.waiters.get(orderId);
    if (!list || list.length === 0) return false;
    for (const waiter of [...list]) {
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
    const list = this.waiters.get(orderId);
    if (!list) return;
    const i = list.indexOf(waiter);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.waiters.delete(orderId);
  }
}
