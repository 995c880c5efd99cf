import { Decimal } from '../decimal/decimal';
import type { OrderRequest } from '../domain/order';
import { ORDER_SIDES, ORDER_TYPES, TIME_IN_FORCE_VALUES } from '../domain/order';
import { ORDER_TYPE_TRAITS } from '../domain/order-type-traits';
import { InvalidOrderError } from '../errors/errors';
import { isValidClientOrderId } from '../ids/client-order-id';

/** Context the rules need that is not in the request. */
export interface OrderValidationContext {
  readonly now: number;
  readonly brokerId?: string;
  /** Reference price for the notional check of MARKET orders (last or mid), when known. */
  readonly referencePrice?: Decimal;
}

const SIDES: ReadonlySet<string> = new Set(ORDER_SIDES);
const TYPES: ReadonlySet<string> = new Set(ORDER_TYPES);
const TIME_IN_FORCE: ReadonlySet<string> = new Set(TIME_IN_FORCE_VALUES);

/**
 * Checks a request against the instrument's rules before anything leaves the process. Throws
 * InvalidOrderError naming the field and the rule; the message is meant for a human.
 *
 * The helpers below take the request and context as arguments rather than closing over them: this runs
 * on every order, and closures would be allocated on each call.
 */
export function validateOrderRequest(request: OrderRequest, context: OrderValidationContext): void {
  const { instrument } = request;
  if (!isValidClientOrderId(request.clientOrderId)) {
    fail(request, context, 'clientOrderId', 'pattern', 'clientOrderId must be 1-36 characters of [A-Za-z0-9_-]');
  }
  if (!SIDES.has(request.side)) fail(request, context, 'side', 'enum', `side must be one of ${ORDER_SIDES.join(', ')}`);
  if (!TYPES.has(request.type)) fail(request, context, 'type', 'enum', `type must be one of ${ORDER_TYPES.join(', ')}`);
  if (!TIME_IN_FORCE.has(request.timeInForce)) {
    fail(request, context, 'timeInForce', 'enum', `timeInForce must be one of ${TIME_IN_FORCE_VALUES.join(', ')}`);
  }

  if (!isDecimal(request.quantity)) fail(request, context, 'quantity', 'type', 'quantity must be a Decimal');
  if (!request.quantity.isPositive()) fail(request, context, 'quantity', 'positive', 'quantity must be greater than zero');
  if (!request.quantity.isMultipleOf(instrument.stepSize)) {
    fail(request, context, 'quantity', 'stepSize', `quantity ${request.quantity} is not a multiple of the step size ${instrument.stepSize}`);
  }
  const minQuantity = instrument.minQuantity ?? instrument.stepSize;
  if (request.quantity.lt(minQuantity)) fail(request, context, 'quantity', 'minQuantity', `quantity ${request.quantity} is below the minimum ${minQuantity}`);

  const traits = ORDER_TYPE_TRAITS[request.type];
  checkPrice(request, context, 'limitPrice', request.limitPrice, traits.requiresLimitPrice);
  checkPrice(request, context, 'stopPrice', request.stopPrice, traits.requiresStopPrice);
  if (!traits.requiresLimitPrice && request.limitPrice !== undefined) fail(request, context, 'limitPrice', 'notAllowed', `limitPrice is not allowed on a ${request.type} order`);
  if (!traits.requiresStopPrice && request.stopPrice !== undefined) fail(request, context, 'stopPrice', 'notAllowed', `stopPrice is not allowed on a ${request.type} order`);

  checkTrailing(request, context, traits.trailing);
  checkTimeInForce(request, context);

  const notionalPrice = request.limitPrice ?? request.stopPrice ?? context.referencePrice;
  if (instrument.minNotional && notionalPrice) {
    const notional = request.quantity.times(notionalPrice).times(instrument.multiplier);
    if (notional.lt(instrument.minNotional)) {
      fail(request, context, 'quantity', 'minNotional', `notional ${notional} is below the minimum ${instrument.minNotional}`);
    }
  }
  if (request.bracket) checkBracket(request, context);
}

/** Throws InvalidOrderError naming the field and the rule, with the order and symbol for a human. */
function fail(request: OrderRequest, context: OrderValidationContext, field: string, rule: string, message: string): never {
  throw new InvalidOrderError(field, rule, `${message} (order ${request.clientOrderId}, ${request.instrument.symbol})`, {
    brokerId: context.brokerId,
    clientOrderId: request.clientOrderId,
  });
}

/** A Decimal of any copy of core (requests are normalised to this copy's before validation; this stays tolerant). */
function isDecimal(value: unknown): value is Decimal {
  return Decimal.isDecimal(value);
}

function checkPrice(request: OrderRequest, context: OrderValidationContext, field: string, value: Decimal | undefined, required: boolean): void {
  if (value === undefined) {
    if (required) fail(request, context, field, 'required', `${field} is required for a ${request.type} order`);
    return;
  }
  if (!isDecimal(value)) fail(request, context, field, 'type', `${field} must be a Decimal`);
  if (!value.isPositive()) fail(request, context, field, 'positive', `${field} must be greater than zero`);
  if (!value.isMultipleOf(request.instrument.tickSize)) fail(request, context, field, 'tickSize', `${field} ${value} is not a multiple of the tick size ${request.instrument.tickSize}`);
}

