import { dec } from '@silvertine/core';
import type { BinanceEmulator } from '@silvertine/binance-emulator';
import type { BinanceSignedReads } from '../venues/binance-signed-reads';
import type { VenueOrder, VenueSnapshot, VenueTrade } from './oracle';

/**
 * The Binance emulator's record: every order (allOrders) with its trades (myTrades) by clientOrderId,
 * and the count of placements it received per clientOrderId (its control journal). Rate limits and bans
 * are reset first so that a scenario's 418 does not hide the venue from the oracle.
 */
export async function binanceSnapshot(emulator: BinanceEmulator, reads: BinanceSignedReads, symbols: readonly string[]): Promise<VenueSnapshot> {
  emulator.control.clearFaults();
  emulator.control.resetRateLimits();
  const orders = new Map<string, VenueOrder>();
  for (const symbol of symbols) {
    const [all, trades] = await Promise.all([reads.allOrders(symbol), reads.myTrades(symbol)]);
    const byOrder = new Map<number, VenueTrade[]>();
    for (const t of trades) {
      const list = byOrder.get(t.orderId) ?? [];
      list.push({ tradeId: String(t.id), quantity: dec(t.qty) });
      byOrder.set(t.orderId, list);
    }
    for (const o of all) {
      orders.set(o.clientOrderId, {
        clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, open: o.status === 'NEW' || o.status === 'PARTIALLY_FILLED',
        filled: dec(o.executedQty), trades: byOrder.get(o.orderId) ?? [],
      });
    }
  }
  const received = new Map<string, number>();
  for (const r of emulator.control.receivedOrders()) {
    if (r.clientOrderId === undefined) continue;
    received.set(r.clientOrderId, (received.get(r.clientOrderId) ?? 0) + 1);
  }
  return { orders, received };
}
