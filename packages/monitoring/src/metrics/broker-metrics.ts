import { systemClock } from '@silvertine/core';
import type { BrokerErrorCode, Clock, ConnectionState, ErrorSeverity, EventBus, MetricsSink, OrderStatus, OrderType, SilvertineEvent } from '@silvertine/core';
import { Registry } from 'prom-client';
import type { Subscription } from 'rxjs';
import { BrokerState, type BrokerMetricsSummary } from './broker-state';
import type { HotCounterChild, HotHistogramChild } from './hot-metrics';
import { LabelLimiter } from './label-limiter';
import { defineMetrics, type MetricDefinitions } from './metric-definitions';

const CONNECTION_STATES: readonly ConnectionState[] = ['DISCONNECTED', 'CONNECTING', 'CONNECTED', 'ERROR', 'RECONNECTING'];

/** Options of BrokerMetrics. */
export interface BrokerMetricsOptions {
  /** Registry to register on; a new one by default (never prom-client's global registry). */
  readonly registry?: Registry;
  /** Time source for uptime, windows and freshness (a ManualClock in tests). */
  readonly clock?: Clock;
  /** Venue label per broker id (e.g. { 'binance-main': 'binance' }); `registerBroker` adds more. */
  readonly venues?: Readonly<Record<string, string>>;
  /** At most this many broker label values; later brokers share `__other__` (default 32). */
  readonly maxBrokers?: number;
  /** At most this many symbol label values per broker on fills (default 50). */
  readonly maxSymbolsPerBroker?: number;
  /** At most this many rate-limit names per broker (default 8). */
  readonly maxRateLimitsPerBroker?: number;
  /** Window for error rates and latency stats used by health and alerts (default 5 minutes). */
  readonly windowMs?: number;
  /** Latency samples kept per broker and stage for avg/p99 (default 1024). */
  readonly reservoirSize?: number;
}

/**
 * Core's MetricsSink on prom-client, plus what brokers report beyond the sink (rate-limit use,
 * WebSocket messages, circuit and kill-switch state) and what is derived from the event bus (bus lag,
 * stream freshness, error messages). It owns its Registry so several apps or tests never collide.
 *
 * Sink methods run on the order path: they update cached children holding plain numbers (see
 * hot-metrics.ts) and O(1) windows, never build label sets, and never throw.
 */
export class BrokerMetrics implements MetricsSink {
  readonly registry: Registry;
  readonly windowMs: number;
  private readonly clock: Clock;
  private readonly m: MetricDefinitions;
  private readonly brokers = new Map<string, BrokerState>();
  private readonly brokerLabels: LabelLimiter;
  private readonly venues = new Map<string, string>();
  private readonly maxSymbols: number;
  private readonly maxRateLimits: number;
  private readonly reservoirSize: number;
  private readonly busSubscriptions: Subscription[] = [];
  private readonly busChildren = new Map<string, { events: HotCounterChild; lag: HotHistogramChild }>();
  private killSwitchActive = false;
  /** Time of the latest submission, reused by the calls that follow it (see `recentNow`). */
  private lastNow?: number;
  private lastBrokerId?: string;
  private lastState?: BrokerState;
  private busEventsSeen = 0;

  constructor(options: BrokerMetricsOptions = {}) {
    this.registry = options.registry ?? new Registry();
    this.clock = options.clock ?? systemClock;
    this.windowMs = options.windowMs ?? 5 * 60_000;
    this.brokerLabels = new LabelLimiter(options.maxBrokers ?? 32);
    this.maxSymbols = options.maxSymbolsPerBroker ?? 50;
    this.maxRateLimits = options.maxRateLimitsPerBroker ?? 8;
    this.reservoirSize = options.reservoirSize ?? 1024;
    for (const [id, venue] of Object.entries(options.venues ?? {})) this.venues.set(id, venue);
    this.m = defineMetrics(this.registry, { uptimeRatios: () => this.collectUptime() });
  }

  /** Names the venue of a broker (the `venue` label) before it reports anything. */
  registerBroker(brokerId: string, venue: string): void {
    this.venues.set(brokerId, venue);
    this.state(brokerId);
  }

  // ---- MetricsSink ---------------------------------------------------------------------------

  orderSubmitted(brokerId: string, orderType: OrderType): void {
    const s = this.state(brokerId);
    s.submitted++;
    s.lastOrderType = orderType;
    const now = this.clock.now();
    this.lastNow = now;
    s.counts.add('submitted', now);
    let child = s.submittedChildren.get(orderType);
    if (!child) s.submittedChildren.set(orderType, (child = this.m.ordersSubmitted.labels(s.id, s.venue, orderType)));
    child.value++;
  }

