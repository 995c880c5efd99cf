import type { Fill, Order, OrderRequest, OrderStatus } from '../domain/order';
import { InternalError } from '../errors/errors';
/** Changes that may accompany a status transition. */
export interface OrderTransitionPatch {
    readonly venueOrderId?: string;
    readonly rejectReason?: string;
}
/** Result of applying a fill: `applied` is false for a duplicate tradeId (a no-op). */
export interface FillApplication {
    readonly applied: boolean;
    readonly order: Order;
}
/** A fill that would take the filled quantity past the order quantity. Never applied. */
export declare class OverfillError extends InternalError {
    constructor(clientOrderId: string, tradeId: string);
}
/**
 * Owns one order's lifecycle and produces immutable `Order` snapshots.
 *
 * Invariants (checked by property-based tests): filled quantity never decreases and never exceeds the
 * order quantity; a tradeId is applied at most once; status follows ORDER_TRANSITIONS; FILLED exactly
 * when the whole quantity has filled.
 */
export declare class OrderStateMachine {
    private snapshot;
    private readonly appliedTradeIds;
    private notional;
    constructor(request: OrderRequest, now: number, initialStatus?: OrderStatus);
    get order(): Order;
    get status(): OrderStatus;
    get isTerminal(): boolean;
    hasApplied(tradeId: string): boolean;
    canTransition(to: OrderStatus): boolean;
    /**
     * Moves to `to`. Repeating the current status is a no-op (venues resend updates). PARTIALLY_FILLED
     * and FILLED come only from `applyFill`. Throws InvalidStateTransitionError otherwise.
     */
    transition(to: OrderStatus, now: number, patch?: OrderTransitionPatch): Order;
    /** The venue refused a cancel: back to ACCEPTED or PARTIALLY_FILLED. No-op unless PENDING_CANCEL. */
    revertCancel(now: number): Order;
    /**
     * Applies an execution. A tradeId seen before is a no-op. A fill that would overfill throws
     * OverfillError and changes nothing. A fill on REJECTED is impossible at a venue and throws. A late
     * fill on CANCELED or EXPIRED is recorded (the venue did trade it) without changing the status.
     */
    applyFill(fill: Fill, now?: number): FillApplication;
    private patch;
}
