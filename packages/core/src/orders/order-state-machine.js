"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OrderStateMachine = exports.OverfillError = void 0;
const decimal_1 = require("../decimal/decimal");
const order_1 = require("../domain/order");
const errors_1 = require("../errors/errors");
const order_transitions_1 = require("./order-transitions");
/** A fill that would take the filled quantity past the order quantity. Never applied. */
class OverfillError extends errors_1.InternalError {
    constructor(clientOrderId, tradeId) {
        super(`fill ${tradeId} would overfill order ${clientOrderId}`, { clientOrderId });
    }
}
exports.OverfillError = OverfillError;
/**
 * Owns one order's lifecycle and produces immutable `Order` snapshots.
 *
 * Invariants (checked by property-based tests): filled quantity never decreases and never exceeds the
 * order quantity; a tradeId is applied at most once; status follows ORDER_TRANSITIONS; FILLED exactly
 * when the whole quantity has filled.
 */
class OrderStateMachine {
    snapshot;
    appliedTradeIds = new Set();
    notional = decimal_1.Decimal.ZERO;
    constructor(request, now, initialStatus = 'PENDING_SUBMIT') {
        this.snapshot = {
            request,
            clientOrderId: request.clientOrderId,
            status: initialStatus,
            filledQuantity: decimal_1.Decimal.ZERO,
            remainingQuantity: request.quantity,
            createdAt: now,
            updatedAt: now,
        };
    }
    get order() {
        return this.snapshot;
    }
    get status() {
        return this.snapshot.status;
    }
    get isTerminal() {
        return (0, order_1.isTerminalStatus)(this.snapshot.status);
    }
    hasApplied(tradeId) {
        return this.appliedTradeIds.has(tradeId);
    }
    canTransition(to) {
        return to === this.snapshot.status || (0, order_transitions_1.canTransitionOrder)(this.snapshot.status, to);
    }
    /**
     * Moves to `to`. Repeating the current status is a no-op (venues resend updates). PARTIALLY_FILLED
     * and FILLED come only from `applyFill`. Throws InvalidStateTransitionError otherwise.
     */
    transition(to, now, patch = {}) {
        const from = this.snapshot.status;
        if (to === 'PARTIALLY_FILLED' || to === 'FILLED') {
            if (to === from)
                return this.patch(patch, now);
            throw new errors_1.InvalidStateTransitionError('order', from, to, { clientOrderId: this.snapshot.clientOrderId });
        }
        if (to === from)
            return this.patch(patch, now);
        if (!(0, order_transitions_1.canTransitionOrder)(from, to)) {
            throw new errors_1.InvalidStateTransitionError('order', from, to, { clientOrderId: this.snapshot.clientOrderId });
        }
        this.snapshot = {
            ...this.snapshot,
            status: to,
            venueOrderId: patch.venueOrderId ?? this.snapshot.venueOrderId,
            rejectReason: patch.rejectReason ?? this.snapshot.rejectReason,
            updatedAt: now,
        };
        return this.snapshot;
    }
    /** The venue refused a cancel: back to ACCEPTED or PARTIALLY_FILLED. No-op unless PENDING_CANCEL. */
    revertCancel(now) {
        if (this.snapshot.status !== 'PENDING_CANCEL')
            return this.snapshot;
        const status = this.snapshot.filledQuantity.isZero() ? 'ACCEPTED' : 'PARTIALLY_FILLED';
        this.snapshot = { ...this.snapshot, status, updatedAt: now };
        return this.snapshot;
    }
    /**
     * Applies an execution. A tradeId seen before is a no-op. A fill that would overfill throws
     * OverfillError and changes nothing. A fill on REJECTED is impossible at a venue and throws. A late
     * fill on CANCELED or EXPIRED is recorded (the venue did trade it) without changing the status.
     */
    applyFill(fill, now = fill.timestamp) {
        if (this.appliedTradeIds.has(fill.tradeId))
            return { applied: false, order: this.snapshot };
        if (fill.clientOrderId !== this.snapshot.clientOrderId) {
            throw new errors_1.InternalError(`fill ${fill.tradeId} is for ${fill.clientOrderId}, not ${this.snapshot.clientOrderId}`);
        }
        if (!fill.quantity.isPositive()) {
            throw new errors_1.InternalError(`fill ${fill.tradeId} has a non-positive quantity`, { clientOrderId: fill.clientOrderId });
        }
        const from = this.snapshot.status;
        if (from === 'REJECTED' || from === 'FILLED') {
            throw new errors_1.InvalidStateTransitionError('order', from, 'PARTIALLY_FILLED', { clientOrderId: fill.clientOrderId });
        }
        const filled = this.snapshot.filledQuantity.plus(fill.quantity);
        const quantity = this.snapshot.request.quantity;
        if (filled.gt(quantity))
            throw new OverfillError(fill.clientOrderId, fill.tradeId);
        this.appliedTradeIds.add(fill.tradeId);
        this.notional = this.notional.plus(fill.price.times(fill.quantity));
        const complete = filled.eq(quantity);
        let status = from;
        if (complete && from !== 'CANCELED' && from !== 'EXPIRED')
            status = 'FILLED';
        else if (!complete && from !== 'CANCELED' && from !== 'EXPIRED' && from !== 'PENDING_CANCEL')
            status = 'PARTIALLY_FILLED';
        this.snapshot = {
            ...this.snapshot,
            status,
            venueOrderId: this.snapshot.venueOrderId ?? fill.venueOrderId,
            filledQuantity: filled,
            remainingQuantity: quantity.minus(filled),
            averageFillPrice: this.notional.div(filled),
            updatedAt: now,
        };
        return { applied: true, order: this.snapshot };
    }
    patch(patch, now) {
        if (patch.venueOrderId === undefined && patch.rejectReason === undefined)
            return this.snapshot;
        this.snapshot = {
            ...this.snapshot,
            venueOrderId: patch.venueOrderId ?? this.snapshot.venueOrderId,
            rejectReason: patch.rejectReason ?? this.snapshot.rejectReason,
            updatedAt: now,
        };
        return this.snapshot;
    }
}
exports.OrderStateMachine = OrderStateMachine;
//# sourceMappingURL=order-state-machine.js.map