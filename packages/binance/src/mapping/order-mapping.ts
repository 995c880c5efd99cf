import { Decimal, dec, InvalidOrderError, NotSupportedError, ORDER_TYPE_TRAITS, type Fill, type Instrument, type Order, type OrderRequest, type OrderStatus, type OrderType, type TimeInForce } from '@silvertine/core';
import type { RawMyTrade, RawOrder } from './binance-types';

/** Binance order parameters as the signed query sends them (every value already a string). */
export type OrderParams = Readonly<Record<string, string>>;

/** Binance order types this adapter sends. */
export type BinanceOrderType = 'MARKET' | 'LIMIT' | 'LIMIT_MAKER' | 'STOP_LOSS' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT' | 'TAKE_PROFIT_LIMIT';

/**
 * Core order type → Binance type: STOP is STOP_LOSS, STOP_LIMIT is STOP_LOSS_LIMIT, TAKE_PROFIT(_LIMIT)
 * keep their names (both trigger in the order's favour, as core defines them), a post-only LIMIT is
 * LIMIT_MAKER, a TRAILING_STOP is a STOP_LOSS with `trailingDelta` and no stopPrice (it trails from
 * placement; see `trailingDeltaOf`). TRAILING_STOP_LIMIT is not mapped: Binance's trailing STOP_LOSS_LIMIT
 * takes an absolute limit price, which core's offset from the moving stop (trailingLimitOffset) is not.
 */
export function binanceOrderType(request: OrderRequest): BinanceOrderType {
  switch (request.type) {
    case 'MARKET':
      return 'MARKET';
    case 'LIMIT':
      return request.postOnly ? 'LIMIT_MAKER' : 'LIMIT';
    case 'STOP':
    case 'TRAILING_STOP':
      return 'STOP_LOSS';
    case 'STOP_LIMIT':
      return 'STOP_LOSS_LIMIT';
    case 'TAKE_PROFIT':
      return 'TAKE_PROFIT';
    case 'TAKE_PROFIT_LIMIT':
      return 'TAKE_PROFIT_LIMIT';
    default:
      throw new NotSupportedError(`orderType:${request.type}`, `binance: ${request.type} is not mapped`, { clientOrderId: request.clientOrderId });
  }
}

/**
 * Which fields each Binance type carries: `price` (and timeInForce, except LIMIT_MAKER) for the limit
 * types, `stopPrice` for the triggered ones. Sending either where it does not belong is -1106.
 */
const BINANCE_TYPE_FIELDS: Readonly<Record<BinanceOrderType, { readonly limit: boolean; readonly requiresStopPrice: boolean }>> = {
  MARKET: { limit: false, requiresStopPrice: false },
  LIMIT: { limit: true, requiresStopPrice: false },
  LIMIT_MAKER: { limit: true, requiresStopPrice: false },
  STOP_LOSS: { limit: false, requiresStopPrice: true },
  STOP_LOSS_LIMIT: { limit: true, requiresStopPrice: true },
  TAKE_PROFIT: { limit: false, requiresStopPrice: true },
  TAKE_PROFIT_LIMIT: { limit: true, requiresStopPrice: true },
};

/**
 * OrderRequest → POST /api/v3/order parameters. Decimals are serialised once, here, in their canonical
 * form (no exponent). timeInForce is sent only where Binance accepts it (-1106 otherwise).
 */
export function toOrderParams(request: OrderRequest, respType: 'ACK' | 'RESULT' | 'FULL' = 'FULL'): OrderParams {
  const type = binanceOrderType(request);
  const params: Record<string, string> = {
    symbol: request.instrument.venueSymbol ?? request.instrument.symbol,
    side: request.side,
    type,
    quantity: request.quantity.toString(),
    newClientOrderId: request.clientOrderId,
    newOrderRespType: respType,
  };
  const { limit, requiresStopPrice } = BINANCE_TYPE_FIELDS[type];
  if (limit && type !== 'LIMIT_MAKER') params.timeInForce = request.timeInForce;
  if (limit && request.limitPrice) params.price = request.limitPrice.toString();
  if (requiresStopPrice && request.stopPrice) params.stopPrice = request.stopPrice.toString();
  if (request.type === 'TRAILING_STOP') params.trailingDelta = String(trailingDeltaOf(request));
  return params;
}

