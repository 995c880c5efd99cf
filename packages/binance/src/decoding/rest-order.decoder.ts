import type { RawOrder, RawOrderList } from '../mapping/binance-types';
import { decimalText, integer, list, optionalDecimalText, optionalInteger, optionalText, record, side, text, type Json } from './fields';
import { MAX } from './limits';

/**
 * An order as POST (ACK, RESULT, FULL), GET and DELETE /api/v3/order answer it. `orderId` is required:
 * an acknowledgement without one proves nothing about the order, and refusing it sends the order down
 * the unknown-outcome path (resolved by a query), never to ACCEPTED with an id of "undefined".
 */
export function decodeOrder(value: unknown, field = 'order'): RawOrder {
  const o = record(value, field);
  checkOrder(o);
  return o as unknown as RawOrder;
}

/** GET /api/v3/openOrders (and allOrders): an array of orders. */
export function decodeOrders(value: unknown): RawOrder[] {
  const rows = list(value, 'orders', MAX.rows);
  for (const row of rows) checkOrder(record(row, 'orders[]'));
  return rows as RawOrder[];
}

/** POST /api/v3/orderList/oco: the list, its orders' ids and (RESULT/FULL) their reports. */
export function decodeOrderList(value: unknown): RawOrderList {
  const o = record(value, 'orderList');
  integer(o, 'orderListId');
  text(o, 'listClientOrderId', MAX.id);
  text(o, 'listOrderStatus', MAX.word);
  for (const entry of list(o.orders, 'orders', MAX.rows)) {
    const e = record(entry, 'orders[]');
    text(e, 'symbol', MAX.symbol, 'orders[]');
    integer(e, 'orderId', 'orders[]');
    text(e, 'clientOrderId', MAX.id, 'orders[]');
  }
  if (o.orderReports !== undefined) for (const report of list(o.orderReports, 'orderReports', MAX.rows)) checkOrder(record(report, 'orderReports[]'));
  return o as unknown as RawOrderList;
}

function checkOrder(o: Json): void {
  text(o, 'symbol', MAX.symbol);
  integer(o, 'orderId');
  text(o, 'clientOrderId', MAX.id);
  optionalText(o, 'origClientOrderId', MAX.id);
  optionalInteger(o, 'transactTime');
  optionalInteger(o, 'updateTime');
  optionalInteger(o, 'time');
  optionalInteger(o, 'orderListId');
  optionalDecimalText(o, 'price');
  optionalDecimalText(o, 'origQty');
  optionalDecimalText(o, 'executedQty');
  optionalDecimalText(o, 'cummulativeQuoteQty');
  optionalDecimalText(o, 'stopPrice');
  optionalInteger(o, 'trailingDelta');
  optionalText(o, 'status', MAX.word);
  optionalText(o, 'timeInForce', MAX.word);
  optionalText(o, 'type', MAX.word);
  if (o.side !== undefined) side(o, 'side');
  if (o.fills === undefined) return;
  for (const entry of list(o.fills, 'fills', MAX.rows)) {
    const f = record(entry, 'fills[]');
    decimalText(f, 'price', 'fills[]');
    decimalText(f, 'qty', 'fills[]');
    decimalText(f, 'commission', 'fills[]');
    text(f, 'commissionAsset', MAX.symbol, 'fills[]');
    integer(f, 'tradeId', 'fills[]');
  }
}
