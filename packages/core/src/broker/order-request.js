"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.normalizeOrderRequest = normalizeOrderRequest;
/** Completes a user's request: a generated clientOrderId and GTC when no time in force is given. */
function normalizeOrderRequest(input, ids) {
    return {
        ...input,
        clientOrderId: input.clientOrderId ?? ids.next(),
        timeInForce: input.timeInForce ?? 'GTC',
    };
}
//# sourceMappingURL=order-request.js.map