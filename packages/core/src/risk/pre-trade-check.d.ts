import type { Decimal } from '../decimal/decimal';
import type { Order, OrderRequest } from '../domain/order';
/** What a pre-trade check may look at besides the request. */
export interface PreTradeContext {
    readonly brokerId: string;
    readonly now: number;
    /** Orders of this broker still open. */
    readonly openOrders: readonly Order[];
    /** Last known price of the instrument, when the broker knows one. */
    readonly referencePrice?: Decimal;
}
/**
 * A rule every order must pass before it leaves the process (risk limits, kill switch, circuit
 * breaker). Throws a classified BrokerError to refuse; returns to accept.
 */
export interface PreTradeCheck {
    readonly name: string;
    check(request: OrderRequest, context: PreTradeContext): void;
    /** Called once the order was sent (for rate counters). */
    onSubmitted?(request: OrderRequest, context: PreTradeContext): void;
}
