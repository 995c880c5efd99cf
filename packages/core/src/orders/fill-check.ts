import { Decimal } from '../decimal/decimal';
import { ORDER_TYPE_TRAITS } from '../domain/order-type-traits';
import type { Fill, Order } from '../domain/order';
import type { VenueContradictionError } from '../errors/errors';

/** The rule a fill broke: each names one way a venue's execution can contradict the order it is for. */
export type FillCheckRule =
  | 'symbol'
  | 'side'
  | 'price'
  | 'limit'
  | 'quantity'
  | 'remainder'
  | 'cumulativeAboveOrder'
  | 'cumulativeBackwards'
  | 'cumulativeBelowFills';

/** Why a fill cannot be applied to its order. */
export interface FillContradiction {
  readonly rule: FillCheckRule;
  readonly message: string;
}

/**
 * The venue's cumulative filled quantity for the order after this fill (Binance `z`, IB cumQty), and
 * the highest one it reported before (undefined when none).
 */
export interface VenueCumulativeQuantity {
  readonly reported: Decimal;
  readonly previous?: Decimal;
}

/**
 * Checks a new execution (not a duplicate tradeId: duplicates are dropped before) against the order it
 * claims to fill. Pure: returns the first rule broken, or undefined when the fill is consistent.
 *
 * - the symbol and the side are the order's;
 * - the price is a positive Decimal within the parsing bounds, and for an order with a limit price
 *   (LIMIT, STOP_LIMIT, TAKE_PROFIT_LIMIT, and TRAILING_STOP_LIMIT when it carries one) no worse than the
 *   limit by more than one tick (venues round price improvements to the tick; one tick absorbs that);
 * - the quantity is a positive Decimal no larger than what remains of the order;
 * - the venue's cumulative quantity, when given, is not above the order quantity, never goes back, and
 *   covers the fills applied plus this one. A cumulative above that is not a contradiction: executions
 *   we have not seen yet (they may follow, or reconciliation recovers them).
 */
export function checkFillAgainstOrder(order: Order, fill: Fill, cumulative?: VenueCumulativeQuantity): FillContradiction | undefined {
  const request = order.request;
  const { instrument } = request;
  if (fill.symbol !== instrument.symbol) return contradiction('symbol', `symbol ${String(fill.symbol)} is not the order's ${instrument.symbol}`);
  if (fill.side !== request.side) return contradiction('side', `a ${String(fill.side)} execution on a ${request.side} order`);
  const { price, quantity } = fill;
  if (!Decimal.isDecimal(price) || !price.isPositive() || !price.isBounded()) return contradiction('price', `price ${String(price)} is not a positive bounded decimal`);
  const limit = request.limitPrice;
  if (limit !== undefined && ORDER_TYPE_TRAITS[request.type].limit) {
    // Compare with the limit first: the tolerance is computed only for a price beyond it.
    const beyond = request.side === 'BUY' ? price.gt(limit) && price.gt(limit.plus(instrument.tickSize)) : price.lt(limit) && price.lt(limit.minus(instrument.tickSize));
    if (beyond) return contradiction('limit', `price ${price} is beyond the ${request.side} limit ${limit} (tick ${instrument.tickSize})`);
  }
  if (!Decimal.isDecimal(quantity) || !quantity.isPositive() || !quantity.isBounded()) return contradiction('quantity', `quantity ${String(quantity)} is not a positive bounded decimal`);
  if (quantity.gt(order.remainingQuantity)) return contradiction('remainder', `quantity ${quantity} is more than the ${order.remainingQuantity} that remains of ${request.quantity}`);
  if (cumulative === undefined) return undefined;
  const { reported, previous } = cumulative;
  if (reported.gt(request.quantity)) return contradiction('cumulativeAboveOrder', `venue cumulative quantity ${reported} is above the order quantity ${request.quantity}`);
  if (previous !== undefined && reported.lt(previous)) return contradiction('cumulativeBackwards', `venue cumulative quantity went back from ${previous} to ${reported}`);
  const covered = order.filledQuantity.plus(quantity);
  if (reported.lt(covered)) return contradiction('cumulativeBelowFills', `venue cumulative quantity ${reported} is below the ${covered} filled with this execution`);
  return undefined;
}

function contradiction(rule: FillCheckRule, message: string): FillContradiction {
  return { rule, message };
}

/** A fill refused by `checkFillAgainstOrder`, as AbstractBroker reports it (`contradictions$`, `onContradiction`). */
export interface VenueContradiction {
  /** The order as it stands (unchanged by the fill). */
  readonly order: Order;
  readonly fill: Fill;
  readonly error: VenueContradictionError;
  /** The venue's cumulative quantity the adapter passed with the fill, if any. */
  readonly venueCumulativeQuantity?: Decimal;
}
