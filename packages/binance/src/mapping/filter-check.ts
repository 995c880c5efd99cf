import { InvalidOrderError, NotSupportedError, type Instrument, type OrderRequest } from '@silvertine/core';
import type { SymbolRules } from './instrument-mapping';
import { binanceOrderType, trailingDeltaOf } from './order-mapping';

/**
 * Checks a request against the venue's own filters loaded from exchangeInfo, before sending. Core has
 * already checked the request against the Instrument the caller passed; that instrument may be stale
 * or hand-written, so tick and step are checked again against the venue's, plus the bounds core does
 * not know (min/max price, max quantity, max notional, symbol status, allowed order types).
 */
export function checkAgainstVenue(request: OrderRequest, venue: Instrument | undefined, rules: SymbolRules | undefined, brokerId?: string): void {
  const o = { brokerId, clientOrderId: request.clientOrderId };
  const fail = (field: string, rule: string, message: string): never => {
    throw new InvalidOrderError(field, rule, `${message} (order ${request.clientOrderId}, ${request.instrument.symbol})`, o);
  };
  if (!venue || !rules) return fail('instrument', 'exists', `symbol ${request.instrument.symbol} is not listed by the venue (or not configured)`);
  if (!rules.trading) fail('instrument', 'trading', `symbol ${venue.symbol} is not trading`);
  const type = binanceOrderType(request);
  if (rules.orderTypes.length > 0 && !rules.orderTypes.includes(type)) {
    throw new NotSupportedError(`orderType:${type}`, `binance does not allow ${type} on ${venue.symbol}`, o);
  }
  if (request.type === 'TRAILING_STOP' && rules.trailingDelta) {
    // A trailing STOP_LOSS triggers below the market when it sells, above it when it buys.
    const range = request.side === 'SELL' ? rules.trailingDelta.below : rules.trailingDelta.above;
    const bips = trailingDeltaOf(request);
    if (bips < range.min || bips > range.max) {
      fail('trailingPercent', 'trailingDelta', `trailing distance ${bips} bips is outside the venue's TRAILING_DELTA range ${range.min}..${range.max} bips`);
    }
  }
  if (!request.quantity.isMultipleOf(venue.stepSize)) fail('quantity', 'stepSize', `quantity ${request.quantity} is not a multiple of the venue step ${venue.stepSize}`);
  if (venue.minQuantity && request.quantity.lt(venue.minQuantity)) fail('quantity', 'minQuantity', `quantity below the venue minimum ${venue.minQuantity}`);
  if (rules.maxQuantity && request.quantity.gt(rules.maxQuantity)) fail('quantity', 'maxQuantity', `quantity above the venue maximum ${rules.maxQuantity}`);
  for (const [field, price] of [['limitPrice', request.limitPrice], ['stopPrice', request.stopPrice]] as const) {
    if (!price) continue;
    if (!price.isMultipleOf(venue.tickSize)) fail(field, 'tickSize', `${field} ${price} is not a multiple of the venue tick ${venue.tickSize}`);
    if (rules.minPrice && price.lt(rules.minPrice)) fail(field, 'minPrice', `${field} below the venue minimum ${rules.minPrice}`);
    if (rules.maxPrice && price.gt(rules.maxPrice)) fail(field, 'maxPrice', `${field} above the venue maximum ${rules.maxPrice}`);
  }
  const price = request.limitPrice ?? request.stopPrice;
  if (price && venue.minNotional && price.times(request.quantity).lt(venue.minNotional)) {
    fail('quantity', 'minNotional', `notional below the venue minimum ${venue.minNotional}`);
  }
  if (price && rules.maxNotional && price.times(request.quantity).gt(rules.maxNotional)) {
    fail('quantity', 'maxNotional', `notional above the venue maximum ${rules.maxNotional}`);
  }
}
