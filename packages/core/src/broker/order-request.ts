import type { OrderRequest, OrderRequestInput } from '../domain/order';
import type { ClientOrderIdGenerator } from '../ids/client-order-id';

/** Completes a user's request: a generated clientOrderId and GTC when no time in force is given. */
export function normalizeOrderRequest(input: OrderRequestInput, ids: ClientOrderIdGenerator): OrderRequest {
  if (input.clientOrderId !== undefined && input.timeInForce !== undefined) return input as OrderRequest;
  // Every field written out (not a spread): one object shape for all requests, cheaper on the order path.
  return {
    clientOrderId: input.clientOrderId ?? ids.next(),
    instrument: input.instrument,
    side: input.side,
    type: input.type,
    quantity: input.quantity,
    limitPrice: input.limitPrice,
    stopPrice: input.stopPrice,
    trailingAmount: input.trailingAmount,
    trailingPercent: input.trailingPercent,
    trailingLimitOffset: input.trailingLimitOffset,
    timeInForce: input.timeInForce ?? 'GTC',
    expireAt: input.expireAt,
    postOnly: input.postOnly,
    reduceOnly: input.reduceOnly,
    bracket: input.bracket,
    account: input.account,
    tags: input.tags,
  };
}
