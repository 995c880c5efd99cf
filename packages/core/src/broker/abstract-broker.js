"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AbstractBroker = void 0;
const rxjs_1 = require("rxjs");
const clock_1 = require("../clock/clock");
const order_1 = require("../domain/order");
const broker_error_1 = require("../errors/broker-error");
const errors_1 = require("../errors/errors");
const event_bus_1 = require("../events/event-bus");
const event_factory_1 = require("../events/event-factory");
const client_order_id_1 = require("../ids/client-order-id");
const logger_1 = require("../logging/logger");
const metrics_sink_1 = require("../metrics/metrics-sink");
const order_tracker_1 = require("../orders/order-tracker");
const capabilities_1 = require("./capabilities");
const connection_state_1 = require("./connection-state");
const order_request_1 = require("./order-request");
const order_validator_1 = require("./order-validator");
/** Error codes that mean the venue definitely did not take the order. */
const DEFINITE_REJECTIONS = new Set([
    'INVALID_ORDER', 'INSUFFICIENT_FUNDS', 'DUPLICATE_ORDER', 'NOT_SUPPORTED', 'AUTHENTICATION',
    'ACCOUNT_SUSPENDED', 'EXCHANGE_MAINTENANCE', 'RATE_LIMIT', 'CIRCUIT_OPEN', 'KILL_SWITCH', 'CONFIGURATION',
]);
/**
 * Base class of every broker. It owns what must be identical everywhere: request validation, the order
 * state machine, deduplication of fills, publication on the bus, bus subscription, connection states
 * and metrics. A venue adapter implements only the `*Venue` methods and the reads, and reports what
 * the venue says through `applyVenueStatus` and `applyVenueFill`.
 */
