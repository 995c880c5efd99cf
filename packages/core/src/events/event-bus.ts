import { Observable, Subject, Subscription, filter, share } from 'rxjs';
import type { EventOfType, SilvertineEvent, SilvertineEventType } from './events';

/** An `on` subscription: its handler, its name for failure reports, and whether it is still subscribed. */
interface TypedHandler {
  readonly handler: (event: SilvertineEvent) => void;
  readonly name: string;
  active: boolean;
}

/** A subscriber that threw, reported instead of tearing the bus down. */
export interface SubscriberFailure {
  readonly eventType: SilvertineEventType;
  readonly eventId: string;
  readonly subscriber: string;
  readonly error: unknown;
}

/**
 * The in-process event bus: RxJS streams (`events$`, one per event type) over one Subject, and `on`
 * handlers called directly by event type (the hot path: no RxJS machinery per delivery).
 *
 * Delivery is synchronous and in one global publication order: events published from inside a
 * subscriber are queued until the current event has reached every subscriber, so each subscriber sees
 * causes before effects and each broker's events in the order it published them. Subscribe with
 * `on(...)`: a handler that throws is isolated (reported on `failures$`), and neither the bus nor other subscribers notice. Plain `.subscribe` on the
 * streams also works, but RxJS reports a throwing handler as an unhandled error, which crashes Node.
 */
export class EventBus {
  private readonly subject = new Subject<SilvertineEvent>();
  /**
   * `on` handlers by event type, called directly rather than as RxJS subscribers: an event reaches only
   * the handlers of its type, with no per-subscriber type test or Subscriber machinery. Copied on change,
   * so a delivery walks a stable list.
   */
  private readonly handlers = new Map<SilvertineEventType, readonly TypedHandler[]>();
  private readonly failures = new Subject<SubscriberFailure>();
  private closed = false;
  /** Events published while another is being delivered, in publication order. */
  private readonly pending: SilvertineEvent[] = [];
  private delivering = false;

  readonly events$: Observable<SilvertineEvent> = this.subject.asObservable();
  readonly failures$: Observable<SubscriberFailure> = this.failures.asObservable();
  readonly marketData$ = this.ofType('MarketData');
  readonly orders$ = this.ofType('Order');
  readonly orderUpdates$ = this.ofType('OrderUpdate');
  readonly fills$ = this.ofType('Fill');
  readonly connectionStates$ = this.ofType('ConnectionState');
  readonly errors$ = this.ofType('BrokerError');
  readonly alerts$ = this.ofType('Alert');

  /**
   * Delivers `event` to every subscriber. An event published by a subscriber while another event is
   * being delivered waits until that delivery has reached everyone: every subscriber sees events in
   * one global publication order (an OrderEvent before the OrderUpdate it causes), whenever it
   * subscribed. Delivery is still synchronous for the outermost publish.
   */
  publish(event: SilvertineEvent): void {
    if (this.closed) return;
    if (this.delivering) {
      this.pending.push(event);
      return;
    }
    this.delivering = true;
    try {
      this.deliver(event);
      for (let i = 0; i < this.pending.length; i++) this.deliver(this.pending[i]);
    } finally {
      this.pending.length = 0;
      this.delivering = false;
    }
  }

  /** The stream of one event type. */
  ofType<T extends SilvertineEventType>(type: T): Observable<EventOfType<T>> {
    return this.subject.pipe(
      filter((e): e is EventOfType<T> => e.type === type),
      share(),
    );
  }

  /** Events of one broker (every type that carries a brokerId). */
  ofBroker(brokerId: string): Observable<SilvertineEvent> {
    return this.subject.pipe(filter((e) => 'brokerId' in e && e.brokerId === brokerId));
  }

  /**
   * Subscribes `handler` to events of `type`, isolating its failures. `name` identifies the subscriber
   * in failure reports.
   */
  on<T extends SilvertineEventType>(type: T, handler: (event: EventOfType<T>) => void, name = 'anonymous'): Subscription {
    const entry: TypedHandler = { handler: handler as (event: SilvertineEvent) => void, name, active: true };
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), entry]);
    return new Subscription(() => {
      entry.active = false;
      const remaining = (this.handlers.get(type) ?? []).filter((e) => e !== entry);
      if (remaining.length > 0) this.handlers.set(type, remaining);
      else this.handlers.delete(type);
    });
  }

  /** Like `on`, on an arbitrary stream derived from this bus. */
  subscribeIsolated<E extends SilvertineEvent>(stream: Observable<E>, handler: (event: E) => void, name = 'anonymous'): Subscription {
    return stream.subscribe((event) => this.invoke(handler, event, name));
  }

  /** Completes every stream; later publishes are ignored. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const list of this.handlers.values()) for (const entry of list) entry.active = false;
    this.handlers.clear();
    this.subject.complete();
    this.failures.complete();
  }

  /** One event to its type's handlers, then to the RxJS streams. */
  private deliver(event: SilvertineEvent): void {
    const list = this.handlers.get(event.type);
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const entry = list[i];
        // A handler unsubscribed earlier in this same delivery is not called, as with RxJS.
        if (entry.active) this.invoke(entry.handler, event, entry.name);
      }
    }
    if (this.subject.observed) this.subject.next(event);
  }

  private invoke<E extends SilvertineEvent>(handler: (event: E) => void, event: E, subscriber: string): void {
    try {
      handler(event);
    } catch (error) {
      this.failures.next({ eventType: event.type, eventId: event.id, subscriber, error });
    }
  }
}

