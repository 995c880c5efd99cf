import { Observable, Subject, filter, share } from 'rxjs';
import type { Subscription } from 'rxjs';
import type { EventOfType, SilvertineEvent, SilvertineEventType } from './events';

/** A subscriber that threw, reported instead of tearing the bus down. */
export interface SubscriberFailure {
  readonly eventType: SilvertineEventType;
  readonly eventId: string;
  readonly subscriber: string;
  readonly error: unknown;
}

/**
 * The in-process event bus: one RxJS Subject, with a typed stream per event type.
 *
 * Delivery is synchronous and in one global publication order: events published from inside a
 * subscriber are queued until the current event has reached every subscriber, so each subscriber sees
 * causes before effects and each broker's events in the order it published them. Subscribe with `on(...)`: a handler that throws is isolated
 * (reported on `failures$`), and neither the bus nor other subscribers notice. Plain `.subscribe` on the
 * streams also works, but RxJS reports a throwing handler as an unhandled error, which crashes Node.
 */
export class EventBus {
  private readonly subject = new Subject<SilvertineEvent>();
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
      this.subject.next(event);
      for (let i = 0; i < this.pending.length; i++) this.subject.next(this.pending[i]);
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
    // Straight on the subject with the type test inline: the same deliveries, in the same order, as
    // `ofType(type).subscribe`, without a filter and a share operator per subscriber on every event.
    return this.subject.subscribe((event) => {
      if (event.type === type) this.invoke(handler, event as EventOfType<T>, name);
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
    this.subject.complete();
    this.failures.complete();
  }

  private invoke<E extends SilvertineEvent>(handler: (event: E) => void, event: E, subscriber: string): void {
    try {
      handler(event);
    } catch (error) {
      this.failures.next({ eventType: event.type, eventId: event.id, subscriber, error });
    }
  }
}