const BIPS_PER_PERCENT = dec(100);

/**
 * A TRAILING_STOP's distance as Binance's `trailingDelta`: basis points of the price, an integer (Binance's
 * Trailing Stop FAQ, https://developers.binance.com/docs/binance-spot-api-docs/faqs/trailing-stop-faq, and
 * rest-api.md "New order": trailingDelta is a LONG). Binance trails by percentage only, so a trailingAmount
 * (price units) is refused, as is a percentage that is not a whole number of basis points (0.01 %):
 * rounding it would trail at a distance the caller did not ask for.
 */
export function trailingDeltaOf(request: OrderRequest): number {
  const o = { clientOrderId: request.clientOrderId };
  if (request.trailingAmount !== undefined) {
    throw new NotSupportedError('trailingAmount', 'binance: trailingAmount is not supported: Binance trails by percentage only (trailingDelta, in basis points); give trailingPercent', o);
  }
  const bips = (request.trailingPercent ?? Decimal.ZERO).times(BIPS_PER_PERCENT);
  if (!bips.isPositive() || !bips.isMultipleOf(Decimal.ONE)) {
    throw new InvalidOrderError('trailingPercent', 'wholeBips', `trailingPercent ${request.trailingPercent} is not a whole number of basis points (0.01 %), which Binance's trailingDelta requires`, o);
  }
  return bips.toNumber();
}

/** Binance order status (X / status) → core status. */
export function toOrderStatus(status: string): OrderStatus {
  switch (status) {
    case 'NEW':
      return 'ACCEPTED';
    case 'PENDING_NEW':
      return 'SUBMITTED';
    case 'PARTIALLY_FILLED':
      return 'PARTIALLY_FILLED';
    case 'FILLED':
      return 'FILLED';
    case 'CANCELED':
      return 'CANCELED';
    case 'PENDING_CANCEL':
      return 'PENDING_CANCEL';
    case 'REJECTED':
      return 'REJECTED';
    case 'EXPIRED':
    case 'EXPIRED_IN_MATCH':
      return 'EXPIRED';
    default:
      return 'UNKNOWN';
  }
}

/** What a new-order response tells: the venue id, the status and (FULL) the immediate fills. */
export interface PlacedOrder {
  readonly venueOrderId: string;
  readonly status: OrderStatus;
  readonly fills: readonly Fill[];
}

/**
 * New-order response (ACK, RESULT or FULL) → PlacedOrder. FULL fills carry no time or liquidity: they
 * happened at `transactTime` and took liquidity (an order matching on arrival is the taker).
 */
export function fromNewOrderResponse(raw: RawOrder, request: OrderRequest): PlacedOrder {
  const venueOrderId = String(raw.orderId);
  const at = raw.transactTime ?? 0;
  const fills: Fill[] = (raw.fills ?? []).map((f) => ({
    tradeId: String(f.tradeId),
    clientOrderId: request.clientOrderId,
    venueOrderId,
    symbol: request.instrument.symbol,
    side: request.side,
    quantity: dec(f.qty),
    price: dec(f.price),
    commission: dec(f.commission),
    commissionAsset: f.commissionAsset,
    liquidity: 'TAKER',
    timestamp: at,
  }));
  return { venueOrderId, status: raw.status ? toOrderStatus(raw.status) : 'ACCEPTED', fills };
}

/** One GET /api/v3/myTrades row → a fill of the order whose client id the caller resolved from `orderId`. */
export function fromMyTrade(t: RawMyTrade, clientOrderId: string, symbol: string): Fill {
  return {
    tradeId: String(t.id),
    clientOrderId,
    venueOrderId: String(t.orderId),
    symbol,
    side: t.isBuyer ? 'BUY' : 'SELL',
    quantity: dec(t.qty),
    price: dec(t.price),
    commission: dec(t.commission),
    commissionAsset: t.commissionAsset,
    liquidity: t.isMaker ? 'MAKER' : 'TAKER',
    timestamp: t.time,
  };
}

