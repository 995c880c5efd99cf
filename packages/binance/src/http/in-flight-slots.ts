/**
 * A counting semaphore for requests in flight. The REST client takes a slot before it signs a request,
 * so the signed `timestamp` and the request timeout both start when the request can really be sent —
 * not while it waits for one of the transport's sockets behind a burst of other orders (which would
 * spend the recvWindow and the timeout in a local queue).
 */
export class InFlightSlots {
  private used = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /**
   * Takes a free slot at once if there is one (then call `release()` exactly once); false when all are
   * in use. Lets the common case skip the promise and the microtask turn of `acquire()`.
   */
  tryAcquire(): boolean {
    if (this.used >= this.capacity) return false;
    this.used++;
    return true;
  }

  /** Resolves when a slot is free; call `release()` exactly once afterwards. */
  acquire(): Promise<void> {
    if (this.used < this.capacity) {
      this.used++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else this.used--;
  }

  get inUse(): number {
    return this.used;
  }

  get queued(): number {
    return this.waiting.length;
  }
}
