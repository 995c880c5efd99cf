import type { Decimal, OrderSide } from '@silvertine/core';
import type { Contract } from '@stoqey/ib';
import { decodeContract } from './contract.decoder';
import { IbPayloadError, decimalField, intField, objectField, optionalDecimalField, optionalIntField, optionalTextField } from './decode-fields';
import { orderStatusField } from './order-events.decoder';

/** An order TWS listed (reqAllOpenOrders), checked and with its numbers read into Decimals. */
export interface IbOpenOrderMessage {
  readonly orderId: number;
  readonly contract: Contract;
  /** The API client that placed it (0 for orders entered in TWS). */
  readonly clientId?: number;
  readonly permId?: number;
  readonly orderRef?: string;
  readonly account?: string;
  /** BUY, or SELL for IB's SELL and SSHORT. */
  readonly side: OrderSide;
  /** IB's order type text (LMT, STP LMT, TRAIL LIMIT, MOC...). */
  readonly orderType: string;
  /** Zero for orders sized otherwise (cash quantity), which core cannot express. */
  readonly quantity: Decimal;
  readonly lmtPrice?: Decimal;
  readonly auxPrice?: Decimal;
  readonly trailingPercent?: Decimal;
  readonly lmtPriceOffset?: Decimal;
  readonly trailStopPrice?: Decimal;
  readonly tif?: string;
  readonly goodTillDate?: string;
  /** orderStatus.status if TWS sent one with the listing, else orderState.status. */
  readonly status: string;
  readonly filled?: Decimal;
  readonly avgFillPrice?: Decimal;
}

function sideOf(action: unknown): OrderSide {
  if (action === 'BUY') return 'BUY';
  if (action === 'SELL' || action === 'SSHORT') return 'SELL';
  throw new IbPayloadError('openOrder.order.action', 'must be BUY, SELL or SSHORT', action);
}

/**
 * One entry of IBApiNext's getAllOpenOrders (`{ orderId, contract, order, orderState, orderStatus? }`).
 * Prices may be absent (IB's unset double) but never NaN or infinite; the size must not be negative.
 */
export function decodeOpenOrder(value: unknown): IbOpenOrderMessage {
  const open = objectField<Record<string, unknown>>(value, 'openOrder');
  const order = objectField<Record<string, unknown>>(open.order, 'openOrder.order');
  const state = open.orderState === undefined ? undefined : objectField<{ status?: unknown }>(open.orderState, 'openOrder.orderState');
  const status = open.orderStatus === undefined ? undefined : objectField<Record<string, unknown>>(open.orderStatus, 'openOrder.orderStatus');
  const price = (name: string) => optionalDecimalField(order[name], `openOrder.order.${name}`);
  return {
    orderId: intField(open.orderId, 'openOrder.orderId'),
    contract: decodeContract(open.contract, 'openOrder.contract'),
    clientId: optionalIntField(order.clientId, 'openOrder.order.clientId'),
    permId: optionalIntField(order.permId, 'openOrder.order.permId'),
    orderRef: optionalTextField(order.orderRef, 'openOrder.order.orderRef') || undefined,
    account: optionalTextField(order.account, 'openOrder.order.account') || undefined,
    side: sideOf(order.action),
    orderType: optionalTextField(order.orderType, 'openOrder.order.orderType') ?? '',
    quantity: decimalField(order.totalQuantity, 'openOrder.order.totalQuantity', { nonNegative: true }),
    lmtPrice: price('lmtPrice'),
    auxPrice: price('auxPrice'),
    trailingPercent: optionalDecimalField(order.trailingPercent, 'openOrder.order.trailingPercent', { nonNegative: true }),
    lmtPriceOffset: price('lmtPriceOffset'),
    trailStopPrice: price('trailStopPrice'),
    tif: optionalTextField(order.tif, 'openOrder.order.tif'),
    goodTillDate: optionalTextField(order.goodTillDate, 'openOrder.order.goodTillDate'),
    status: orderStatusField(status?.status ?? state?.status, 'openOrder.status'),
    filled: optionalDecimalField(status?.filled, 'openOrder.orderStatus.filled', { nonNegative: true }),
    avgFillPrice: optionalDecimalField(status?.avgFillPrice, 'openOrder.orderStatus.avgFillPrice'),
  };
}
