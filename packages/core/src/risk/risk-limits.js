"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RiskLimitExceededError = void 0;
exports.createRiskLimitCheck = createRiskLimitCheck;
const decimal_1 = require("../decimal/decimal");
const broker_error_1 = require("../errors/broker-error");
/** An order refused by a configured risk limit. */
class RiskLimitExceededError extends broker_error_1.BrokerError {
    limit;
    constructor(limit, message, clientOrderId, brokerId) {
        super('INVALID_ORDER', 'NON_RECOVERABLE', false, message, { brokerId, clientOrderId });
        this.limit = limit;
    }
}
exports.RiskLimitExceededError = RiskLimitExceededError;
/**
 * Builds the risk-limit check. `positionOf` supplies the current signed position of a symbol (the
 * broker's own view), so maxPosition accounts for what is already held.
 */
function createRiskLimitCheck(limits, positionOf = () => decimal_1.Decimal.ZERO) {
    const recent = [];
    const prune = (now) => {
        while (recent.length && recent[0] <= now - 60_000)
            recent.shift();
    };
    return {
        name: 'risk-limits',
        check(request, context) {
            const fail = (limit, message) => {
                throw new RiskLimitExceededError(limit, `risk limit ${limit}: ${message}`, request.clientOrderId, context.brokerId);
            };
            const price = request.limitPrice ?? request.stopPrice ?? context.referencePrice;
            if (limits.maxOrderNotional && price) {
                const notional = request.quantity.times(price).times(request.instrument.multiplier);
                if (notional.gt(limits.maxOrderNotional))
                    fail('maxOrderNotional', `order notional ${notional} exceeds ${limits.maxOrderNotional}`);
            }
            if (limits.maxPosition) {
                const signed = request.side === 'BUY' ? request.quantity : request.quantity.negated();
                const after = positionOf(request.instrument.symbol).plus(signed).abs();
                if (after.gt(limits.maxPosition))
                    fail('maxPosition', `position would reach ${after}, above ${limits.maxPosition}`);
            }
            if (limits.maxOpenOrders !== undefined && context.openOrders.length >= limits.maxOpenOrders) {
                fail('maxOpenOrders', `${context.openOrders.length} orders are open, the limit is ${limits.maxOpenOrders}`);
            }
            if (limits.maxOrdersPerMinute !== undefined) {
                prune(context.now);
                if (recent.length >= limits.maxOrdersPerMinute)
                    fail('maxOrdersPerMinute', `${recent.length} orders in the last minute, the limit is ${limits.maxOrdersPerMinute}`);
            }
        },
        onSubmitted(_request, context) {
            if (limits.maxOrdersPerMinute !== undefined)
                recent.push(context.now);
        },
    };
}
//# sourceMappingURL=risk-limits.js.map