import type { Broker, OrderStatus } from '@silvertine/core';
import { guardsLiveBrokers } from '@silvertine/resilience';
import type { AppContext } from './app-context';

/**
 * What the safety stack did at start, as `silvertine run` prints it: the order journal it replayed
 * and, per live broker, where each order the journal still had in flight (sent before the last stop,
 * never closed) stands now that reconciliation at connect has asked the venue. After a crash this is
 * the line that says the restart picked up where the last process died, without resending anything.
 * Empty without a journal (paper brokers only, or `resilience.journal.enabled: false`).
 */
export async function safetyStartReport(app: AppContext, brokers: ReadonlyMap<string, Broker>): Promise<string[]> {
  // the journal is opened (and its directory locked) for live brokers only: a paper run leaves it alone
  const live = [...brokers.keys()].some((name) => guardsLiveBrokers({ name, type: app.config.brokers[name]?.type ?? '' }));
  const replay = live && app.safety ? await app.safety.open() : undefined;
  if (!replay) return [];
  const lines = [`silvertine: order journal replayed: ${replay.records} records, ${replay.inFlight.length} order(s) in flight at the last stop`];
  const reconciles = app.config.resilience.reconciliation?.enabled !== false && app.config.resilience.reconciliation?.onConnect !== false;
  for (const [name, broker] of brokers) {
    const inFlight = replay.inFlight.filter((o) => o.brokerId === broker.id);
    if (inFlight.length === 0) continue;
    if (!reconciles) {
      lines.push(`silvertine: ${name}: ${inFlight.length} journaled order(s) in flight not reconciled (resilience.reconciliation is off)`);
      continue;
    }
    const now = new Map<string, number>();
    const reasons = new Set<string>();
    for (const entry of inFlight) {
      const order = await broker.getOrder(entry.clientOrderId);
      const status: OrderStatus | 'untracked' = order?.status ?? 'untracked';
      now.set(status, (now.get(status) ?? 0) + 1);
      if (order?.rejectReason) reasons.add(order.rejectReason);
    }
    const statuses = [...now].map(([status, n]) => `${status} ${n}`).join(', ');
    lines.push(`silvertine: ${name} reconciled with the venue at connect: ${inFlight.length} in-flight order(s) restored, none resent: ${statuses}${reasons.size ? ` (${[...reasons].join('; ')})` : ''}`);
  }
  return lines;
}
