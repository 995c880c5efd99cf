import type { Decimal } from '@silvertine/core';
import { apiErrors } from '../errors/binance-error';
import type { BinanceSide } from './new-order.params';
import type { SymbolSpec } from './symbol-spec';

/** What the filters look at: the order's numbers and the market/account context. */
export interface FilterInput {
  readonly side: BinanceSide;
  readonly isMarket: boolean;
  readonly price?: Decimal;
  readonly stopPrice?: Decimal;
  /** Base quantity; for a quoteOrderQty market order, the estimate from the book. */
  readonly quantity: Decimal;
  /** Average price used for market notional and PERCENT_PRICE_BY_SIDE (the emulator's last price). */
  readonly averagePrice?: Decimal;
  /** Open orders of the account on this symbol before this one. */
  readonly openOrders: number;
}

function checkPrice(spec: SymbolSpec, price: Decimal): void {
  if (price.lt(spec.minPrice) || price.gt(spec.maxPrice) || !price.minus(spec.minPrice).isMultipleOf(spec.tickSize)) {
    throw apiErrors.filterFailure('PRICE_FILTER');
  }
}

/**
 * Applies the symbol's filters in Binance's order; the first failure throws -1013
 * "Filter failure: <FILTER>".
 */
export function checkOrderFilters(spec: SymbolSpec, order: FilterInput): void {
  if (order.price) checkPrice(spec, order.price);
  if (order.stopPrice) checkPrice(spec, order.stopPrice);
  const qty = order.quantity;
  if (qty.lt(spec.minQty) || qty.gt(spec.maxQty) || !qty.minus(spec.minQty).isMultipleOf(spec.stepSize)) {
    throw apiErrors.filterFailure('LOT_SIZE');
  }
  const reference = order.isMarket ? order.averagePrice : (order.price ?? order.averagePrice);
  if (reference) {
    const notional = reference.times(qty);
    if (notional.lt(spec.minNotional)) throw apiErrors.filterFailure('MIN_NOTIONAL');
    if (!order.isMarket && notional.gt(spec.maxNotional)) throw apiErrors.filterFailure('NOTIONAL');
  }
  if (order.openOrders >= spec.maxNumOrders) throw apiErrors.filterFailure('MAX_NUM_ORDERS');
  if (order.price && order.averagePrice && !order.isMarket) {
    const avg = order.averagePrice;
    const [up, down] = order.side === 'BUY' ? [spec.bidMultiplierUp, spec.bidMultiplierDown] : [spec.askMultiplierUp, spec.askMultiplierDown];
    if (order.price.gt(avg.times(up)) || order.price.lt(avg.times(down))) throw apiErrors.filterFailure('PERCENT_PRICE_BY_SIDE');
  }
}
