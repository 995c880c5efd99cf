"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CONNECTION_TRANSITIONS = void 0;
exports.canTransitionConnection = canTransitionConnection;
exports.assertConnectionTransition = assertConnectionTransition;
const errors_1 = require("../errors/errors");
/** Allowed connection transitions; anything else is a bug in the adapter. */
exports.CONNECTION_TRANSITIONS = {
    DISCONNECTED: ['CONNECTING'],
    CONNECTING: ['CONNECTED', 'ERROR', 'DISCONNECTED'],
    CONNECTED: ['DISCONNECTED', 'RECONNECTING', 'ERROR'],
    RECONNECTING: ['CONNECTED', 'ERROR', 'DISCONNECTED'],
    ERROR: ['CONNECTING', 'RECONNECTING', 'DISCONNECTED'],
};
function canTransitionConnection(from, to) {
    return exports.CONNECTION_TRANSITIONS[from].includes(to);
}
/** Throws InvalidStateTransitionError unless from → to is allowed. */
function assertConnectionTransition(from, to, brokerId) {
    if (!canTransitionConnection(from, to)) {
        throw new errors_1.InvalidStateTransitionError('connection', from, to, { brokerId });
    }
}
//# sourceMappingURL=connection-state.js.map