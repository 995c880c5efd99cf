import { systemClock } from '@silvertine/core';
import type { BrokerErrorCode, Clock, ConnectionState, ErrorSeverity, EventBus, MetricsSink, OrderStatus, OrderType, SilvertineEvent, SilvertineEventType } from '@silvertine/core';
import { Registry } from 'prom-client';
import type { Subscription } from 'rxjs';
import { BrokerState, type BrokerMetricsSummary, type OrderTypeChildren } from './broker-state';
import type { HotCounterChild } from './hot-metrics';
import { CoarseTime } from './coarse-time';
import { LabelLimiter } from './label-limiter';
import { defineMetrics, type MetricDefinitions } from './metric-definitions';

/** Every bus event type; `satisfies` fails the build when core adds or removes one. */
const BUS_EVENT_TYPES = Object.keys({
  MarketData: true, Order: true, OrderUpdate: true, Fill: true, ConnectionState: true, BrokerError: true, Alert: true, PnL: true,
} satisfies Record<SilvertineEventType, true>) as SilvertineEventType[];

/** A bus being observed and its per-type delivery counts when observation began. */
interface ObservedBus {
  readonly bus: EventBus;
  readonly countsAtStart: ReadonlyMap<SilvertineEventType, number>;
}

/** Every how many bus events the delivery lag is sampled (see observeBus). */
const BUS_LAG_SAMPLE_EVERY = 61;

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
  /**
   * How old an order-path timestamp (which places orders, fills and latencies in windows) may be:
   * the clock is read at most once per this many ms there (default windowMs / 300, 1 s for 5 minutes).
   */
  readonly timeResolutionMs?: number;
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
  private killSwitchActive = false;
  /** Time for order-path timestamps, read at most once per `timeResolutionMs` (see CoarseTime). */
  private readonly time: CoarseTime;
  private lastBrokerId?: string;
  private lastState?: BrokerState;
  /** Observed buses and their delivery counts when observation began; counts are read at scrape time. */
  private readonly observedBuses: ObservedBus[] = [];
  /** Events counted on buses no longer observed, by type. */
  private readonly unobservedBusEvents = new Map<SilvertineEventType, number>();

  constructor(options: BrokerMetricsOptions = {}) {
    this.registry = options.registry ?? new Registry();
    this.clock = options.clock ?? systemClock;
    this.windowMs = options.windowMs ?? 5 * 60_000;
    this.brokerLabels = new LabelLimiter(options.maxBrokers ?? 32);
    this.maxSymbols = options.maxSymbolsPerBroker ?? 50;
    this.maxRateLimits = options.maxRateLimitsPerBroker ?? 8;
    this.reservoirSize = options.reservoirSize ?? 1024;
    for (const [id, venue] of Object.entries(options.venues ?? {})) this.venues.set(id, venue);
    this.time = new CoarseTime(this.clock, options.timeResolutionMs ?? Math.max(1, Math.floor(this.windowMs / 300)));
    this.m = defineMetrics(this.registry, { uptimeRatios: () => this.collectUptime(), busEventCounts: () => this.collectBusEventCounts() });
  }

  /** Names the venue of a broker (the `venue` label) before it reports anything. */
  registerBroker(brokerId: string, venue: string): void {
    this.venues.set(brokerId, venue);
    this.state(brokerId);
  }

  // ---- MetricsSink ---------------------------------------------------------------------------

  // The five methods below run for every order. Each keeps only its common case inline and leaves
  // the rest (a new broker, order type, status or symbol) to a separate method: V8 inlines them into the
  // broker's order path within a budget of bytecode per optimized function, and cold code spent there
  // displaces the broker's own inlining (measured by bench/metrics-overhead.bench.ts).

  orderSubmitted(brokerId: string, orderType: OrderType): void {
    const s = this.state(brokerId);
    s.submitted++;
    s.counts.addSubmitted(this.time.now());
    const c = s.orderTypeChildren;
    (c !== undefined && c.orderType === orderType ? c : this.switchOrderType(s, orderType)).submitted.value++;
  }

  /**
   * Submit to acknowledgement. Core's AbstractBroker passes the order type; a caller that does not is
   * attributed the latest submitted type of the broker: exact for sequential submissions, approximate
   * for concurrent orders of mixed types.
   */
  orderAcknowledged(brokerId: string, latencyMs: number, orderType?: OrderType): void {
    const s = this.state(brokerId);
    s.acknowledged++;
    s.ackLatency.record(latencyMs, this.time.now());
    this.childrenOf(s, orderType).ack.observe(latencyMs / 1000);
  }

  /** Submit to first fill; the order type is attributed as in `orderAcknowledged`. */
  orderFirstFill(brokerId: string, latencyMs: number, orderType?: OrderType): void {
    const s = this.state(brokerId);
    s.firstFillLatency.record(latencyMs, this.time.now());
    this.childrenOf(s, orderType).firstFill.observe(latencyMs / 1000);
  }

  orderFinished(brokerId: string, status: OrderStatus): void {
    const s = this.state(brokerId);
    const child = s.lastStatusChild;
    (child !== undefined && s.lastStatus === status ? child : this.switchStatus(s, status)).value++;
  }

  fill(brokerId: string, symbol: string): void {
    const s = this.state(brokerId);
    s.fills++;
    s.counts.addFill(this.time.now());
    const child = s.lastSymbolChild;
    (child !== undefined && s.lastSymbol === symbol ? child : this.switchSymbol(s, symbol)).value++;
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
    s.counts.addError(now);
    s.lastError = { code, severity, at: now };
    this.m.errors.labels(s.id, s.venue, code, severity).inc();
  }

  /**
   * A venue message failed its decoder and was dropped (core's AbstractBroker reports it with the
   * VenuePayloadError it publishes). Off the order path: a hostile venue's rate, not the order rate.
   */
  venueMessageRejected(brokerId: string, kind: string): void {
    const s = this.state(brokerId);
    s.rejectedMessages++;
    this.m.venueMessagesRejected.labels(s.id, s.venue, s.rejectedKinds.admit(kind)).inc();
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
   *
   * It listens with `bus.on` per event type rather than on `events$`: the bus skips its RxJS Subject
   * when nobody observes it, and one RxJS subscriber would put every event of every order through it.
   */
  observeBus(bus: EventBus): Subscription {
    const subscription = bus.failures$.subscribe(() => this.m.busSubscriberFailures.inc());
    // Nothing runs per order-path event: the bus counts deliveries (read at scrape time) and hands over a
    // sample for lag. A clock read (100-250 ns on some VMs) on each of the ~5 events of every order would
    // cost more than the rest of the metrics: 1 event in 61 is sampled (a prime, so the samples do not lock
    // onto one event type of the fixed 4- or 5-event pattern of each order, as 1 in 64 did). A quiet bus
    // still gets lag samples from market data: one a second or more after the last, from its handler.
    const observed: ObservedBus = { bus, countsAtStart: new Map(BUS_EVENT_TYPES.map((type) => [type, bus.deliveredCount(type)])) };
    this.observedBuses.push(observed);
    for (const type of BUS_EVENT_TYPES) this.m.busEvents.labels(type);
    const lagByType = new Map(BUS_EVENT_TYPES.map((type) => [type, this.m.busLag.labels(type)]));
    let nextTimedSampleAt = -Infinity;
    let lastSampled: SilvertineEvent | undefined;
    const sampleLag = (event: SilvertineEvent): void => {
      if (event === lastSampled) return; // due by count and by time at once: one sample
      lastSampled = event;
      nextTimedSampleAt = event.timestamp + 1000;
      lagByType.get(event.type)?.observe(Math.max(0, this.clock.now() - event.timestamp) / 1000);
    };
    subscription.add(bus.sample(BUS_LAG_SAMPLE_EVERY, sampleLag, 'monitoring:bus-lag'));
    // Only MarketData (stream freshness, timed lag samples) and BrokerError (last error) carry more than counts.
    subscription.add(bus.on('MarketData', (event) => {
      // a failover feed's republished event (source set) is no broker's stream: no broker row for its id
      if (event.brokerId && event.source === undefined) this.recordStreamActivity(event.brokerId, event.timestamp);
      if (event.timestamp >= nextTimedSampleAt) sampleLag(event);
    }, 'monitoring:metrics'));
    subscription.add(bus.on('BrokerError', (event) => {
      this.state(event.brokerId).lastError = { code: event.code, severity: event.severity, at: event.timestamp, message: event.message };
    }, 'monitoring:metrics'));
    subscription.add(() => {
      // Keep what was counted while observed; stop counting.
      this.observedBuses.splice(this.observedBuses.indexOf(observed), 1);
      for (const type of BUS_EVENT_TYPES) this.unobservedBusEvents.set(type, (this.unobservedBusEvents.get(type) ?? 0) + bus.deliveredCount(type) - (observed.countsAtStart.get(type) ?? 0));
    });
    this.busSubscriptions.push(subscription);
    return subscription;
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

  /** Ends bus subscriptions and the clock timer. The registry stays readable. */
  close(): void {
    this.time.close();
    for (const sub of this.busSubscriptions.splice(0)) sub.unsubscribe();
  }

  /** Bus event counts for a scrape: what observed buses delivered since observation began, plus what stopped buses had. */
  private collectBusEventCounts(): void {
    for (const type of BUS_EVENT_TYPES) {
      let count = this.unobservedBusEvents.get(type) ?? 0;
      for (const { bus, countsAtStart } of this.observedBuses) count += bus.deliveredCount(type) - (countsAtStart.get(type) ?? 0);
      this.m.busEvents.labels(type).value = count;
    }
  }

  /** The children of `orderType`, or of the latest submitted type when the caller names none. */
  private childrenOf(s: BrokerState, orderType: OrderType | undefined): OrderTypeChildren {
    const c = s.orderTypeChildren;
    return c !== undefined && (orderType === undefined || c.orderType === orderType) ? c : this.orderTypeChildren(s, orderType ?? 'MARKET');
  }

  /** Makes `orderType` the broker's latest submitted type; returns its children. */
  private switchOrderType(s: BrokerState, orderType: OrderType): OrderTypeChildren {
    return (s.orderTypeChildren = this.orderTypeChildren(s, orderType));
  }

  private orderTypeChildren(s: BrokerState, orderType: OrderType): OrderTypeChildren {
    let c = s.byOrderType.get(orderType);
    if (!c) {
      const latency = this.m.orderLatency;
      c = { orderType, submitted: this.m.ordersSubmitted.labels(s.id, s.venue, orderType), ack: latency.labels(s.id, s.venue, orderType, 'ack'), firstFill: latency.labels(s.id, s.venue, orderType, 'first_fill') };
      s.byOrderType.set(orderType, c);
    }
    return c;
  }

  /** The finished-orders child of `status`, kept as the broker's last one. */
  private switchStatus(s: BrokerState, status: OrderStatus): HotCounterChild {
    let child = s.finishedChildren.get(status);
    if (!child) s.finishedChildren.set(status, (child = this.m.ordersFinished.labels(s.id, s.venue, status)));
    s.lastStatus = status;
    s.lastStatusChild = child;
    return child;
  }

  /** The fills child of `symbol` (past the bound, `__other__`'s), kept as the broker's last one. */
  private switchSymbol(s: BrokerState, symbol: string): HotCounterChild {
    let child = s.fillCountChildren.get(symbol);
    if (!child) s.fillCountChildren.set(symbol, (child = this.m.fills.labels(s.id, s.venue, s.symbols.admit(symbol))));
    s.lastSymbol = symbol;
    s.lastSymbolChild = child;
    return child;
  }

  private state(brokerId: string): BrokerState {
    // Consecutive calls nearly always concern the same broker.
    const s = this.lastState;
    return s !== undefined && brokerId === this.lastBrokerId ? s : this.switchBroker(brokerId);
  }

  private switchBroker(brokerId: string): BrokerState {
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
