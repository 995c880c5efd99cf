import { Decimal, ORDER_TYPE_TRAITS, type Instrument, type OrderRequest } from '@silvertine/core';
import type { RejectReason } from './engine-events';

/** A venue-side refusal: a closed reason and a message naming the field and the rule. */
export interface Rejection {
  readonly reason: RejectReason;
  readonly message: string;
}

const HUNDRED = Decimal.from(100);

function checkPrice(name: string, value: Decimal | undefined, tickSize: Decimal, required: boolean): Rejection | undefined {
  if (value === undefined) {
    return required ? { reason: 'MISSING_PRICE', message: `${name} is required for this order type` } : undefined;
  }
  if (!value.isPositive()) return { reason: 'INVALID_PRICE', message: `${name} ${value} must be positive` };
  if (!value.isMultipleOf(tickSize)) {
    return { reason: 'INVALID_PRICE', message: `${name} ${value} is not a multiple of the tick size ${tickSize}` };
  }
  return undefined;
}

/**
 * Venue-side checks that need only the request, the venue's instrument rules and the time: quantity
 * grid, prices on the tick grid, fields each order type needs, time in force. Market state (postOnly,
 * reduceOnly, FOK) is checked by the engine. Returns undefined when the request passes.
 */
export function validateRequest(request: OrderRequest, instrument: Instrument, now: number): Rejection | undefined {
  const { quantity, type } = request;
  if (!quantity.isPositive()) return { reason: 'INVALID_QUANTITY', message: `quantity ${quantity} must be positive` };
  if (!quantity.isMultipleOf(instrument.stepSize)) {
    return { reason: 'INVALID_QUANTITY', message: `quantity ${quantity} is not a multiple of the step size ${instrument.stepSize}` };
  }
  const minQuantity = instrument.minQuantity ?? instrument.stepSize;
  if (quantity.lt(minQuantity)) {
    return { reason: 'INVALID_QUANTITY', message: `quantity ${quantity} is below the minimum ${minQuantity}` };
  }
  const traits = ORDER_TYPE_TRAITS[type];
  if (traits === undefined) return { reason: 'INVALID_ORDER', message: `order type ${String(type)} is not supported` };
  const needsLimit = traits.requiresLimitPrice;
  const priceProblem =
    checkPrice('limitPrice', needsLimit ? request.limitPrice : undefined, instrument.tickSize, needsLimit) ??
    checkPrice('stopPrice', request.stopPrice, instrument.tickSize, traits.requiresStopPrice);
  if (priceProblem) return priceProblem;
  if (traits.trailing) {
    const trailingProblem = validateTrailing(request, instrument);
    if (trailingProblem) return trailingProblem;
  }
  if (request.postOnly && type !== 'LIMIT') {
    return { reason: 'INVALID_ORDER', message: `postOnly applies to LIMIT orders only, not ${type}` };
  }
  if (request.postOnly && (request.timeInForce === 'IOC' || request.timeInForce === 'FOK')) {
    return { reason: 'INVALID_ORDER', message: `postOnly cannot be combined with ${request.timeInForce}` };
  }
  if (request.timeInForce === 'GTD') {
    if (request.expireAt === undefined) return { reason: 'INVALID_EXPIRY', message: 'expireAt is required for GTD' };
    if (request.expireAt <= now) {
      return { reason: 'INVALID_EXPIRY', message: `expireAt ${request.expireAt} is not after the current time ${now}` };
    }
  }
  const notionalPrice = request.limitPrice ?? request.stopPrice;
  if (instrument.minNotional !== undefined && notionalPrice !== undefined) {
    return checkMinNotional(quantity, notionalPrice, instrument);
  }
  return undefined;
}

/** Checks quantity × price × multiplier against the instrument's minimum notional. */
export function checkMinNotional(quantity: Decimal, price: Decimal, instrument: Instrument): Rejection | undefined {
  if (instrument.minNotional === undefined) return undefined;
  const notional = quantity.times(price).times(instrument.multiplier);
  if (notional.lt(instrument.minNotional)) {
    return { reason: 'MIN_NOTIONAL', message: `notional ${notional} is below the minimum ${instrument.minNotional}` };
  }
  return undefined;
}

function validateTrailing(request: OrderRequest, instrument: Instrument): Rejection | undefined {
  const { trailingAmount: amount, trailingPercent: percent } = request;
  if ((amount === undefined) === (percent === undefined)) {
    return { reason: 'INVALID_ORDER', message: `a ${request.type} needs exactly one of trailingAmount and trailingPercent` };
  }
  if (amount !== undefined) {
    if (!amount.isPositive() || !amount.isMultipleOf(instrument.tickSize)) {
      return { reason: 'INVALID_PRICE', message: `trailingAmount ${amount} must be a positive multiple of the tick size ${instrument.tickSize}` };
    }
  }
  if (percent !== undefined && (!percent.isPositive() || percent.gte(HUNDRED))) {
    return { reason: 'INVALID_ORDER', message: `trailingPercent ${percent} must be in (0, 100)` };
  }
  const offset = request.trailingLimitOffset;
  if (request.type === 'TRAILING_STOP_LIMIT' && (offset === undefined || offset.isNegative() || !offset.isMultipleOf(instrument.tickSize))) {
    return { reason: 'INVALID_PRICE', message: `trailingLimitOffset ${offset} must be zero or a positive multiple of the tick size ${instrument.tickSize}` };
  }
  return undefined;
}
