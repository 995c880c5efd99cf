import { IbPayloadError, intField, optionalIntField, textField } from './decode-fields';

/** Order statuses TWS sends (orderStatus, openOrder's orderState); anything else is not TWS's. */
export const IB_ORDER_STATUSES: ReadonlySet<string> = new Set([
  'ApiPending', 'PendingSubmit', 'PendingCancel', 'PreSubmitted', 'Submitted', 'ApiCancelled', 'Cancelled', 'Filled', 'Inactive',
]);

/** What the adapter reads of an orderStatus or openOrder event. */
export interface IbOrderStatusMessage {
  readonly orderId: number;
  readonly status: string;
  /** The API client that placed the order (absent on old server versions). */
  readonly clientId?: number;
}

/** An order status as TWS words it, or refused. */
export function orderStatusField(value: unknown, field: string): string {
  if (typeof value !== 'string' || !IB_ORDER_STATUSES.has(value)) throw new IbPayloadError(field, 'must be a TWS order status', value);
  return value;
}

/**
 * orderStatus(orderId, status, filled, remaining, avgFillPrice, permId, parentId, lastFillPrice, clientId...):
 * the id, the status and the client id. Quantities are not read here (fills come from executions).
 */
export function decodeOrderStatus(orderId: unknown, status: unknown, clientId: unknown): IbOrderStatusMessage {
  return {
    orderId: intField(orderId, 'orderStatus.orderId'),
    status: orderStatusField(status, 'orderStatus.status'),
    clientId: optionalIntField(clientId, 'orderStatus.clientId'),
  };
}

/** openOrder(orderId, contract, order, orderState): the id, orderState.status and order.clientId. */
export function decodeOpenOrderEvent(orderId: unknown, order: unknown, state: unknown): IbOrderStatusMessage {
  if (typeof order !== 'object' || order === null) throw new IbPayloadError('openOrder.order', 'must be an object', order);
  if (typeof state !== 'object' || state === null) throw new IbPayloadError('openOrder.orderState', 'must be an object', state);
  return {
    orderId: intField(orderId, 'openOrder.orderId'),
    status: orderStatusField((state as { status?: unknown }).status, 'openOrder.orderState.status'),
    clientId: optionalIntField((order as { clientId?: unknown }).clientId, 'openOrder.order.clientId'),
  };
}

/** What the adapter reads of an error event. */
export interface IbErrorMessage {
  /** The request or order id the message is about; -1 for none. */
  readonly id: number;
  readonly code: number;
  readonly message: string;
}

/** error(error, code, reqId): IB's code, the id it is about and the text. */
export function decodeErrorEvent(error: unknown, code: unknown, reqId: unknown): IbErrorMessage {
  const message = error instanceof Error ? error.message : error;
  return {
    id: intField(reqId ?? -1, 'error.reqId', -1),
    code: intField(code, 'error.code', -1),
    message: textField(typeof message === 'string' && message.length > 256 ? message.slice(0, 256) : message, 'error.message'),
  };
}
