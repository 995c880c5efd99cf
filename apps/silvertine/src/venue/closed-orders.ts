import { isTerminalStatus, type Order } from '@silvertine/core';
import { RESILIENCE_TOKENS } from '@silvertine/resilience';
import type { BrokerSession } from '../commands/broker-session';

/**
 * The broker's recent closed orders (FILLED, CANCELED, REJECTED, EXPIRED), newest first. A live broker
 * reads them from its order journal, which holds every order any earlier process placed on this state
 * directory, brought up to date with the venue by the reconciliation that ran at connect (an order
 * canceled or filled at the venue meanwhile is journaled as such). A broker without a journal (paper,
 * whose venue lives in the process) has none from earlier processes: the list is empty.
 */
export async function closedOrders({ app, name, broker }: BrokerSession, limit: number): Promise<readonly Order[]> {
  const byId = new Map<string, Order>();
  const type = app.config.brokers[name]?.type ?? '';
  const journal = app.safety?.orderJournal({ name, type }) ? app.container.get(RESILIENCE_TOKENS.OrderJournal, { optional: true }) : undefined;
  if (journal) {
    const replay = await journal.replay();
    for (const entry of replay.orders.values()) {
      if (entry.brokerId === broker.id && entry.lastOrder && isTerminalStatus(entry.lastOrder.status)) byId.set(entry.clientOrderId, entry.lastOrder);
    }
  }
  return [...byId.values()].sort((a, b) => b.updatedAt - a.updatedAt || a.clientOrderId.localeCompare(b.clientOrderId)).slice(0, limit);
}
