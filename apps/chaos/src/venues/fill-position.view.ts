import { Decimal, type AbstractBroker, type ReconcilableBroker, type BrokerPosition, type Instrument } from '@silvertine/core';

import type { LocalRecorder } from '../oracle/local-recorder';

/**
 * The broker as the reconciler sees it, with positions as net filled quantity per symbol of the orders
 * it tracks. Adapters' own positions mix in seeds (Binance: the base balance at connect) or are read
 * live from the venue (IB), which would make the comparison either meaningless or circular.
 */
export function fillPositionView(broker: AbstractBroker, recorder: LocalRecorder): ReconcilableBroker {
  return {
    id: broker.id,
    getOrder: (id) => broker.getOrder(id),
    getOpenOrders: () => broker.getOpenOrders(),
    // Options forwarded: an order or fill restored `from: 'journal'` must not be journaled again.
    adoptOrder: (order, options) => {
      recorder.watch([order.clientOrderId]);
      return broker.adoptOrder(order, options);
    },
    reconcileStatus: (id, status, patch) => broker.reconcileStatus(id, status, patch),
    reconcileFill: (fill, options) => broker.reconcileFill(fill, options),
    localPositions: async () => netPositions([...(await recorder.view()).orders.values()].map((o) => ({ instrument: o.request.instrument, side: o.request.side, filled: o.filledQuantity }))),
  };
}

/** Net signed quantity per instrument symbol (zero positions omitted). */
export function netPositions(rows: readonly { instrument: Instrument; side: 'BUY' | 'SELL'; filled: Decimal }[]): BrokerPosition[] {
  const net = new Map<string, { instrument: Instrument; quantity: Decimal }>();
  for (const r of rows) {
    const entry = net.get(r.instrument.symbol) ?? { instrument: r.instrument, quantity: Decimal.ZERO };
    entry.quantity = entry.quantity.plus(r.side === 'BUY' ? r.filled : r.filled.negated());
    net.set(r.instrument.symbol, entry);
  }
  return [...net.values()].filter((p) => !p.quantity.isZero()).map((p) => ({
    instrument: p.instrument, quantity: p.quantity, averagePrice: Decimal.ZERO, realizedPnl: Decimal.ZERO, unrealizedPnl: Decimal.ZERO,
  }));
}
