"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ORDER_TRANSITIONS = void 0;
exports.canTransitionOrder = canTransitionOrder;
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
exports.ORDER_TRANSITIONS = {
    PENDING_SUBMIT: ['SUBMITTED', 'ACCEPTED', 'PARTIALLY_FILLED', 'FILLED', 'REJECTED', 'UNKNOWN', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED'],
    SUBMITTED: ['ACCEPTED', 'PARTIALLY_FILLED', 'FILLED', 'REJECTED', 'UNKNOWN', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED'],
    ACCEPTED: ['PARTIALLY_FILLED', 'FILLED', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED'],
    PARTIALLY_FILLED: ['PARTIALLY_FILLED', 'FILLED', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED'],
    PENDING_CANCEL: ['ACCEPTED', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED'],
    UNKNOWN: ['ACCEPTED', 'PARTIALLY_FILLED', 'FILLED', 'REJECTED', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED'],
    FILLED: [],
    CANCELED: [],
    REJECTED: [],
    EXPIRED: [],
};
function canTransitionOrder(from, to) {
    return exports.ORDER_TRANSITIONS[from].includes(to);
}
//# sourceMappingURL=order-transitions.js.map