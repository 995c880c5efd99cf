import { Decimal } from '../decimal/decimal';
import { BrokerError } from '../errors/broker-error';
import type { PreTradeCheck } from './pre-trade-check';
/** Limits enforced before an order leaves the process. Every field is optional. */
export interface RiskLimits {
    /** Largest quantity × price × multiplier of one order, in the quote asset. */
    readonly maxOrderNotional?: Decimal;
    /** Largest absolute position per symbol after the order fills completely. */
    readonly maxPosition?: Decimal;
    readonly maxOpenOrders?: number;
    readonly maxOrdersPerMinute?: number;
}
/** An order refused by a configured risk limit. */
export declare class RiskLimitExceededError extends BrokerError {
    readonly limit: keyof RiskLimits;
    constructor(limit: keyof RiskLimits, message: string, clientOrderId: string, brokerId: string);
}
/**
 * Builds the risk-limit check. `positionOf` supplies the current signed position of a symbol (the
 * broker's own view), so maxPosition accounts for what is already held.
 */
export declare function createRiskLimitCheck(limits: RiskLimits, positionOf?: (symbol: string) => Decimal): PreTradeCheck;
