import { systemClock, type Clock, type EventBus, type TimerHandle } from '@silvertine/core';
import type { Subscription } from 'rxjs';
import type { BrokerHealthMonitor } from '../health/broker-health-monitor';
import type { BrokerMetrics } from '../metrics/broker-metrics';
import { ORDER_LATENCY_BUCKETS_SECONDS } from '../metrics/latency-buckets';
import {
  dashboardBrokers, latencySeries, toDashboardAlert, toDashboardFill, type DashboardAlert, type DashboardFill, type DashboardSnapshot,
} from './dashboard-snapshot';
import { shadowPanel } from './dashboard-shadow';
import { DashboardChartSeries } from './dashboard-charts';

/** Options of DashboardFeed. */
export interface DashboardFeedOptions {
  readonly bus: EventBus;
  readonly metrics: BrokerMetrics;
  readonly health: BrokerHealthMonitor;
  readonly clock?: Clock;
  /** Recent fills and alerts kept (default 50 each). */
  readonly historySize?: number;
  /** A change is pushed at most this often (default 100 ms), so a burst of fills is one push. */
  readonly throttleMs?: number;
  /** A snapshot is pushed at least this often while someone listens (default 1000 ms), for memory and CPU. */
  readonly intervalMs?: number;
  /** Points kept per chart series (a ring; default 2,000). */
  readonly chartPoints?: number;
  /** Market data closer than this to a series' previous point replaces it (default 250 ms of event time). */
  readonly chartIntervalMs?: number;
}

/** Receives snapshots. */
export type SnapshotListener = (snapshot: DashboardSnapshot) => void;

/**
 * Collects what the dashboard shows (recent fills and alerts from the bus, broker rows from health,
 * latency histograms from the registry, process memory and CPU) and pushes snapshots to listeners when
 * something changes. Timers run only while there are listeners.
 */
export class DashboardFeed {
  private readonly metrics: BrokerMetrics;
  private readonly health: BrokerHealthMonitor;
  private readonly clock: Clock;
  private readonly historySize: number;
  private readonly throttleMs: number;
  private readonly intervalMs: number;
  private readonly fills: DashboardFill[] = [];
  private readonly alerts: DashboardAlert[] = [];
  private readonly listeners = new Set<SnapshotListener>();
  private readonly charts: DashboardChartSeries;
  private readonly subscription: Subscription;
  private changeTimer?: TimerHandle;
  private tickTimer?: TimerHandle;
  private lastCpu = { usage: process.cpuUsage(), at: process.hrtime.bigint() };
  private closed = false;

  constructor(options: DashboardFeedOptions) {
    this.metrics = options.metrics;
    this.health = options.health;
    this.clock = options.clock ?? systemClock;
    this.historySize = options.historySize ?? 50;
    this.throttleMs = options.throttleMs ?? 100;
    this.intervalMs = options.intervalMs ?? 1000;
    this.charts = new DashboardChartSeries(options.chartPoints ?? 2000, options.chartIntervalMs ?? 250);
    const bus = options.bus;
    this.subscription = bus.on('Fill', (e) => {
      this.charts.onFill(e);
      this.remember(this.fills, toDashboardFill(e));
    }, 'monitoring:dashboard');
    this.subscription.add(bus.on('MarketData', (e) => {
      if (this.charts.onMarketData(e)) this.changed();
    }, 'monitoring:dashboard'));
    this.subscription.add(bus.on('Alert', (e) => this.remember(this.alerts, toDashboardAlert(e)), 'monitoring:dashboard'));
    this.subscription.add(bus.on('ConnectionState', () => this.changed(), 'monitoring:dashboard'));
    this.subscription.add(bus.on('OrderUpdate', () => this.changed(), 'monitoring:dashboard'));
  }

  /** Adds a listener; returns a function that removes it. */
  subscribe(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.scheduleTick();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopTimers();
    };
  }

  /** The current snapshot. */
  async snapshot(): Promise<DashboardSnapshot> {
    const report = this.health.check();
    return {
      at: this.clock.now(),
      status: report.status,
      brokers: dashboardBrokers(report),
      latencyBuckets: ORDER_LATENCY_BUCKETS_SECONDS,
      latency: await latencySeries(this.metrics),
      process: { rssBytes: process.memoryUsage.rss(), heapUsedBytes: process.memoryUsage().heapUsed, cpuPercent: this.cpuPercent() },
      fills: [...this.fills].reverse(),
      alerts: [...this.alerts].reverse(),
      shadow: await shadowPanel(this.metrics.registry),
      charts: this.charts.charts(),
    };
  }

  /** Ends bus subscriptions and timers; listeners get nothing more. */
  close(): void {
    this.closed = true;
    this.subscription.unsubscribe();
    this.listeners.clear();
    this.stopTimers();
  }

  private remember<T>(list: T[], item: T): void {
    list.push(item);
    if (list.length > this.historySize) list.shift();
    this.changed();
  }

  private changed(): void {
    if (this.closed || this.listeners.size === 0 || this.changeTimer) return;
    this.changeTimer = this.clock.setTimeout(() => {
      this.changeTimer = undefined;
      void this.push();
    }, this.throttleMs);
  }

  private scheduleTick(): void {
    this.tickTimer = this.clock.setTimeout(() => {
      this.tickTimer = undefined;
      if (this.listeners.size === 0 || this.closed) return;
      void this.push();
      this.scheduleTick();
    }, this.intervalMs);
  }

  private stopTimers(): void {
    this.changeTimer?.cancel();
    this.changeTimer = undefined;
    this.tickTimer?.cancel();
    this.tickTimer = undefined;
  }

  private async push(): Promise<void> {
    if (this.listeners.size === 0) return;
    const snapshot = await this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }

  /** Process CPU use since the previous call, in percent of one core (wall time, not the injected clock). */
  private cpuPercent(): number {
    const usage = process.cpuUsage();
    const at = process.hrtime.bigint();
    const cpuMicros = usage.user - this.lastCpu.usage.user + (usage.system - this.lastCpu.usage.system);
    const wallMicros = Number(at - this.lastCpu.at) / 1000;
    this.lastCpu = { usage, at };
    return wallMicros > 0 ? Math.round((cpuMicros / wallMicros) * 1000) / 10 : 0;
  }
}
