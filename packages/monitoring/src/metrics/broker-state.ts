import type { BrokerErrorCode, ConnectionState, ErrorSeverity, OrderStatus, OrderType } from '@silvertine/core';
import type { HotCounterChild, HotHistogramChild } from './hot-metrics';
import { LabelLimiter } from './label-limiter';
import { LatencyReservoir, RollingCounts, type LatencyStats, type WindowCounts } from './rolling-window';

/** The last error a broker reported. */
export interface LastError {
  readonly code: BrokerErrorCode;
  readonly severity: ErrorSeverity;
  readonly at: number;
  /** Present when the error was also seen on the bus (the sink carries no message). */
  readonly message?: string;
}

/** Rate-limit use of one named limit. */
export interface RateLimitUse {
  readonly limit: string;
  readonly used: number;
  readonly max: number;
  readonly ratio: number;
  readonly at: number;
}

/** What BrokerMetrics knows about one broker, for health scores, alerts, /health/detailed and the dashboard. */
export interface BrokerMetricsSummary {
  readonly brokerId: string;
  readonly venue: string;
  readonly connectionState: ConnectionState;
  readonly connectionSince: number;
  readonly uptimeRatio: number;
  readonly reconnects: number;
  readonly connectionFailures: number;
  readonly totals: {
    readonly submitted: number;
    readonly acknowledged: number;
    readonly fills: number;
    readonly finished: Readonly<Record<string, number>>;
    readonly errors: number;
  };
  /** Venue messages that failed their decoder and were dropped (see BrokerMetrics.venueMessageRejected). */
  readonly rejectedMessages: number;
  /** Counts over the recent window (`windowMs`). */
  readonly window: WindowCounts & { readonly windowMs: number; readonly errorRate: number };
  readonly ackLatency: LatencyStats;
  readonly firstFillLatency: LatencyStats;
  readonly rateLimits: readonly RateLimitUse[];
  readonly maxRateLimitRatio: number;
  readonly wsMessages: { readonly in: number; readonly out: number };
  /** Last time the broker's streams delivered anything (an incoming WebSocket message or market data). */
  readonly lastStreamAt?: number;
  readonly circuitOpen: boolean;
  readonly lastError?: LastError;
}

/** The metric children of one (broker, order type): found once, then reached through a field. */
export interface OrderTypeChildren {
  readonly orderType: OrderType;
  readonly submitted: HotCounterChild;
  readonly ack: HotHistogramChild;
  readonly firstFill: HotHistogramChild;
}

/** Mutable per-broker bookkeeping. Metric children are cached here so the hot path never builds label sets. */
export class BrokerState {
  connection: ConnectionState = 'DISCONNECTED';
  connectionSince: number;
  readonly firstSeenAt: number;
  connectedMs = 0;
  everConnected = false;
  reconnects = 0;
  connectionFailures = 0;
  submitted = 0;
  acknowledged = 0;
  fills = 0;
  errors = 0;
  rejectedMessages = 0;
  wsIn = 0;
  wsOut = 0;
  readonly counts: RollingCounts;
  readonly ackLatency: LatencyReservoir;
  readonly firstFillLatency: LatencyReservoir;
  readonly rateLimits = new Map<string, RateLimitUse>();
  readonly symbols: LabelLimiter;
  /** Message kinds labelling rejected venue messages; adapters name a handful, a bound keeps it so. */
  readonly rejectedKinds = new LabelLimiter(16);
  lastError?: LastError;
  lastStreamAt?: number;
  circuitOpen = false;

  /**
   * Cached label children, keyed by the varying label value. `orderTypeChildren` and the `last*` fields
   * hold the ones used last: consecutive orders nearly always share order type, symbol and status.
   */
  readonly byOrderType = new Map<OrderType, OrderTypeChildren>();
  /** Children of the latest submitted order type (they also label acks and fills that name no type). */
  orderTypeChildren?: OrderTypeChildren;
  /** Terminal orders by status; the children's values are the totals. */
  readonly finishedChildren = new Map<OrderStatus, HotCounterChild>();
  lastStatus?: OrderStatus;
  lastStatusChild?: HotCounterChild;
  readonly fillCountChildren = new Map<string, HotCounterChild>();
  lastSymbol?: string;
  lastSymbolChild?: HotCounterChild;

  constructor(readonly id: string, readonly venue: string, now: number, windowMs: number, maxSymbols: number, reservoirSize: number) {
    this.connectionSince = now;
    this.firstSeenAt = now;
    this.counts = new RollingCounts(windowMs);
    this.ackLatency = new LatencyReservoir(reservoirSize);
    this.firstFillLatency = new LatencyReservoir(reservoirSize);
    this.symbols = new LabelLimiter(maxSymbols);
  }

  /** Share of time CONNECTED since first seen; the current state counts when no time has passed. */
  uptimeRatio(now: number): number {
    const connected = this.connectedMs + (this.connection === 'CONNECTED' ? now - this.connectionSince : 0);
    const total = now - this.firstSeenAt;
    if (total <= 0) return this.connection === 'CONNECTED' ? 1 : 0;
    return Math.min(1, connected / total);
  }

  /** Terminal orders by status (only statuses seen). */
  finishedTotals(): Record<string, number> {
    const totals: Record<string, number> = {};
    for (const [status, child] of this.finishedChildren) totals[status] = child.value;
    return totals;
  }

  summary(now: number, windowMs: number): BrokerMetricsSummary {
    const window = this.counts.totals(now);
    const rateLimits = [...this.rateLimits.values()];
    return {
      brokerId: this.id,
      venue: this.venue,
      connectionState: this.connection,
      connectionSince: this.connectionSince,
      uptimeRatio: this.uptimeRatio(now),
      reconnects: this.reconnects,
      connectionFailures: this.connectionFailures,
      totals: { submitted: this.submitted, acknowledged: this.acknowledged, fills: this.fills, finished: this.finishedTotals(), errors: this.errors },
      rejectedMessages: this.rejectedMessages,
      window: { ...window, windowMs, errorRate: errorRate(window) },
      ackLatency: this.ackLatency.stats(now, windowMs),
      firstFillLatency: this.firstFillLatency.stats(now, windowMs),
      rateLimits,
      maxRateLimitRatio: rateLimits.reduce((max, r) => Math.max(max, r.ratio), 0),
      wsMessages: { in: this.wsIn, out: this.wsOut },
      lastStreamAt: this.lastStreamAt,
      circuitOpen: this.circuitOpen,
      lastError: this.lastError,
    };
  }
}

/**
 * Errors per order submitted in the window, capped at 1. Errors with no orders at all (a broker that
 * cannot even connect) count as a rate of 1: nothing it tried worked.
 */
export function errorRate(counts: WindowCounts): number {
  if (counts.errors === 0) return 0;
  return Math.min(1, counts.errors / Math.max(1, counts.submitted));
}
