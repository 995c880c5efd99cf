"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.assertSupported = assertSupported;
const errors_1 = require("../errors/errors");
/**
 * Throws NotSupportedError naming the first unsupported aspect of the request.
 */
function assertSupported(capabilities, request, brokerId) {
    const fail = (feature, message) => {
        throw new errors_1.NotSupportedError(feature, message, { brokerId, clientOrderId: request.clientOrderId });
    };
    if (!capabilities.orderTypes.includes(request.type)) {
        fail(`orderType:${request.type}`, `order type ${request.type} is not supported (supported: ${capabilities.orderTypes.join(', ')})`);
    }
    if (!capabilities.timeInForce.includes(request.timeInForce)) {
        fail(`timeInForce:${request.timeInForce}`, `time in force ${request.timeInForce} is not supported (supported: ${capabilities.timeInForce.join(', ')})`);
    }
    if (!capabilities.assetClasses.includes(request.instrument.assetClass)) {
        fail(`assetClass:${request.instrument.assetClass}`, `asset class ${request.instrument.assetClass} is not supported (supported: ${capabilities.assetClasses.join(', ')})`);
    }
    const needs = [
        [request.bracket !== undefined, 'BRACKET'],
        [request.type === 'TRAILING_STOP', 'TRAILING'],
        [request.postOnly === true, 'POST_ONLY'],
        [request.reduceOnly === true, 'REDUCE_ONLY'],
    ];
    for (const [needed, feature] of needs) {
        if (needed && !capabilities.features.includes(feature))
            fail(feature, `feature ${feature} is not supported`);
    }
}
//# sourceMappingURL=capabilities.js.map