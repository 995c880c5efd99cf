import type { OrderRequest, OrderRequestInput } from '../domain/order';
import type { ClientOrderIdGenerator } from '../ids/client-order-id';
/** Completes a user's request: a generated clientOrderId and GTC when no time in force is given. */
export declare function normalizeOrderRequest(input: OrderRequestInput, ids: ClientOrderIdGenerator): OrderRequest;
