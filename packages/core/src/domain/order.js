"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TIME_IN_FORCE_VALUES = exports.ORDER_TYPES = exports.ORDER_SIDES = void 0;
exports.isTerminalStatus = isTerminalStatus;
exports.isOpenStatus = isOpenStatus;
exports.ORDER_SIDES = ['BUY', 'SELL'];
exports.ORDER_TYPES = ['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT', 'TRAILING_STOP'];
exports.TIME_IN_FORCE_VALUES = ['GTC', 'IOC', 'FOK', 'DAY', 'GTD'];
/** True for states from which an order can no longer fill through normal flow. */
function isTerminalStatus(status) {
    return status === 'FILLED' || status === 'CANCELED' || status === 'REJECTED' || status === 'EXPIRED';
}
/** True while the order may still rest on the venue. */
function isOpenStatus(status) {
    return !isTerminalStatus(status);
}
//# sourceMappingURL=order.js.map