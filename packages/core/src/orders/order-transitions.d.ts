import type { OrderStatus } from '../domain/order';
/**
 * The order state machine as a table: for each status, the statuses it may move to.
 *
 * - PARTIALLY_FILLED and FILLED are reached only by applying fills (so status and filled quantity can
 *   never disagree); they are listed here so the table documents the whole graph.
 * - PENDING_CANCEL may go back to ACCEPTED/PARTIALLY_FILLED when the venue refuses the cancel, and may
 *   still fill: a fill can arrive after a cancel was requested.
 * - UNKNOWN (a submit whose outcome is not known) resolves to whatever the venue reports.
 * - Terminal statuses have no outgoing transitions; a late fill on CANCELED/EXPIRED is still recorded
 *   (the venue did execute it) but the status stays, see OrderStateMachine.applyFill.
 */
export declare const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>>;
export declare function canTransitionOrder(from: OrderStatus, to: OrderStatus): boolean;
