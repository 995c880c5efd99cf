import type { TwsEmulator } from '@silvertine/tws-emulator';
import type { VenueOrder, VenueSnapshot } from './oracle';

/** TWS statuses after which an order can neither fill nor be canceled. */
export const TWS_DONE = new Set(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);

/**
 * The TWS emulator's record: every order by its orderRef (our clientOrderId) with the day's executions,
 * and how many orders carried each orderRef (two means the intent reached TWS twice).
 */
export function ibSnapshot(tws: TwsEmulator): VenueSnapshot {
  const orders = new Map<string, VenueOrder>();
  const received = new Map<string, number>();
  const executions = tws.executions();
  for (const o of tws.orders()) {
    received.set(o.orderRef, (received.get(o.orderRef) ?? 0) + 1);
    orders.set(o.orderRef, {
      clientOrderId: o.orderRef, symbol: o.contract.symbol, side: o.action, open: !TWS_DONE.has(o.status), filled: o.filled,
      trades: executions.filter((e) => e.orderRef === o.orderRef).map((e) => ({ tradeId: e.execId, quantity: e.shares })),
    });
  }
  return { orders, received };
}
