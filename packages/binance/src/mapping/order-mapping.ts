import { Decimal, dec, NotSupportedError, type Fill, type Instrument, type Order, type OrderRequest, type OrderStatus, type OrderType, type TimeInForce } from '@silvertine/core';
import type { RawMyTrade, RawOrder } from './binance-types';

/** Binance order parameters as the signed query sends them (every value already a string). */
export type OrderParams = Readonly<Record<string, string>>;

/** Binance order types this adapter sends. */
export type BinanceOrderType = 'MARKET' | 'LIMIT' | 'LIMIT_MAKER' | 'STOP_LOSS' | 'STOP_LOSS_LIMIT';

/**
 * Core order type → Binance type: STOP is STOP_LOSS, STOP_LIMIT is STOP_LOSS_LIMIT, a post-only LIMIT
 * is LIMIT_MAKER. Binance's TAKE_PROFIT(_LIMIT) have no core type yet (see README).
 */
export function binanceOrderType(request: OrderRequest): BinanceOrderType {
  switch (request.type) {
    case 'MARKET':
      return 'MARKET';
    case 'LIMIT':
      return request.postOnly ? 'LIMIT_MAKER' : 'LIMIT';
    case 'STOP':
      return 'STOP_LOSS';
    case 'STOP_LIMIT':
      return 'STOP_LOSS_LIMIT';
    default:
      throw new NotSupportedError(`orderType:${request.type}`, `binance: ${request.type} is not mapped`, { clientOrderId: request.clientOrderId });
  }
}

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
  if (type === 'LIMIT' || type === 'STOP_LOSS_LIMIT') params.timeInForce = request.timeInForce;
  if (request.limitPrice && type !== 'MARKET' && type !== 'STOP_LOSS') params.price = request.limitPrice.toString();
  if (request.stopPrice && (type === 'STOP_LOSS' || type === 'STOP_LOSS_LIMIT')) params.stopPrice = request.stopPrice.toString();
  return params;
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
 * Binance type → the closest core type, for orders found at the venue (reconciliation). TAKE_PROFIT and
 * TAKE_PROFIT_LIMIT have no core type: they are triggered orders like STOP/STOP_LIMIT, so they are
 * adopted as those (the stop price is kept, so nothing is lost for display or risk).
 */
function coreOrderType(type: string | undefined): { type: OrderType; postOnly?: boolean } {
  switch (type) {
    case 'MARKET':
      return { type: 'MARKET' };
    case 'LIMIT_MAKER':
      return { type: 'LIMIT', postOnly: true };
    case 'STOP_LOSS':
    case 'TAKE_PROFIT':
      return { type: 'STOP' };
    case 'STOP_LOSS_LIMIT':
    case 'TAKE_PROFIT_LIMIT':
      return { type: 'STOP_LIMIT' };
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
  const { type, postOnly } = coreOrderType(raw.type);
  const quantity = dec(raw.origQty ?? '0');
  const filled = dec(raw.executedQty ?? '0');
  const tif = raw.timeInForce === 'IOC' || raw.timeInForce === 'FOK' ? raw.timeInForce : 'GTC';
  const request: OrderRequest = {
    clientOrderId: raw.clientOrderId,
    instrument,
    side: raw.side ?? 'BUY',
    type,
    quantity,
    limitPrice: type === 'LIMIT' || type === 'STOP_LIMIT' ? optionalPrice(raw.price) : undefined,
    stopPrice: type === 'STOP' || type === 'STOP_LIMIT' ? optionalPrice(raw.stopPrice) : undefined,
    timeInForce: tif as TimeInForce,
    ...(postOnly ? { postOnly } : {}),
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