class AbstractBroker {
    id;
    config;
    bus;
    clock;
    logger;
    metrics;
    tracker;
    journal;
    clientOrderIds;
    preTradeChecks;
    stateSubject = new rxjs_1.BehaviorSubject('DISCONNECTED');
    orderSubject = new rxjs_1.Subject();
    fillSubject = new rxjs_1.Subject();
    submittedAt = new Map();
    /** Ids between validation and tracking (while the journal writes), so a duplicate cannot slip in. */
    reservedIds = new Set();
    busSubscription;
    state$ = this.stateSubject.asObservable();
    orders$ = this.orderSubject.asObservable();
    fills$ = this.fillSubject.asObservable();
    constructor(init) {
        this.id = init.id;
        this.config = init.config;
        this.bus = init.bus ?? new event_bus_1.EventBus();
        this.clock = init.clock ?? clock_1.systemClock;
        this.logger = (init.logger ?? (0, logger_1.createSilentLogger)()).child({ brokerId: init.id });
        this.metrics = init.metrics ?? new metrics_sink_1.NoopMetricsSink();
        this.clientOrderIds = init.clientOrderIds ?? new client_order_id_1.ClientOrderIdGenerator();
        this.tracker = new order_tracker_1.OrderTracker(init.maxClosedOrders);
        this.journal = init.journal;
        this.preTradeChecks = [...(init.preTradeChecks ?? [])];
    }
    /** Adds a rule every later order must pass (kill switch, circuit breaker...). */
    addPreTradeCheck(check) {
        this.preTradeChecks.push(check);
    }
    /** Last known price, used to check the min notional of MARKET orders. */
    referencePrice(_symbol) {
        return undefined;
    }
    // ---- connection ----------------------------------------------------------------------------
    get state() {
        return this.stateSubject.value;
    }
    async connect() {
        if (this.state === 'CONNECTED')
            return;
        this.setConnectionState('CONNECTING');
        try {
            await this.connectVenue();
        }
        catch (error) {
            this.setConnectionState('ERROR', describe(error));
            throw this.reportError(error);
        }
        this.setConnectionState('CONNECTED');
        this.busSubscription ??= this.bus.on('Order', (event) => this.onOrderEvent(event), `broker:${this.id}`);
    }
    async disconnect() {
        this.busSubscription?.unsubscribe();
        this.busSubscription = undefined;
        if (this.state === 'DISCONNECTED')
            return;
        try {
            await this.disconnectVenue();
        }
        finally {
            this.setConnectionState('DISCONNECTED');
        }
    }
    /** Validated state change, published on state$, the bus and metrics. */
    setConnectionState(next, reason) {
        const previous = this.state;
        if (previous === next)
            return;
        (0, connection_state_1.assertConnectionTransition)(previous, next, this.id);
        this.stateSubject.next(next);
        this.metrics.connectionState(this.id, next, this.clock.now());
        this.logger.info('connection state', { previous, current: next, reason });
        this.bus.publish((0, event_factory_1.createEvent)({ type: 'ConnectionState', brokerId: this.id, previous, current: next, reason }, this.clock.now()));
    }
    // ---- orders --------------------------------------------------------------------------------
    async placeOrder(input) {
        const request = (0, order_request_1.normalizeOrderRequest)(input, this.clientOrderIds);
        const clientOrderId = request.clientOrderId;
        try {
            if (this.tracker.has(clientOrderId) || this.reservedIds.has(clientOrderId)) {
                throw new errors_1.DuplicateOrderError(`clientOrderId ${clientOrderId} was already used`, { brokerId: this.id, clientOrderId });
            }
            (0, capabilities_1.assertSupported)(this.capabilities, request, this.id);
            const referencePrice = this.referencePrice(request.instrument.symbol);
            (0, order_validator_1.validateOrderRequest)(request, { now: this.clock.now(), brokerId: this.id, referencePrice });
            if (this.state !== 'CONNECTED') {
                throw new errors_1.TemporaryConnectionError(`broker ${this.id} is ${this.state}`, { brokerId: this.id, clientOrderId });
            }
            if (this.preTradeChecks.length > 0) {
                const context = { brokerId: this.id, now: this.clock.now(), openOrders: this.tracker.open(), referencePrice };
                for (const rule of this.preTradeChecks)
                    rule.check(request, context);
                for (const rule of this.preTradeChecks)
                    rule.onSubmitted?.(request, context);
            }
        }
        catch (error) {
            throw this.reportError(error, clientOrderId);
        }
        if (this.journal) {
            this.reservedIds.add(clientOrderId);
            try {
                await this.journal.recordSubmit(this.id, request, this.clock.now());
            }
            catch (error) {
                // Not journaled means not sent: the order never leaves the process.
                throw this.reportError(error, clientOrderId);
            }
            finally {
                this.reservedIds.delete(clientOrderId);
            }
        }
        const submittedAt = this.clock.now();
        this.publishOrder(this.tracker.track(request, submittedAt));
        this.submittedAt.set(clientOrderId, submittedAt);
        this.metrics.orderSubmitted(this.id, request.type);
        this.logger.info('order submitted', { clientOrderId, symbol: request.instrument.symbol, side: request.side, type: request.type, quantity: request.quantity.toString() });
        let ack;
        try {
            ack = await this.submitToVenue(this.tracker.get(clientOrderId));
        }
        catch (error) {
            return this.onSubmitFailed(clientOrderId, error);
        }
        this.metrics.orderAcknowledged(this.id, this.clock.now() - submittedAt);
        const current = this.tracker.get(clientOrderId);
        // Fills may have arrived before the acknowledgement (a marketable order): never move back.
        if (current.status === 'PENDING_SUBMIT' || current.status === 'SUBMITTED' || current.status === 'UNKNOWN') {
            this.applyVenueStatus(clientOrderId, ack.status ?? 'ACCEPTED', { venueOrderId: ack.venueOrderId });
        }
        else if (ack.venueOrderId && !current.venueOrderId) {
            this.applyVenueStatus(clientOrderId, current.status, { venueOrderId: ack.venueOrderId });
        }
        return this.tracker.get(clientOrderId);
    }
    async cancelOrder(clientOrderId) {
        const order = this.tracker.get(clientOrderId);
        if (!order || this.tracker.machine(clientOrderId).isTerminal) {
            const why = order ? `is ${order.status}` : 'is not known';
            throw this.reportError(new errors_1.OrderNotFoundError(`order ${clientOrderId} ${why} and cannot be canceled`, { brokerId: this.id, clientOrderId }), clientOrderId);
        }
        if (this.state !== 'CONNECTED') {
            throw this.reportError(new errors_1.TemporaryConnectionError(`broker ${this.id} is ${this.state}`, { brokerId: this.id, clientOrderId }), clientOrderId);
        }
        if (order.status !== 'PENDING_CANCEL')
            this.applyVenueStatus(clientOrderId, 'PENDING_CANCEL');
        try {
            await this.cancelAtVenue(this.tracker.get(clientOrderId));
        }
        catch (error) {
            const machine = this.tracker.machine(clientOrderId);
            if (machine?.status === 'PENDING_CANCEL')
                this.publishOrder(machine.revertCancel(this.clock.now()));
            throw this.reportError(error, clientOrderId);
        }
        return this.tracker.get(clientOrderId);
    }
    async getOrder(clientOrderId) {
        return this.tracker.get(clientOrderId);
    }
    async getOpenOrders(symbol) {
        return this.tracker.open(symbol);
    }
    // ---- what adapters report ------------------------------------------------------------------
    /**
     * Applies a status the venue reported (ACCEPTED, CANCELED, EXPIRED, REJECTED...). Repeats are
     * no-ops; a transition the table forbids is logged and reported, never applied.
     */
    applyVenueStatus(clientOrderId, status, patch) {
        try {
            const result = this.tracker.transition(clientOrderId, status, this.clock.now(), patch);
            if (!result) {
                this.logger.warn('status for an unknown order', { clientOrderId, status });
                return undefined;
            }
            if (result.changed)
                this.publishOrder(result.order, result.previousStatus);
            return result.order;
        }
        catch (error) {
            this.reportError(error, clientOrderId);
            return this.tracker.get(clientOrderId);
        }
    }
    /**
     * Applies an execution. Duplicate tradeIds are ignored, so adapters can pass replays (after a
     * reconnect, IB's execution replay) without counting anything twice. Returns whether it was new.
     */
    applyVenueFill(fill) {
        let result;
        try {
            result = this.tracker.applyFill(fill, this.clock.now());
        }
        catch (error) {
            this.reportError(error, fill.clientOrderId);
            return false;
        }
        if (!result) {
            this.logger.error('fill for an unknown order', { clientOrderId: fill.clientOrderId, tradeId: fill.tradeId });
            this.bus.publish((0, event_factory_1.createEvent)({ type: 'Alert', severity: 'CRITICAL', source: 'order-tracker', brokerId: this.id, message: `fill ${fill.tradeId} for unknown order ${fill.clientOrderId}` }, this.clock.now()));
            return false;
        }
        if (!result.applied)
            return false;
        const submittedAt = this.submittedAt.get(fill.clientOrderId);
        if (submittedAt !== undefined) {
            this.metrics.orderFirstFill(this.id, this.clock.now() - submittedAt);
            this.submittedAt.delete(fill.clientOrderId);
        }
        this.metrics.fill(this.id, fill.symbol);
        this.logger.info('fill', { clientOrderId: fill.clientOrderId, tradeId: fill.tradeId, quantity: fill.quantity.toString(), price: fill.price.toString() });
        this.journal?.recordFill(this.id, fill);
        this.fillSubject.next(fill);
        this.bus.publish((0, event_factory_1.createEvent)({ type: 'Fill', brokerId: this.id, fill, order: result.order }, this.clock.now()));
        this.publishOrder(result.order, result.previousStatus);
        return true;
    }
    /** Classifies, logs, counts and publishes an error; returns it as a BrokerError for throwing. */
    reportError(error, clientOrderId) {
        const classified = (0, broker_error_1.isBrokerError)(error)
            ? error
            : new errors_1.TemporaryConnectionError(describe(error), { brokerId: this.id, clientOrderId, cause: error });
        this.metrics.error(this.id, classified.code, classified.severity);
        this.logger.warn('broker error', { error: classified.toJSON(), clientOrderId });
        this.bus.publish((0, event_factory_1.createEvent)({
            type: 'BrokerError', brokerId: this.id, code: classified.code, severity: classified.severity, retryable: classified.retryable,
            message: classified.message, clientOrderId: clientOrderId ?? classified.clientOrderId, venueCode: classified.venueCode,
        }, this.clock.now()));
        return classified;
    }
    onSubmitFailed(clientOrderId, error) {
        this.submittedAt.delete(clientOrderId);
        if ((0, broker_error_1.isBrokerError)(error) && DEFINITE_REJECTIONS.has(error.code)) {
            this.applyVenueStatus(clientOrderId, 'REJECTED', { rejectReason: error.message });
            throw this.reportError(error, clientOrderId);
        }
        // We cannot know whether the venue took it: track as UNKNOWN and let reconciliation ask.
        this.applyVenueStatus(clientOrderId, 'UNKNOWN');
        throw this.reportError(new errors_1.UnknownOrderStatusError(`outcome of order ${clientOrderId} is unknown: ${describe(error)}`, { brokerId: this.id, clientOrderId, cause: error }), clientOrderId);
    }
    publishOrder(order, previousStatus) {
        if (previousStatus !== order.status && (0, order_1.isTerminalStatus)(order.status))
            this.metrics.orderFinished(this.id, order.status);
        this.journal?.recordUpdate(this.id, order);
        this.orderSubject.next(order);
        this.bus.publish((0, event_factory_1.createEvent)({ type: 'OrderUpdate', brokerId: this.id, order }, this.clock.now()));
    }
    onOrderEvent(event) {
        if (event.brokerId !== this.id)
            return;
        // Errors are already reported on the bus by placeOrder/cancelOrder.
        const ignore = () => undefined;
        if (event.action === 'submit')
            void this.placeOrder(event.request).catch(ignore);
        else if (event.action === 'cancel')
            void this.cancelOrder(event.clientOrderId).catch(ignore);
        else
            this.reportError(new errors_1.NotSupportedError('MODIFY', `broker ${this.id} does not support modify`, { brokerId: this.id, clientOrderId: event.clientOrderId }));
    }
}
exports.AbstractBroker = AbstractBroker;
function describe(error) {
    return error instanceof Error ? error.message : String(error);
}
//# sourceMappingURL=abstract-broker.js.map