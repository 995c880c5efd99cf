import { Decimal } from '../decimal/decimal';
import type { OrderRequest } from '../domain/order';
/** Context the rules need that is not in the request. */
export interface OrderValidationContext {
    readonly now: number;
    readonly brokerId?: string;
    /** Reference price for the notional check of MARKET orders (last or mid), when known. */
    readonly referencePrice?: Decimal;
}
/**
 * Checks a request against the instrument's rules before anything leaves the process. Throws
 * InvalidOrderError naming the field and the rule; the message is meant for a human.
 */
export declare function validateOrderRequest(request: OrderRequest, context: OrderValidationContext): void;
