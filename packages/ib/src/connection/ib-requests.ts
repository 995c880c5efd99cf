import { TimeoutError, type Clock } from '@silvertine/core';
import { firstValueFrom, type Observable } from 'rxjs';
import { filter } from 'rxjs/operators';

/**
 * Races a promise against a timer on the injected clock. IBApiNext defers requests while the socket
 * is down, so without this a read during an outage would hang until the next reconnect.
 */
export function withTimeout<T>(promise: Promise<T>, clock: Clock, ms: number, what: string, brokerId?: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(new TimeoutError(`${what}: no answer from TWS within ${ms} ms`, ms, { brokerId })), ms);
    promise.then(
      (value) => {
        timer.cancel();
        resolve(value);
      },
      (error: unknown) => {
        timer.cancel();
        reject(error);
      },
    );
  });
}

/**
 * The first complete snapshot of an IBApiNext list subscription (positions, account summary): IBApiNext
 * emits `{ all }` once the END message arrived. Unsubscribing afterwards sends the cancel to TWS.
 */
export function firstSnapshot<T>(source: Observable<{ all?: T }>, clock: Clock, ms: number, what: string, brokerId?: string): Promise<T> {
  const first = firstValueFrom(source.pipe(filter((update): update is { all: T } => update.all !== undefined)));
  return withTimeout(first, clock, ms, what, brokerId).then((update) => update.all);
}
