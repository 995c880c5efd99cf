"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EventBus = void 0;
const rxjs_1 = require("rxjs");
/**
 * The in-process event bus: one RxJS Subject, with a typed stream per event type.
 *
 * Delivery is synchronous and in publication order, so events of one broker reach every subscriber in
 * the order the broker published them. Subscribe with `on(...)`: a handler that throws is isolated
 * (reported on `failures$`), and neither the bus nor other subscribers notice. Plain `.subscribe` on the
 * streams also works, but RxJS reports a throwing handler as an unhandled error, which crashes Node.
 */
class EventBus {
    subject = new rxjs_1.Subject();
    failures = new rxjs_1.Subject();
    closed = false;
    events$ = this.subject.asObservable();
    failures$ = this.failures.asObservable();
    marketData$ = this.ofType('MarketData');
    orders$ = this.ofType('Order');
    orderUpdates$ = this.ofType('OrderUpdate');
    fills$ = this.ofType('Fill');
    connectionStates$ = this.ofType('ConnectionState');
    errors$ = this.ofType('BrokerError');
    alerts$ = this.ofType('Alert');
    publish(event) {
        if (this.closed)
            return;
        this.subject.next(event);
    }
    /** The stream of one event type. */
    ofType(type) {
        return this.subject.pipe((0, rxjs_1.filter)((e) => e.type === type), (0, rxjs_1.share)());
    }
    /** Events of one broker (every type that carries a brokerId). */
    ofBroker(brokerId) {
        return this.subject.pipe((0, rxjs_1.filter)((e) => 'brokerId' in e && e.brokerId === brokerId));
    }
    /**
     * Subscribes `handler` to events of `type`, isolating its failures. `name` identifies the subscriber
     * in failure reports.
     */
    on(type, handler, name = 'anonymous') {
        return this.ofType(type).subscribe((event) => this.invoke(handler, event, name));
    }
    /** Like `on`, on an arbitrary stream derived from this bus. */
    subscribeIsolated(stream, handler, name = 'anonymous') {
        return stream.subscribe((event) => this.invoke(handler, event, name));
    }
    /** Completes every stream; later publishes are ignored. */
    close() {
        if (this.closed)
            return;
        this.closed = true;
        this.subject.complete();
        this.failures.complete();
    }
    invoke(handler, event, subscriber) {
        try {
            handler(event);
        }
        catch (error) {
            this.failures.next({ eventType: event.type, eventId: event.id, subscriber, error });
        }
    }
}
exports.EventBus = EventBus;
//# sourceMappingURL=event-bus.js.map