import type { Decimal } from '@silvertine/core';
import { apiErrors, ENGINE_MESSAGES } from '../errors/binance-error';
import { ORDER_TYPES, STP_MODES, SYMBOL_FEATURES, TRAILING_DELTA_BIPS } from './exchange-info';
import type { RequestParams } from './request-params';
import type { SymbolSpec } from './symbol-spec';

/** Binance order types. */
export type BinanceOrderType = (typeof ORDER_TYPES)[number];
export type BinanceSide = 'BUY' | 'SELL';
export type BinanceTif = 'GTC' | 'IOC' | 'FOK';
export type NewOrderRespType = 'ACK' | 'RESULT' | 'FULL';

/** A validated new order, before filters and balances are checked. */
export interface NewOrderParams {
  readonly symbol: string;
  readonly side: BinanceSide;
  readonly type: BinanceOrderType;
  readonly timeInForce?: BinanceTif;
  readonly quantity?: Decimal;
  readonly quoteOrderQty?: Decimal;
  readonly price?: Decimal;
  readonly stopPrice?: Decimal;
  readonly newClientOrderId?: string;
  readonly newOrderRespType: NewOrderRespType;
  /** Trailing stop distance in basis points (stop types only). */
  readonly trailingDelta?: number;
}

const CLIENT_ID = /^[a-zA-Z0-9-_.]{1,36}$/;
const LIMIT_TYPES: readonly BinanceOrderType[] = ['LIMIT', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'];
const PRICED_TYPES: readonly BinanceOrderType[] = [...LIMIT_TYPES, 'LIMIT_MAKER'];
const STOP_TYPES: readonly BinanceOrderType[] = ['STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];

/** True for order types that wait for their stopPrice before working. */
export function isStopType(type: BinanceOrderType): boolean {
  return STOP_TYPES.includes(type);
}

/**
 * Reads and checks the parameters of `POST /api/v3/order` (and order.place, order/test, OCO legs):
 * which fields each type needs (-1102), which it refuses (-1106), enums (-1116/-1117/-1115),
 * number syntax (-1100), symbol (-1121).
 */
export function parseNewOrder(params: RequestParams, symbols: ReadonlyMap<string, SymbolSpec>): NewOrderParams {
  const symbol = params.required('symbol');
  if (!symbols.has(symbol)) throw apiErrors.badSymbol();
  const side = params.oneOf('side', ['BUY', 'SELL'] as const, apiErrors.invalidSide);
  if (!side) throw apiErrors.mandatory('side');
  const type = params.oneOf('type', ORDER_TYPES, apiErrors.invalidType);
  if (!type) throw apiErrors.mandatory('type');
  const timeInForce = params.oneOf('timeInForce', ['GTC', 'IOC', 'FOK'] as const, apiErrors.invalidTif);
  const quantity = params.decimal('quantity');
  const quoteOrderQty = params.decimal('quoteOrderQty');
  const price = params.decimal('price');
  const stopPrice = params.decimal('stopPrice');
  const newClientOrderId = params.optional('newClientOrderId');
  const trailingDelta = checkSymbolFeatures(params);
  if (newClientOrderId !== undefined && !CLIENT_ID.test(newClientOrderId)) throw apiErrors.illegalChars('newClientOrderId');

  if (LIMIT_TYPES.includes(type) && !timeInForce) throw apiErrors.mandatory('timeInForce');
  if (!LIMIT_TYPES.includes(type) && timeInForce) throw apiErrors.tifNotRequired();
  if (PRICED_TYPES.includes(type) && !price) throw apiErrors.mandatory('price');
  if (!PRICED_TYPES.includes(type) && price) throw apiErrors.paramNotRequired('price');
  // A trailing stop may omit stopPrice (it then trails from placement); every other stop needs it.
  if (isStopType(type) && !stopPrice && trailingDelta === undefined) throw apiErrors.mandatory('stopPrice');
  if (!isStopType(type) && trailingDelta !== undefined) throw apiErrors.paramNotRequired('trailingDelta');
  if (!isStopType(type) && stopPrice) throw apiErrors.paramNotRequired('stopPrice');
  if (type === 'MARKET') {
    if (!quantity && !quoteOrderQty) throw apiErrors.eitherMandatory('quantity', 'quoteOrderQty');
    if (quantity && quoteOrderQty) throw apiErrors.unsupportedCombination();
  } else {
    if (quoteOrderQty) throw apiErrors.paramNotRequired('quoteOrderQty');
    if (!quantity) throw apiErrors.mandatory('quantity');
  }
  const respType = params.oneOf('newOrderRespType', ['ACK', 'RESULT', 'FULL'] as const, () => apiErrors.invalidParam('newOrderRespType'));
  // Documented default: MARKET and LIMIT answer FULL, every other type ACK.
  const newOrderRespType = respType ?? (type === 'MARKET' || type === 'LIMIT' ? 'FULL' : 'ACK');
  return { symbol, side, type, timeInForce, quantity, quoteOrderQty, price, stopPrice, newClientOrderId, newOrderRespType, trailingDelta };
}

/**
 * Refuses the order features the symbol's exchangeInfo rules out, so what is advertised and what is
 * accepted agree (an order is never accepted with a feature silently dropped):
 * - `icebergQty` (syntax -1100 first) on a symbol with `icebergAllowed: false` → -2010 "Iceberg orders are
 *   not supported for this symbol." (errors.md, matching engine messages);
 * - `trailingDelta` with `allowTrailingStop: false` → -2010 "Trailing stop orders are not supported for this
 *   symbol." (same table); outside the TRAILING_DELTA filter's range → -1013 "Filter failure: TRAILING_DELTA";
 * - `selfTradePreventionMode` not among the documented STP modes, or not in the symbol's
 *   `allowedSelfTradePreventionModes` → -1130 naming the parameter. The docs say only that "the allowed enums
 *   [are] dependent on what is configured on the symbol"; the code for a mode outside them is inferred from
 *   Binance's answer to any invalid enum value (-1130 INVALID_PARAMETER).
 */
function checkSymbolFeatures(params: RequestParams): number | undefined {
  const iceberg = params.decimal('icebergQty');
  if (iceberg && !iceberg.isZero() && !SYMBOL_FEATURES.icebergAllowed) throw apiErrors.newOrderRejected(ENGINE_MESSAGES.icebergNotSupported);
  const trailingDelta = params.integer('trailingDelta');
  if (trailingDelta !== undefined) {
    if (!SYMBOL_FEATURES.allowTrailingStop) throw apiErrors.newOrderRejected(ENGINE_MESSAGES.trailingNotSupported);
    if (trailingDelta < TRAILING_DELTA_BIPS.min || trailingDelta > TRAILING_DELTA_BIPS.max) throw apiErrors.filterFailure('TRAILING_DELTA');
  }
  const stp = params.oneOf('selfTradePreventionMode', STP_MODES, () => apiErrors.invalidParam('selfTradePreventionMode'));
  if (stp !== undefined && !SYMBOL_FEATURES.allowedSelfTradePreventionModes.includes(stp)) throw apiErrors.invalidParam('selfTradePreventionMode');
  return trailingDelta;
}
