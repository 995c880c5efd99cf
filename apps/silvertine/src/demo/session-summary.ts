import { Decimal, isTerminalStatus, type Broker, type EventBus, type OrderStatus } from '@silvertine/core';
import type { Subscription } from 'rxjs';

/** What a session did, for the closing report. Money stays Decimal; only latencies are numbers. */
export interface SessionReport {
  readonly orders: number;
  /** Every order of the session by its status at the end: terminal ones and those still open. */
  readonly byStatus: Readonly<Partial<Record<OrderStatus, number>>>;
  /** Orders of the session still open at the end (resting at the venue, partly filled, or awaiting an answer). */
  readonly open: number;
  /** Their client order ids, oldest first. */
  readonly openOrders: readonly string[];
  readonly fills: number;
  readonly fees: Readonly<Record<string, string>>;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly equity: string;
  /** Milliseconds on the session's clock from submission to the first fill (latency model + waiting for the market). */
  readonly fillLatencyMs: { readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number; readonly samples: number };
}

/**
 * Watches the bus during a session and reports orders, fills, fees, P&L and latency percentiles.
 * Latency comes from event timestamps, i.e. the session's clock: virtual time in a backtest (so it shows
 * the simulated venue latency), wall-clock time live.
 */
export class SessionSummary {
  private readonly seen = new Set<string>();
  private readonly started = new Map<string, number>();
  private readonly latencies: number[] = [];
  /** Each order's latest status, in the order the orders were first seen. */
  private readonly latest = new Map<string, OrderStatus>();
  private readonly fees = new Map<string, Decimal>();
  private fills = 0;
  private readonly subscriptions: Subscription[] = [];

  constructor(private readonly bus: EventBus, private readonly brokerId: string) {}

  start(): void {
    this.subscriptions.push(
      this.bus.on('OrderUpdate', (e) => {
        if (e.brokerId !== this.brokerId) return;
        const id = e.order.clientOrderId;
        if (!this.seen.has(id)) {
          this.seen.add(id);
          this.started.set(id, e.timestamp);
        }
        // a late update of an order already final (a replayed or reordered one) never reopens it
        const known = this.latest.get(id);
        if (known === undefined || !isTerminalStatus(known)) this.latest.set(id, e.order.status);
      }, 'session-summary'),
      this.bus.on('Fill', (e) => {
        if (e.brokerId !== this.brokerId) return;
        this.fills++;
        const { commission, commissionAsset, clientOrderId } = e.fill;
        this.fees.set(commissionAsset, (this.fees.get(commissionAsset) ?? Decimal.ZERO).plus(commission));
        const t0 = this.started.get(clientOrderId);
        if (t0 !== undefined) {
          this.latencies.push(e.timestamp - t0);
          this.started.delete(clientOrderId);
        }
      }, 'session-summary'),
    );
  }

  stop(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }

  /**
   * The session's figures. The venue's open orders are asked for at the end: an order the venue still
   * lists open counts as open with the venue's status, whatever update the bus last carried.
   */
  async report(broker: Broker): Promise<SessionReport> {
    const statuses = new Map(this.latest);
    for (const order of await broker.getOpenOrders()) if (statuses.has(order.clientOrderId)) statuses.set(order.clientOrderId, order.status);
    const byStatus: Partial<Record<OrderStatus, number>> = {};
    for (const status of statuses.values()) byStatus[status] = (byStatus[status] ?? 0) + 1;
    const openOrders = [...statuses].filter(([, status]) => !isTerminalStatus(status)).map(([id]) => id);
    const positions = await broker.getPositions();
    const account = await broker.getAccountInfo();
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const pick = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);
    return {
      orders: this.seen.size,
      byStatus,
      open: openOrders.length,
      openOrders,
      fills: this.fills,
      fees: Object.fromEntries([...this.fees].map(([asset, amount]) => [asset, amount.toString()])),
      realizedPnl: Decimal.sum(positions.map((p) => p.realizedPnl)).toString(),
      unrealizedPnl: Decimal.sum(positions.map((p) => p.unrealizedPnl)).toString(),
      equity: account.equity.toString(),
      fillLatencyMs: { p50: pick(0.5), p90: pick(0.9), p99: pick(0.99), max: sorted.length ? sorted[sorted.length - 1] : 0, samples: sorted.length },
    };
  }
}
