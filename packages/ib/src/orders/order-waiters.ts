import { TimeoutError, type BrokerError, type Clock, type TimerHandle } from '@silvertine/core';

/** What settles a waiter: the IB status string of the first matching orderStatus/openOrder. */
export type StatusPredicate = (ibStatus: string) => boolean;

interface Waiter {
  readonly orderId: number;
  readonly accepts: StatusPredicate;
  readonly resolve: (ibStatus: string) => void;
  readonly reject: (error: BrokerError) => void;
  readonly deadline: number;
  readonly timeoutMs: number;
  readonly what: string;
}

/**
 * Requests waiting for TWS's answer about one order id: a placement waits for its first status, a
 * cancel for PendingCancel/Cancelled. An error message for the id rejects them; a timeout rejects with
 * TimeoutError (for a placement core then marks the order UNKNOWN, never resends it).
 *
 * Deadlines share one timer on the injected clock, armed for the earliest deadline, instead of a timer
 * per order: a placement is answered in well under a millisecond, so creating and clearing a timer
 * for each one was a measurable part of placeOrder's own cost.
 */
export class OrderWaiters {
  /**
   * Usually one waiter per id (its placement), so a plain array. Also what the deadline sweep walks: a
   * second collection of every waiter (a Set) cost an insert and a delete per order (issue #21).
   */
  private readonly waiters = new Map<number, Waiter[]>();
  private timer?: TimerHandle;
  private timerAt = Infinity;

  constructor(private readonly clock: Clock, private readonly brokerId: string) {}

  wait(orderId: number, accepts: StatusPredicate, timeoutMs: number, what: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const waiter: Waiter = { orderId, accepts, resolve, reject, deadline: this.clock.now() + timeoutMs, timeoutMs, what };
      const list = this.waiters.get(orderId);
      if (list) list.push(waiter);
      else this.waiters.set(orderId, [waiter]);
      this.arm(waiter.deadline);
    });
  }

  /** A status for the order id arrived. */
  status(orderId: number, ibStatus: string): void {
    const list = this.waiters.get(orderId);
    if (!list) return;
    if (list.length === 1) {
      // the common case (a placement's first status): no copy of the list
      const waiter = list[0] as Waiter;
      if (!waiter.accepts(ibStatus)) return;
      this.waiters.delete(orderId);
      waiter.resolve(ibStatus);
      return;
    }
    for (const waiter of [...list]) {
      if (!waiter.accepts(ibStatus)) continue;
      this.remove(waiter);
      waiter.resolve(ibStatus);
    }
  }

  /** An error for the order id arrived: every waiter of that id fails with it. */
  fail(orderId: number, error: BrokerError): boolean {
    const list = this.waiters.get(orderId);
    if (!list || list.length === 0) return false;
    for (const waiter of [...list]) {
      this.remove(waiter);
      waiter.reject(error);
    }
    return true;
  }

  /** The connection dropped: nothing will answer, every waiter fails. */
  failAll(error: BrokerError): void {
    for (const orderId of [...this.waiters.keys()]) this.fail(orderId, error);
  }

  /** Ensures the timer fires no later than `deadline`. */
  private arm(deadline: number): void {
    if (this.timer && this.timerAt <= deadline) return;
    this.timer?.cancel();
    this.timerAt = deadline;
    this.timer = this.clock.setTimeout(() => this.sweep(), Math.max(0, deadline - this.clock.now()));
  }

  /** Times out every waiter past its deadline, then re-arms for the earliest one left. */
  private sweep(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    let next = Infinity;
    const expired: Waiter[] = [];
    for (const list of this.waiters.values()) {
      for (const waiter of list) {
        if (waiter.deadline > now) next = Math.min(next, waiter.deadline);
        else expired.push(waiter);
      }
    }
    for (const waiter of expired) {
      this.remove(waiter);
      waiter.reject(new TimeoutError(`${waiter.what}: no answer from TWS for order id ${waiter.orderId} within ${waiter.timeoutMs} ms`, waiter.timeoutMs, { brokerId: this.brokerId }));
    }
    if (next < Infinity) this.arm(next);
  }

  private remove(waiter: Waiter): void {
    const list = this.waiters.get(waiter.orderId);
    if (!list) return;
    const i = list.indexOf(waiter);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.waiters.delete(waiter.orderId);
  }
}
