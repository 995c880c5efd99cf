import type { Fill, Order, OrderRequest, OrderStatus } from '../domain/order';
import type { FillApplication, OrderTransitionPatch } from './order-state-machine';
import { OrderStateMachine } from './order-state-machine';
/**
 * Keeps the state machine of every order a broker knows, by clientOrderId, and forgets the oldest
 * closed ones beyond `maxClosedOrders` so that a long-running process does not grow without bound.
 */
export declare class OrderTracker {
    private readonly maxClosedOrders;
    private readonly machines;
    private readonly closedOrder;
    private readonly closedSet;
    constructor(maxClosedOrders?: number);
    has(clientOrderId: string): boolean;
    get(clientOrderId: string): Order | undefined;
    machine(clientOrderId: string): OrderStateMachine | undefined;
    /** Starts tracking a new order (PENDING_SUBMIT unless stated, e.g. for orders adopted on reconcile). */
    track(request: OrderRequest, now: number, status?: OrderStatus): Order;
    transition(clientOrderId: string, to: OrderStatus, now: number, patch?: OrderTransitionPatch): {
        changed: boolean;
        order: Order;
        previousStatus: OrderStatus;
    } | undefined;
    applyFill(fill: Fill, now: number): (FillApplication & {
        previousStatus: OrderStatus;
    }) | undefined;
    open(symbol?: string): Order[];
    all(): Order[];
    private noteIfClosed;
}
