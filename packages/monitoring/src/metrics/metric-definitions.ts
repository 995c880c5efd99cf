import { Counter, Gauge, type Registry } from 'prom-client';
import { HotCounter, HotHistogram } from './hot-metrics';
import { BUS_LAG_BUCKETS_SECONDS, ORDER_LATENCY_BUCKETS_SECONDS } from './latency-buckets';

/**
 * Every Prometheus metric BrokerMetrics registers, by role. Names follow Prometheus conventions. What
 * the order path or every bus event touches is a Hot* metric (plain numbers, built at scrape time).
 */
export interface MetricDefinitions {
  readonly orderLatency: HotHistogram<'broker' | 'venue' | 'order_type' | 'stage'>;
  readonly ordersSubmitted: HotCounter<'broker' | 'venue' | 'order_type'>;
  readonly ordersFinished: HotCounter<'broker' | 'venue' | 'status'>;
  readonly fills: HotCounter<'broker' | 'venue' | 'symbol'>;
  readonly errors: Counter<'broker' | 'venue' | 'code' | 'severity'>;
  readonly connectionState: Gauge<'broker' | 'venue' | 'state'>;
  readonly connected: Gauge<'broker' | 'venue'>;
  readonly uptimeRatio: Gauge<'broker' | 'venue'>;
  readonly reconnects: Counter<'broker' | 'venue'>;
  readonly connectionFailures: Counter<'broker' | 'venue'>;
  readonly rateLimitUsedRatio: Gauge<'broker' | 'venue' | 'limit'>;
  readonly wsMessages: Counter<'broker' | 'venue' | 'direction'>;
  readonly venueMessagesRejected: Counter<'broker' | 'venue' | 'kind'>;
  readonly busLag: HotHistogram<'event_type'>;
  readonly busEvents: HotCounter<'event_type'>;
  readonly busSubscriberFailures: Counter<string>;
  readonly healthScore: Gauge<'broker' | 'venue'>;
  readonly circuitOpen: Gauge<'broker' | 'venue'>;
  readonly killSwitch: Gauge<string>;
  readonly alerts: Counter<'rule' | 'severity' | 'state'>;
  readonly residentMemory: Gauge<string>;
  readonly heapUsed: Gauge<string>;
  readonly cpuSeconds: Counter<string>;
  readonly processUptime: Gauge<string>;
}

/** Hooks that compute values at scrape time (uptime ratios, bus event counts), instead of on every event. */
export interface ScrapeHooks {
  readonly uptimeRatios: () => void;
  readonly busEventCounts: () => void;
}

/** Creates and registers every metric on `registry` (never the global one). */
export function defineMetrics(registry: Registry, hooks: ScrapeHooks): MetricDefinitions {
  const registers = [registry];
  const brokerLabels = ['broker', 'venue'] as const;
  return {
    orderLatency: new HotHistogram(
      'silvertine_order_latency_seconds',
      'Order latency: stage="ack" is submit to venue acknowledgement, stage="first_fill" is submit to first fill',
      ['broker', 'venue', 'order_type', 'stage'],
      ORDER_LATENCY_BUCKETS_SECONDS,
      registry,
    ),
    ordersSubmitted: new HotCounter('silvertine_orders_submitted_total', 'Orders sent to a venue', ['broker', 'venue', 'order_type'], registry),
    ordersFinished: new HotCounter('silvertine_orders_finished_total', 'Orders that reached a terminal status, by status (FILLED, CANCELED, REJECTED, EXPIRED)', ['broker', 'venue', 'status'], registry),
    fills: new HotCounter('silvertine_fills_total', 'Executions (each tradeId once); symbols beyond the per-broker bound count as __other__', ['broker', 'venue', 'symbol'], registry),
    errors: new Counter({ name: 'silvertine_errors_total', help: 'Classified broker errors by code and severity', labelNames: ['broker', 'venue', 'code', 'severity'], registers }),
    connectionState: new Gauge({ name: 'silvertine_connection_state', help: '1 for the current connection state of a broker, 0 for the others', labelNames: ['broker', 'venue', 'state'], registers }),
    connected: new Gauge({ name: 'silvertine_broker_connected', help: '1 while the broker is CONNECTED', labelNames: [...brokerLabels], registers }),
    uptimeRatio: new Gauge({
      name: 'silvertine_connection_uptime_ratio',
      help: 'Share of time CONNECTED since the broker was first seen (0..1)',
      labelNames: [...brokerLabels],
      registers,
      collect: () => hooks.uptimeRatios(),
    }),
    reconnects: new Counter({ name: 'silvertine_reconnects_total', help: 'Times a broker became CONNECTED again after having been connected', labelNames: [...brokerLabels], registers }),
    connectionFailures: new Counter({ name: 'silvertine_connection_failures_total', help: 'Transitions into the ERROR connection state', labelNames: [...brokerLabels], registers }),
    rateLimitUsedRatio: new Gauge({ name: 'silvertine_rate_limit_used_ratio', help: 'Rate-limit use: weight (or count) used divided by the limit, per limit', labelNames: ['broker', 'venue', 'limit'], registers }),
    wsMessages: new Counter({ name: 'silvertine_ws_messages_total', help: 'WebSocket messages by direction (in, out)', labelNames: ['broker', 'venue', 'direction'], registers }),
    venueMessagesRejected: new Counter({
      name: 'silvertine_venue_messages_rejected_total',
      help: 'Venue messages that failed their decoder and were dropped without changing state, by message kind (kinds beyond 16 per broker count as __other__)',
      labelNames: ['broker', 'venue', 'kind'],
      registers,
    }),
    busLag: new HotHistogram('silvertine_event_bus_lag_seconds', 'Delay from event creation to delivery on the observed bus', ['event_type'], BUS_LAG_BUCKETS_SECONDS, registry),
    busEvents: new HotCounter('silvertine_event_bus_events_total', 'Events delivered on the observed bus', ['event_type'], registry, () => hooks.busEventCounts()),
    busSubscriberFailures: new Counter({ name: 'silvertine_event_bus_subscriber_failures_total', help: 'Bus subscribers that threw (isolated by the bus)', registers }),
    healthScore: new Gauge({ name: 'silvertine_broker_health_score', help: 'Health score of a broker from 0 (down) to 1 (healthy)', labelNames: [...brokerLabels], registers }),
    circuitOpen: new Gauge({ name: 'silvertine_circuit_open', help: '1 while the circuit breaker of a broker is open', labelNames: [...brokerLabels], registers }),
    killSwitch: new Gauge({ name: 'silvertine_kill_switch_active', help: '1 while the kill switch blocks new orders', registers }),
    alerts: new Counter({ name: 'silvertine_alerts_total', help: 'Alerts raised and resolved by the monitoring alert manager', labelNames: ['rule', 'severity', 'state'], registers }),
    residentMemory: new Gauge({ name: 'silvertine_process_resident_memory_bytes', help: 'Resident set size of the process', registers, collect() { this.set(process.memoryUsage.rss()); } }),
    heapUsed: new Gauge({ name: 'silvertine_process_heap_used_bytes', help: 'V8 heap in use', registers, collect() { this.set(process.memoryUsage().heapUsed); } }),
    cpuSeconds: new Counter({
      name: 'silvertine_process_cpu_seconds_total',
      help: 'User and system CPU time of the process',
      registers,
      collect() {
        const { user, system } = process.cpuUsage();
        this.reset();
        this.inc((user + system) / 1e6);
      },
    }),
    processUptime: new Gauge({ name: 'silvertine_process_uptime_seconds', help: 'Seconds since the process started', registers, collect() { this.set(process.uptime()); } }),
  };
}
