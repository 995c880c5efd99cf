import { Decimal } from '../decimal/decimal';
import type { BracketRequest, OrderRequest, OrderRequestInput } from '../domain/order';
import type { ClientOrderIdGenerator } from '../ids/client-order-id';

/** Completes a user's request: a generated clientOrderId and GTC when no time in force is given. */
export function normalizeOrderRequest(input: OrderRequestInput, ids: ClientOrderIdGenerator): OrderRequest {
  if (!hasOwnDecimals(input)) input = withOwnDecimals(input);
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

function isOwn(value: unknown): boolean {
  return value === undefined || value instanceof Decimal;
}

/**
 * True when every amount of the request is a Decimal of this copy of core (the common case: a handful of
 * `instanceof` tests). A strategy or plugin using another copy of core sends Decimals of that copy.
 */
function hasOwnDecimals(input: OrderRequestInput): boolean {
  const bracket = input.bracket;
  return (
    input.quantity instanceof Decimal &&
    isOwn(input.limitPrice) &&
    isOwn(input.stopPrice) &&
    isOwn(input.trailingAmount) &&
    isOwn(input.trailingPercent) &&
    isOwn(input.trailingLimitOffset) &&
    (bracket === undefined || (isOwn(bracket.takeProfit?.limitPrice) && isOwn(bracket.stopLoss?.stopPrice) && isOwn(bracket.stopLoss?.limitPrice)))
  );
}

/** Another copy's Decimal as one of this copy (exact, through its string); anything else as it is, for the validator to judge. */
function own<T>(value: T): T {
  return (value !== undefined && !(value instanceof Decimal) && Decimal.isDecimal(value) ? Decimal.from(value) : value) as T;
}

/** The request with every amount converted to this copy's Decimal, at the boundary where it enters the broker. */
function withOwnDecimals(input: OrderRequestInput): OrderRequestInput {
  const { takeProfit, stopLoss } = input.bracket ?? {};
  const bracket: BracketRequest | undefined = input.bracket && {
    ...input.bracket,
    takeProfit: takeProfit && { ...takeProfit, limitPrice: own(takeProfit.limitPrice) },
    stopLoss: stopLoss && { ...stopLoss, stopPrice: own(stopLoss.stopPrice), limitPrice: own(stopLoss.limitPrice) },
  };
  return {
    ...input,
    quantity: own(input.quantity),
    limitPrice: own(input.limitPrice),
    stopPrice: own(input.stopPrice),
    trailingAmount: own(input.trailingAmount),
    trailingPercent: own(input.trailingPercent),
    trailingLimitOffset: own(input.trailingLimitOffset),
    bracket,
  };
}