/** GET /api/v3/myTrades rows → fills of one order. */
export function fromMyTrades(rows: readonly RawMyTrade[], clientOrderId: string, symbol: string): Fill[] {
  return rows.map((t) => fromMyTrade(t, clientOrderId, symbol));
}

/**
 * Binance type → core type, for orders found at the venue (reconciliation): the inverse of
 * `binanceOrderType`. An unknown type is adopted as LIMIT (it rests with a price, the common case).
 */
function coreOrderType(type: string | undefined): { type: OrderType; postOnly?: boolean } {
  switch (type) {
    case 'MARKET':
      return { type: 'MARKET' };
    case 'LIMIT_MAKER':
      return { type: 'LIMIT', postOnly: true };
    case 'STOP_LOSS':
      return { type: 'STOP' };
    case 'STOP_LOSS_LIMIT':
      return { type: 'STOP_LIMIT' };
    case 'TAKE_PROFIT':
      return { type: 'TAKE_PROFIT' };
    case 'TAKE_PROFIT_LIMIT':
      return { type: 'TAKE_PROFIT_LIMIT' };
    default:
      return { type: 'LIMIT' };
  }
}

/** A price field that Binance sends as "0.00000000" when the order has none. */
function optionalPrice(value: string | undefined): Decimal | undefined {
  if (value === undefined) return undefined;
  const d = dec(value);
  return d.isZero() ? undefined : d;
}

/**
 * GET /api/v3/order, openOrders or allOrders row → core Order (for orders found at the venue). The
 * average fill price is cummulativeQuoteQty / executedQty, computed in Decimal.
 */
export function fromQueryOrder(raw: RawOrder, instrument: Instrument): Order {
  // A STOP_LOSS with trailingDelta and no activation price is exactly core's TRAILING_STOP by percent
  // (Binance's basis points / 100); read as a plain STOP it would be a stop without a stop price.
  const trailing = raw.type === 'STOP_LOSS' && raw.trailingDelta !== undefined && optionalPrice(raw.stopPrice) === undefined;
  const { type, postOnly } = trailing ? { type: 'TRAILING_STOP' as const, postOnly: undefined } : coreOrderType(raw.type);
  const quantity = dec(raw.origQty ?? '0');
  const filled = dec(raw.executedQty ?? '0');
  const tif = raw.timeInForce === 'IOC' || raw.timeInForce === 'FOK' ? raw.timeInForce : 'GTC';
  const request: OrderRequest = {
    clientOrderId: raw.clientOrderId,
    instrument,
    side: raw.side ?? 'BUY',
    type,
    quantity,
    limitPrice: ORDER_TYPE_TRAITS[type].requiresLimitPrice ? optionalPrice(raw.price) : undefined,
    stopPrice: ORDER_TYPE_TRAITS[type].requiresStopPrice ? optionalPrice(raw.stopPrice) : undefined,
    timeInForce: tif as TimeInForce,
    ...(postOnly ? { postOnly } : {}),
    ...(trailing ? { trailingPercent: dec(raw.trailingDelta ?? 0).div(100) } : {}),
  };
  const quote = dec(raw.cummulativeQuoteQty ?? '0');
  return {
    request,
    clientOrderId: raw.clientOrderId,
    status: toOrderStatus(raw.status ?? 'NEW'),
    venueOrderId: String(raw.orderId),
    filledQuantity: filled,
    remainingQuantity: quantity.minus(filled),
    averageFillPrice: filled.isPositive() && quote.isPositive() ? quote.div(filled) : undefined,
    createdAt: raw.time ?? raw.transactTime ?? 0,
    updatedAt: raw.updateTime ?? raw.time ?? raw.transactTime ?? 0,
  };
}