  /**
   * Submit to acknowledgement. Core's sink does not pass the order type, so the latest submitted
   * type of the broker labels it: exact for sequential submissions, approximate for concurrent
   * orders of mixed types. The optional `orderType` is used when a caller passes it.
   */
  orderAcknowledged(brokerId: string, latencyMs: number, orderType?: OrderType): void {
    const s = this.state(brokerId);
    s.acknowledged++;
    s.ackLatency.record(latencyMs, this.recentNow());
    this.latencyChild(s, s.ackChildren, 'ack', orderType ?? s.lastOrderType).observe(latencyMs / 1000);
  }

  /** Submit to first fill; the order type is attributed as in `orderAcknowledged`. */
  orderFirstFill(brokerId: string, latencyMs: number, orderType?: OrderType): void {
    const s = this.state(brokerId);
    s.firstFillLatency.record(latencyMs, this.recentNow());
    this.latencyChild(s, s.fillChildren, 'first_fill', orderType ?? s.lastOrderType).observe(latencyMs / 1000);
  }

  orderFinished(brokerId: string, status: OrderStatus): void {
    const s = this.state(brokerId);
    s.finished[status] = (s.finished[status] ?? 0) + 1;
    let child = s.finishedChildren.get(status);
    if (!child) s.finishedChildren.set(status, (child = this.m.ordersFinished.labels(s.id, s.venue, status)));
    child.value++;
  }

  fill(brokerId: string, symbol: string): void {
    const s = this.state(brokerId);
    s.fills++;
    s.counts.add('fills', this.recentNow());
    let child = s.fillCountChildren.get(symbol);
    if (!child) s.fillCountChildren.set(symbol, (child = this.m.fills.labels(s.id, s.venue, s.symbols.admit(symbol))));
    child.value++;
  }

  connectionState(brokerId: string, state: ConnectionState, at: number): void {
    const s = this.state(brokerId);
    if (s.connection === 'CONNECTED' && state !== 'CONNECTED') s.connectedMs += Math.max(0, at - s.connectionSince);
    if (state === 'CONNECTED') {
      if (s.everConnected && s.connection !== 'CONNECTED') {
        s.reconnects++;
        this.m.reconnects.labels(s.id, s.venue).inc();
      }
      s.everConnected = true;
    }
    if (state === 'ERROR' && s.connection !== 'ERROR') {
      s.connectionFailures++;
      this.m.connectionFailures.labels(s.id, s.venue).inc();
    }
    if (state !== s.connection) s.connectionSince = at;
    s.connection = state;
    for (const candidate of CONNECTION_STATES) this.m.connectionState.labels(s.id, s.venue, candidate).set(candidate === state ? 1 : 0);
    this.m.connected.labels(s.id, s.venue).set(state === 'CONNECTED' ? 1 : 0);
  }

  error(brokerId: string, code: BrokerErrorCode, severity: ErrorSeverity): void {
    const s = this.state(brokerId);
    s.errors++;
    const now = this.clock.now();
    s.counts.add('errors', now);
    s.lastError = { code, severity, at: now };
    this.m.errors.labels(s.id, s.venue, code, severity).inc();
  }

  // ---- beyond the sink -------------------------------------------------------------------------

  /** Rate-limit use of a named limit (e.g. Binance REQUEST_WEIGHT 1200/min): `used` of `max`. */
  recordRateLimit(brokerId: string, limit: string, used: number, max: number): void {
    const s = this.state(brokerId);
    if (!s.rateLimits.has(limit) && s.rateLimits.size >= this.maxRateLimits) return;
    const ratio = max > 0 ? used / max : 0;
    s.rateLimits.set(limit, { limit, used, max, ratio, at: this.clock.now() });
    this.m.rateLimitUsedRatio.labels(s.id, s.venue, limit).set(ratio);
  }

  /** A WebSocket message in or out; incoming messages also mark the broker's streams fresh. */
  recordWsMessage(brokerId: string, direction: 'in' | 'out' = 'in', count = 1): void {
    const s = this.state(brokerId);
    if (direction === 'in') {
      s.wsIn += count;
      s.lastStreamAt = this.clock.now();
    } else {
      s.wsOut += count;
    }
    this.m.wsMessages.labels(s.id, s.venue, direction).inc(count);
  }

  /** Marks the broker's streams as having delivered something now (for freshness). */
  recordStreamActivity(brokerId: string, at: number = this.clock.now()): void {
    this.state(brokerId).lastStreamAt = at;
  }

  /** Circuit-breaker state of a broker (reported by the resilience layer). */
  setCircuitOpen(brokerId: string, open: boolean): void {
    const s = this.state(brokerId);
    s.circuitOpen = open;
    this.m.circuitOpen.labels(s.id, s.venue).set(open ? 1 : 0);
  }

  /** Kill-switch state of the process. */
  setKillSwitch(active: boolean): void {
    this.killSwitchActive = active;
    this.m.killSwitch.set(active ? 1 : 0);
  }

