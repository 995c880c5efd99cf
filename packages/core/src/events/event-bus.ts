import { Observable, Subject, Subscription, filter, share } from 'rxjs';
import { Broadcast } from './broadcast';
import type { EventOfType, SilvertineEvent, SilvertineEventType } from './events';

/** An `on` subscription: its handler, its name for failure reports, and whether it is still subscribed. */
interface TypedHandler {
  readonly handler: (event: SilvertineEvent) => void;
  readonly name: string;
  active: boolean;
}

/** One event type's handlers and delivery count. */
interface Channel {
  handlers: readonly TypedHandler[];
  delivered: number;
}

/** A `sample` subscription and the delivery count at which it next fires. */
interface Sampler {
  readonly handler: (event: SilvertineEvent) => void;
  readonly name: string;
  readonly everyEvents: number;
  nextAt: number;
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
 * causes before effects and each broker's events in the order it published them. For one event, `on`
 * handlers run first (in subscription order), then samplers, then the RxJS streams. Subscribe with `on(...)`:
 * a handler that throws is isolated (reported on `failures$`), and neither the bus nor other subscribers
 * notice. Plain `.subscribe` on the streams also works, but RxJS reports a throwing handler as an
 * unhandled error, which crashes Node.
 */
export class EventBus {
  /** The RxJS side (`events$` and the typed streams): a Broadcast, not a Subject, for what it saves per event. */
  private readonly subject = new Broadcast<SilvertineEvent>();
  /**
   * Per event type: the `on` handlers, called directly rather than as RxJS subscribers (an event reaches
   * only the handlers of its type, with no per-subscriber type test or Subscriber machinery; the list is
   * copied on change, so a delivery walks a stable list), and how many events of the type were delivered.
   */
  private readonly channels = new Map<SilvertineEventType, Channel>();
  private readonly samplers: Sampler[] = [];
  /** Events delivered, all types together, and the count at which the next sampler fires (-1: none). */
  private deliveredTotal = 0;
  private nextSampleAt = -1;
  private readonly failures = new Subject<SubscriberFailure>();
  private closed = false;
  /** Events published while another is being delivered, in publication order. */
  private readonly pending: SilvertineEvent[] = [];
  private delivering = false;

  readonly events$: Observable<SilvertineEvent> = this.subject.stream;
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
      // Truncating an array is a builtin call even when it is empty (most publishes queue nothing).
      if (this.pending.length !== 0) this.pending.length = 0;
      this.delivering = false;
    }
  }

  /** The stream of one event type. */
  ofType<T extends SilvertineEventType>(type: T): Observable<EventOfType<T>> {
    return this.subject.stream.pipe(
      filter((e): e is EventOfType<T> => e.type === type),
      share(),
    );
  }

  /** Events of one broker (every type that carries a brokerId). */
  ofBroker(brokerId: string): Observable<SilvertineEvent> {
    return this.subject.stream.pipe(filter((e) => 'brokerId' in e && e.brokerId === brokerId));
  }

  /**
   * Subscribes `handler` to events of `type`, isolating its failures. `name` identifies the subscriber
   * in failure reports.
   */
  on<T extends SilvertineEventType>(type: T, handler: (event: EventOfType<T>) => void, name = 'anonymous'): Subscription {
    const entry: TypedHandler = { handler: handler as (event: SilvertineEvent) => void, name, active: true };
    const channel = this.channelOf(type);
    channel.handlers = [...channel.handlers, entry];
    return new Subscription(() => {
      entry.active = false;
      channel.handlers = channel.handlers.filter((e) => e !== entry);
    });
  }

  /** How many events of `type` this bus has delivered (for monitoring without a subscriber per event). */
  deliveredCount(type: SilvertineEventType): number {
    return this.channels.get(type)?.delivered ?? 0;
  }

  /**
   * Calls `handler` with every `everyEvents`-th event delivered (all types together, starting with the next
   * one), for statistics such as delivery lag. What it costs the events not sampled is one counter
   * comparison: no call, no read of the event. Failures are isolated and reported as for `on`.
   */
  sample(everyEvents: number, handler: (event: SilvertineEvent) => void, name = 'anonymous'): Subscription {
    if (!Number.isInteger(everyEvents) || everyEvents < 1) throw new RangeError(`sample needs a whole everyEvents >= 1, got ${everyEvents}`);
    const sampler: Sampler = { handler, name, everyEvents, nextAt: this.deliveredTotal + 1 };
    this.samplers.push(sampler);
    this.scheduleNextSample();
    return new Subscription(() => {
      const at = this.samplers.indexOf(sampler);
      if (at >= 0) this.samplers.splice(at, 1);
      this.scheduleNextSample();
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
    for (const channel of this.channels.values()) {
      for (const entry of channel.handlers) entry.active = false;
      channel.handlers = [];
    }
    this.samplers.length = 0;
    this.nextSampleAt = -1;
    this.subject.complete();
    this.failures.complete();
  }

  private channelOf(type: SilvertineEventType): Channel {
    let channel = this.channels.get(type);
    if (channel === undefined) this.channels.set(type, (channel = { handlers: [], delivered: 0 }));
    return channel;
  }

  /** One event to its type's handlers, the samplers, then the RxJS streams. */
  private deliver(event: SilvertineEvent): void {
    const channel = this.channelOf(event.type);
    channel.delivered++;
    const list = channel.handlers;
    for (let i = 0; i < list.length; i++) {
      const entry = list[i];
      // A handler unsubscribed earlier in this same delivery is not called, as with RxJS.
      if (entry.active) this.invoke(entry.handler, event, entry.name);
    }
    if (++this.deliveredTotal === this.nextSampleAt) this.offerSample(event);
    if (this.subject.observed) this.subject.next(event);
  }

  /** Hands `event` to each sampler whose count has come (kept out of `deliver`, which every event runs). */
  private offerSample(event: SilvertineEvent): void {
    for (const sampler of [...this.samplers]) {
      if (sampler.nextAt !== this.deliveredTotal) continue;
      sampler.nextAt += sampler.everyEvents;
      this.invoke(sampler.handler, event, sampler.name);
    }
    this.scheduleNextSample();
  }

  private scheduleNextSample(): void {
    let next = -1;
    for (const sampler of this.samplers) if (next === -1 || sampler.nextAt < next) next = sampler.nextAt;
    this.nextSampleAt = next;
  }

  private invoke<E extends SilvertineEvent>(handler: (event: E) => void, event: E, subscriber: string): void {
    try {
      handler(event);
    } catch (error) {
      this.failures.next({ eventType: event.type, eventId: event.id, subscriber, error });
    }
  }
}

