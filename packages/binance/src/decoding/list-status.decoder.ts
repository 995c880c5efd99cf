import { integer, list, record, text, type Json } from './fields';
import { MAX } from './limits';

/** What the broker reads of a listStatus event (an OCO list's state): its list and its orders' ids. */
export interface ListStatus {
  readonly symbol: string;
  readonly listClientOrderId: string;
  readonly listOrderStatus: string;
  readonly clientOrderIds: readonly string[];
}

/**
 * listStatus: the order list's symbol, client id and status, and the orders it holds. The orders
 * themselves report through executionReports; this event is logged, so only its shape is checked.
 */
export function decodeListStatus(event: Json): ListStatus {
  const symbol = text(event, 's', MAX.symbol);
  const listClientOrderId = text(event, 'C', MAX.id);
  const listOrderStatus = text(event, 'L', MAX.word);
  integer(event, 'g');
  const clientOrderIds = list(event.O, 'O', MAX.rows).map((entry) => text(record(entry, 'O[]'), 'c', MAX.id, 'O[]'));
  return { symbol, listClientOrderId, listOrderStatus, clientOrderIds };
}