  get killSwitch(): boolean {
    return this.killSwitchActive;
  }

  /** Health score gauge (written by BrokerHealthMonitor). */
  setHealthScore(brokerId: string, score: number): void {
    const s = this.state(brokerId);
    this.m.healthScore.labels(s.id, s.venue).set(score);
  }

  /** Counts an alert transition (written by AlertManager). */
  recordAlert(rule: string, severity: string, state: 'firing' | 'resolved'): void {
    this.m.alerts.labels(rule, severity, state).inc();
  }

  /**
   * Derives bus metrics from `bus`: delivery lag and counts per event type, subscriber failures,
   * stream freshness (market data of a broker) and error messages for `lastError`.
   * Returns the subscription; `close()` also ends it.
   */
  observeBus(bus: EventBus): Subscription {
    const events = bus.subscribeIsolated(bus.events$, (event) => this.onBusEvent(event), 'monitoring:metrics');
    events.add(bus.failures$.subscribe(() => this.m.busSubscriberFailures.inc()));
    this.busSubscriptions.push(events);
    return events;
  }

  /** Broker ids (as labelled) that have reported anything. */
  brokerIds(): string[] {
    return [...this.brokers.keys()];
  }

  /** A summary of one broker, or undefined if it never reported. */
  summary(brokerId: string): BrokerMetricsSummary | undefined {
    return this.brokers.get(brokerId)?.summary(this.clock.now(), this.windowMs);
  }

  /** Summaries of every broker. */
  summaries(): BrokerMetricsSummary[] {
    const now = this.clock.now();
    return [...this.brokers.values()].map((s) => s.summary(now, this.windowMs));
  }

  /** The Prometheus text exposition of every metric. */
  metricsText(): Promise<string> {
    return this.registry.metrics();
  }

  /** Content-Type of `metricsText()`. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Names of every registered metric (without _bucket/_sum/_count suffixes). */
  metricNames(): string[] {
    return this.registry.getMetricsAsArray().map((metric) => (metric as unknown as { name: string }).name);
  }

  /** Ends bus subscriptions. The registry stays readable. */
  close(): void {
    for (const sub of this.busSubscriptions.splice(0)) sub.unsubscribe();
  }

  private onBusEvent(event: SilvertineEvent): void {
    let children = this.busChildren.get(event.type);
    if (!children) this.busChildren.set(event.type, (children = { events: this.m.busEvents.labels(event.type), lag: this.m.busLag.labels(event.type) }));
    children.events.value++;
    // Lag is sampled (1 event in 8) because reading the clock on each of the ~5 events of every order
    // would cost more than the rest of the bus metrics; the distribution survives sampling.
    if ((this.busEventsSeen++ & 7) === 0) children.lag.observe(Math.max(0, this.clock.now() - event.timestamp) / 1000);
    // Only market data counts for freshness: an idle account sends no order updates and is not stale.
    if (event.type === 'MarketData' && event.brokerId) this.recordStreamActivity(event.brokerId, event.timestamp);
    else if (event.type === 'BrokerError') {
      const s = this.state(event.brokerId);
      s.lastError = { code: event.code, severity: event.severity, at: event.timestamp, message: event.message };
    }
  }

  private latencyChild(s: BrokerState, cache: Map<string, HotHistogramChild>, stage: string, orderType: string): HotHistogramChild {
    let child = cache.get(orderType);
    if (!child) cache.set(orderType, (child = this.m.orderLatency.labels(s.id, s.venue, orderType, stage)));
    return child;
  }

  /**
   * The time of the latest submission. Acknowledgements, first fills and fills follow a submission
   * closely, and their timestamps only place them in 5-minute windows, so they reuse it instead of
   * reading the clock again (Date.now costs ~80 ns on some VMs, more than the rest of a sink call).
   */
  private recentNow(): number {
    return this.lastNow ?? this.clock.now();
  }

  private state(brokerId: string): BrokerState {
    // Consecutive calls nearly always concern the same broker.
    if (brokerId === this.lastBrokerId && this.lastState) return this.lastState;
    // Past the bound, new ids share the `__other__` state (admit is a Set lookup for known ids).
    const label = this.brokerLabels.admit(brokerId);
    let s = this.brokers.get(label);
    if (!s) {
      s = new BrokerState(label, this.venues.get(brokerId) ?? 'unknown', this.clock.now(), this.windowMs, this.maxSymbols, this.reservoirSize);
      this.brokers.set(label, s);
    }
    this.lastBrokerId = brokerId;
    this.lastState = s;
    return s;
  }

  private collectUptime(): void {
    const now = this.clock.now();
    for (const s of this.brokers.values()) this.m.uptimeRatio.labels(s.id, s.venue).set(s.uptimeRatio(now));
  }
}