function checkBracket(request: OrderRequest, context: OrderValidationContext): void {
  const { takeProfit, stopLoss } = request.bracket!;
  if (!takeProfit && !stopLoss) fail(request, context, 'bracket', 'empty', 'a bracket needs a takeProfit or a stopLoss');
  if (takeProfit) checkPrice(request, context, 'bracket.takeProfit.limitPrice', takeProfit.limitPrice, true);
  if (stopLoss) checkPrice(request, context, 'bracket.stopLoss.stopPrice', stopLoss.stopPrice, true);
  if (stopLoss?.limitPrice !== undefined) checkPrice(request, context, 'bracket.stopLoss.limitPrice', stopLoss.limitPrice, true);
  const entry = request.limitPrice ?? request.stopPrice ?? context.referencePrice;
  if (!entry) return;
  const buy = request.side === 'BUY';
  if (takeProfit && (buy ? takeProfit.limitPrice.lte(entry) : takeProfit.limitPrice.gte(entry))) {
    fail(request, context, 'bracket.takeProfit.limitPrice', 'side', `take-profit must be ${buy ? 'above' : 'below'} the entry price ${entry}`);
  }
  if (stopLoss && (buy ? stopLoss.stopPrice.gte(entry) : stopLoss.stopPrice.lte(entry))) {
    fail(request, context, 'bracket.stopLoss.stopPrice', 'side', `stop-loss must be ${buy ? 'below' : 'above'} the entry price ${entry}`);
  }
}

/** Trailing distance (exactly one of amount or percent) and the trailing limit offset. */
function checkTrailing(request: OrderRequest, context: OrderValidationContext, trailing: boolean): void {
  if (trailing) {
    const { trailingAmount, trailingPercent } = request;
    if ((trailingAmount === undefined) === (trailingPercent === undefined)) {
      fail(request, context, 'trailingAmount', 'exactlyOne', `a ${request.type} needs exactly one of trailingAmount or trailingPercent`);
    }
    if (trailingAmount !== undefined && (!isDecimal(trailingAmount) || !trailingAmount.isPositive() || !trailingAmount.isMultipleOf(request.instrument.tickSize))) {
      fail(request, context, 'trailingAmount', 'tickSize', `trailingAmount must be a positive multiple of the tick size ${request.instrument.tickSize}`);
    }
    if (trailingPercent !== undefined && (!isDecimal(trailingPercent) || !trailingPercent.isPositive() || trailingPercent.gte(100))) {
      fail(request, context, 'trailingPercent', 'range', 'trailingPercent must be greater than 0 and less than 100');
    }
  } else if (request.trailingAmount !== undefined || request.trailingPercent !== undefined) {
    fail(request, context, 'trailingAmount', 'notAllowed', 'trailing values are only allowed on TRAILING_STOP and TRAILING_STOP_LIMIT orders');
  }
  const offset = request.trailingLimitOffset;
  if (request.type === 'TRAILING_STOP_LIMIT') {
    if (offset === undefined) fail(request, context, 'trailingLimitOffset', 'required', 'a TRAILING_STOP_LIMIT needs trailingLimitOffset (0 puts the limit at the stop)');
    else if (!isDecimal(offset) || offset.isNegative() || !offset.isMultipleOf(request.instrument.tickSize)) {
      fail(request, context, 'trailingLimitOffset', 'tickSize', `trailingLimitOffset must be zero or a positive multiple of the tick size ${request.instrument.tickSize}`);
    }
  } else if (offset !== undefined) {
    fail(request, context, 'trailingLimitOffset', 'notAllowed', 'trailingLimitOffset is only allowed on TRAILING_STOP_LIMIT orders');
  }
}

/** Expiry, postOnly and market-order rules that depend on the time in force. */
function checkTimeInForce(request: OrderRequest, context: OrderValidationContext): void {
  if (request.timeInForce === 'GTD') {
    if (request.expireAt === undefined || !Number.isInteger(request.expireAt)) fail(request, context, 'expireAt', 'required', 'GTD orders need expireAt (epoch ms)');
    else if (request.expireAt <= context.now) fail(request, context, 'expireAt', 'future', 'expireAt must be in the future');
  } else if (request.expireAt !== undefined) {
    fail(request, context, 'expireAt', 'notAllowed', 'expireAt is only allowed with timeInForce GTD');
  }
  if (request.postOnly && request.type !== 'LIMIT') fail(request, context, 'postOnly', 'limitOnly', 'postOnly is only allowed on LIMIT orders');
  if (request.postOnly && (request.timeInForce === 'IOC' || request.timeInForce === 'FOK')) {
    fail(request, context, 'postOnly', 'timeInForce', 'postOnly cannot be combined with IOC or FOK');
  }
  if (request.type === 'MARKET' && (request.timeInForce === 'GTD' || request.timeInForce === 'DAY')) {
    // a market order never rests, so an expiry is meaningless and usually a mistake
    fail(request, context, 'timeInForce', 'market', 'MARKET orders accept GTC, IOC or FOK');
  }
}
