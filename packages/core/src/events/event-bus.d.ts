import { Observable } from 'rxjs';
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
 * Delivery is synchronous and in publication order, so events of one broker reach every subscriber in
 * the order the broker published them. Subscribe with `on(...)`: a handler that throws is isolated
 * (reported on `failures$`), and neither the bus nor other subscribers notice. Plain `.subscribe` on the
 * streams also works, but RxJS reports a throwing handler as an unhandled error, which crashes Node.
 */
export declare class EventBus {
    private readonly subject;
    private readonly failures;
    private closed;
    readonly events$: Observable<SilvertineEvent>;
    readonly failures$: Observable<SubscriberFailure>;
    readonly marketData$: Observable<import("./events").MarketDataEvent>;
    readonly orders$: Observable<EventOfType<"Order">>;
    readonly orderUpdates$: Observable<import("./events").OrderUpdateEvent>;
    readonly fills$: Observable<import("./events").FillEvent>;
    readonly connectionStates$: Observable<import("./events").ConnectionStateEvent>;
    readonly errors$: Observable<import("./events").BrokerErrorEvent>;
    readonly alerts$: Observable<import("./events").AlertEvent>;
    publish(event: SilvertineEvent): void;
    /** The stream of one event type. */
    ofType<T extends SilvertineEventType>(type: T): Observable<EventOfType<T>>;
    /** Events of one broker (every type that carries a brokerId). */
    ofBroker(brokerId: string): Observable<SilvertineEvent>;
    /**
     * Subscribes `handler` to events of `type`, isolating its failures. `name` identifies the subscriber
     * in failure reports.
     */
    on<T extends SilvertineEventType>(type: T, handler: (event: EventOfType<T>) => void, name?: string): Subscription;
    /** Like `on`, on an arbitrary stream derived from this bus. */
    subscribeIsolated<E extends SilvertineEvent>(stream: Observable<E>, handler: (event: E) => void, name?: string): Subscription;
    /** Completes every stream; later publishes are ignored. */
    close(): void;
    private invoke;
}
