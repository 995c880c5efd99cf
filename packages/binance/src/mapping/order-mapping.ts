import { dec, NotSupportedError, type Fill, type OrderRequest, type OrderStatus } from '@silvertine/core';
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

/** GET /api/v3/myTrades rows → fills of one order. */
export function fromMyTrades(rows: readonly RawMyTrade[], clientOrderId: string, symbol: string): Fill[] {
  return rows.map((t) => ({
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
  }));
}
