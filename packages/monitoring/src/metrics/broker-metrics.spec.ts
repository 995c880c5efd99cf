import { EventBus, createEvent, dec, type Clock } from '@silvertine/core';
import { ManualClock, ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { findSamples, parsePrometheusText } from '../testing';
import { BrokerMetrics } from './broker-metrics';

async function scrape(metrics: BrokerMetrics) {
  return parsePrometheusText(await metrics.metricsText());
}

function broker(metrics: BrokerMetrics, bus = new EventBus(), clock?: Clock, id = 'ref-1') {
  return new ReferenceBroker({ id, bus, clock, metrics, config: { cash: { USDT: dec(1_000_000) } } });
}

describe('BrokerMetrics as core MetricsSink', () => {
  it('records orders, latencies, fills and outcomes from a real broker, with broker, venue and order_type labels', async () => {
    const clock = new ManualClock(1_000);
    const metrics = new BrokerMetrics({ clock, venues: { 'ref-1': 'reference' } });
    const b = broker(metrics, new EventBus(), clock);
    await b.connect();
    b.setPrice('BTCUSDT', dec('50000'));
    await b.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: dec('0.01') });
    await b.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('49000') });
    clock.advance(250);
    b.setPrice('BTCUSDT', dec('48900'));
    await expect(b.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: dec('1000') })).rejects.toThrow();

    const text = await scrape(metrics);
    const labels = { broker: 'ref-1', venue: 'reference' };
    expect(findSamples(text, 'silvertine_orders_submitted_total', { ...labels, order_type: 'MARKET' })[0].value).toBe(2);
    expect(findSamples(text, 'silvertine_orders_submitted_total', { ...labels, order_type: 'LIMIT' })[0].value).toBe(1);
    expect(findSamples(text, 'silvertine_orders_finished_total', { ...labels, status: 'FILLED' })[0].value).toBe(2);
    expect(findSamples(text, 'silvertine_orders_finished_total', { ...labels, status: 'REJECTED' })[0].value).toBe(1);
    expect(findSamples(text, 'silvertine_fills_total', { ...labels, symbol: 'BTCUSDT' })[0].value).toBe(2);
    expect(findSamples(text, 'silvertine_errors_total', { ...labels, code: 'INSUFFICIENT_FUNDS', severity: 'NON_RECOVERABLE' })).toHaveLength(1);
    // The resting LIMIT order filled 250 ms after submission (virtual time): it lands in the 0.25 s bucket, not below.
    const firstFill = findSamples(text, 'silvertine_order_latency_seconds_bucket', { ...labels, stage: 'first_fill' });
    const bucket = (le: string) => firstFill.filter((s) => s.labels['le'] === le).reduce((n, s) => n + s.value, 0);
    expect(bucket('0.1')).toBe(1);
    expect(bucket('0.25')).toBe(2);
    expect(findSamples(text, 'silvertine_order_latency_seconds_count', { ...labels, stage: 'ack', order_type: 'LIMIT' })[0].value).toBe(1);
    expect(findSamples(text, 'silvertine_broker_connected', labels)[0].value).toBe(1);
    expect(findSamples(text, 'silvertine_connection_state', { ...labels, state: 'CONNECTED' })[0].value).toBe(1);
    expect(findSamples(text, 'silvertine_connection_state', { ...labels, state: 'DISCONNECTED' })[0].value).toBe(0);
    await b.disconnect();
  });

  it('resolves microsecond latencies and 100 ms latencies into different buckets', async () => {
    const metrics = new BrokerMetrics();
    metrics.orderSubmitted('paper', 'MARKET');
    metrics.orderAcknowledged('paper', 0.004); // 4 µs
    metrics.orderSubmitted('venue', 'MARKET');
    metrics.orderAcknowledged('venue', 120);
    const text = await scrape(metrics);
    const le = (broker: string, bound: string) => findSamples(text, 'silvertine_order_latency_seconds_bucket', { broker, stage: 'ack', le: bound })[0].value;
    expect(le('paper', '0.000005')).toBe(1);
    expect(le('venue', '0.1')).toBe(0);
    expect(le('venue', '0.25')).toBe(1);
  });

  it('computes uptime ratio and counts reconnects and connection failures in virtual time', async () => {
    const clock = new ManualClock(0);
    const metrics = new BrokerMetrics({ clock });
    metrics.connectionState('b', 'CONNECTING', 0);
    metrics.connectionState('b', 'CONNECTED', 0);
    clock.set(600);
    metrics.connectionState('b', 'ERROR', 600);
    metrics.connectionState('b', 'RECONNECTING', 700);
    clock.set(1000);
    metrics.connectionState('b', 'CONNECTED', 1000);
    clock.set(1000);
    let s = metrics.summary('b')!;
    expect(s.uptimeRatio).toBeCloseTo(0.6);
    expect(s.reconnects).toBe(1);
    expect(s.connectionFailures).toBe(1);
    clock.set(2000);
    s = metrics.summary('b')!;
    expect(s.uptimeRatio).toBeCloseTo(0.8);
    const text = await scrape(metrics);
    expect(findSamples(text, 'silvertine_connection_uptime_ratio', { broker: 'b' })[0].value).toBeCloseTo(0.8);
    expect(findSamples(text, 'silvertine_reconnects_total', { broker: 'b' })[0].value).toBe(1);
    expect(findSamples(text, 'silvertine_connection_failures_total', { broker: 'b' })[0].value).toBe(1);
  });

  it('bounds label cardinality for brokers, symbols and rate limits', async () => {
    const metrics = new BrokerMetrics({ maxBrokers: 2, maxSymbolsPerBroker: 3, maxRateLimitsPerBroker: 1 });
    for (const id of ['a', 'b', 'c', 'd']) metrics.orderSubmitted(id, 'MARKET');
    for (const sym of ['S1', 'S2', 'S3', 'S4', 'S5']) metrics.fill('a', sym);
    metrics.recordRateLimit('a', 'REQUEST_WEIGHT', 600, 1200);
    metrics.recordRateLimit('a', 'ORDERS', 1, 10);
    const text = await scrape(metrics);
    const brokers = new Set(findSamples(text, 'silvertine_orders_submitted_total').map((s) => s.labels['broker']));
    expect([...brokers].sort()).toEqual(['__other__', 'a', 'b']);
    expect(findSamples(text, 'silvertine_orders_submitted_total', { broker: '__other__' })[0].value).toBe(2);
    const symbols = findSamples(text, 'silvertine_fills_total', { broker: 'a' });
    expect(symbols.map((s) => s.labels['symbol']).sort()).toEqual(['S1', 'S2', 'S3', '__other__']);
    expect(symbols.find((s) => s.labels['symbol'] === '__other__')!.value).toBe(2);
    expect(findSamples(text, 'silvertine_rate_limit_used_ratio', { broker: 'a' })).toEqual([expect.objectContaining({ labels: expect.objectContaining({ limit: 'REQUEST_WEIGHT' }), value: 0.5 })]);
    expect(metrics.brokerIds().sort()).toEqual(['__other__', 'a', 'b']);
  });

  it('keeps registries separate and never touches the global registry', async () => {
    const { register } = await import('prom-client');
    const a = new BrokerMetrics();
    const b = new BrokerMetrics();
    a.fill('x', 'BTCUSDT');
    expect(findSamples(await scrape(a), 'silvertine_fills_total')).toHaveLength(1);
    expect(findSamples(await scrape(b), 'silvertine_fills_total')).toHaveLength(0);
    expect(register.getSingleMetric('silvertine_fills_total')).toBeUndefined();
  });

  it('derives bus lag, stream freshness and error messages from the bus, and stops on close', async () => {
    const clock = new ManualClock(10_000);
    const bus = new EventBus();
    const metrics = new BrokerMetrics({ clock });
    metrics.observeBus(bus);
    bus.publish(createEvent({ type: 'MarketData', brokerId: 'b', data: { type: 'TRADE' } as never }, 9_700));
    bus.publish(createEvent({ type: 'BrokerError', brokerId: 'b', code: 'TIMEOUT', severity: 'RECOVERABLE', retryable: true, message: 'venue slow' }, 10_000));
    bus.on('Fill', () => { throw new Error('bad subscriber'); });
    bus.publish(createEvent({ type: 'Fill', brokerId: 'b' } as never, 10_000));
    const s = metrics.summary('b')!;
    expect(s.lastStreamAt).toBe(9_700);
    expect(s.lastError).toEqual({ code: 'TIMEOUT', severity: 'RECOVERABLE', at: 10_000, message: 'venue slow' });
    const text = await scrape(metrics);
    expect(findSamples(text, 'silvertine_event_bus_lag_seconds_bucket', { event_type: 'MarketData', le: '0.1' })[0].value).toBe(0);
    expect(findSamples(text, 'silvertine_event_bus_lag_seconds_bucket', { event_type: 'MarketData', le: '0.5' })[0].value).toBe(1);
    expect(findSamples(text, 'silvertine_event_bus_subscriber_failures_total')[0].value).toBe(1);
    metrics.close();
    bus.publish(createEvent({ type: 'MarketData', brokerId: 'b', data: {} as never }, 10_000));
    expect(findSamples(await scrape(metrics), 'silvertine_event_bus_events_total', { event_type: 'MarketData' })[0].value).toBe(1);
  });

  it('takes a failover feed\'s republished market data (source set) for no broker\'s stream', () => {
    const bus = new EventBus();
    const metrics = new BrokerMetrics({ clock: new ManualClock(10_000) });
    metrics.observeBus(bus);
    bus.publish(createEvent({ type: 'MarketData', brokerId: 'venue', data: {} as never }, 9_000));
    bus.publish(createEvent({ type: 'MarketData', brokerId: 'market_data:failover', source: 'venue:stream', data: {} as never }, 9_500));
    expect([metrics.brokerIds(), metrics.summary('venue')?.lastStreamAt]).toEqual([['venue'], 9_000]);
    metrics.close();
  });

  it('counts every order exactly, by order type, with timestamps no older than the time resolution', async () => {
    const clock = new ManualClock(0);
    const metrics = new BrokerMetrics({ clock, windowMs: 60_000, venues: { p: 'paper' } }); // resolution 200 ms
    for (let i = 0; i < 1_000; i++) {
      const type = i % 4 === 0 ? 'LIMIT' : 'MARKET';
      metrics.orderSubmitted('p', type);
      metrics.orderAcknowledged('p', 0.003, type);
      if (i % 2 === 0) {
        metrics.orderFirstFill('p', 0.004); // no type: the latest submitted one
        metrics.fill('p', i % 3 === 0 ? 'ETHUSDT' : 'BTCUSDT');
      }
      metrics.orderFinished('p', i % 2 === 0 ? 'FILLED' : 'CANCELED');
      if (i === 499) clock.set(30_000);
    }
    const text = await scrape(metrics);
    const value = (name: string, labels: Record<string, string>) => findSamples(text, name, { broker: 'p', venue: 'paper', ...labels })[0].value;
    expect(value('silvertine_orders_submitted_total', { order_type: 'MARKET' })).toBe(750);
    expect(value('silvertine_orders_submitted_total', { order_type: 'LIMIT' })).toBe(250);
    expect(value('silvertine_order_latency_seconds_count', { order_type: 'LIMIT', stage: 'ack' })).toBe(250);
    expect(value('silvertine_order_latency_seconds_count', { order_type: 'LIMIT', stage: 'first_fill' })).toBe(250);
    expect(value('silvertine_order_latency_seconds_count', { order_type: 'MARKET', stage: 'first_fill' })).toBe(250);
    expect(value('silvertine_order_latency_seconds_bucket', { order_type: 'MARKET', stage: 'ack', le: '0.000005' })).toBe(750);
    expect(value('silvertine_fills_total', { symbol: 'ETHUSDT' }) + value('silvertine_fills_total', { symbol: 'BTCUSDT' })).toBe(500);
    expect(value('silvertine_orders_finished_total', { status: 'FILLED' })).toBe(500);
    expect(value('silvertine_orders_finished_total', { status: 'CANCELED' })).toBe(500);
    const s = metrics.summary('p')!;
    expect(s.totals).toEqual({ submitted: 1_000, acknowledged: 1_000, fills: 500, finished: { FILLED: 500, CANCELED: 500 }, errors: 0 });
    expect(s.window.submitted).toBe(1_000);
    expect(s.ackLatency.count).toBe(1_000);
    clock.set(62_000); // the first 500 orders (t=0) leave the window, the last 500 (t=30 s) stay
    expect(metrics.summary('p')!.window.submitted).toBe(500);
    expect(metrics.summary('p')!.ackLatency.count).toBe(500);
    clock.set(62_150);
    metrics.orderSubmitted('p', 'MARKET'); // the timer marked the kept time stale at 30.2 s: stamped 62.15 s
    clock.set(92_100);
    expect(metrics.summary('p')!.window.submitted).toBe(1);
    metrics.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('counts every bus event of every type and samples lag 1 event in 61, and market data a second after the last sample', async () => {
    const clock = new ManualClock(5_000);
    const bus = new EventBus();
    const metrics = new BrokerMetrics({ clock });
    metrics.observeBus(bus);
    for (let i = 0; i < 130; i++) bus.publish(createEvent({ type: 'OrderUpdate', brokerId: 'b' } as never, 5_000));
    bus.publish(createEvent({ type: 'Order', brokerId: 'b' } as never, 6_000));
    const marketData = (t: number) => createEvent({ type: 'MarketData', data: { kind: 'trade', symbol: 'X', price: dec(1), size: dec(1), timestamp: t } }, t);
    bus.publish(marketData(5_999)); // less than a second after the last sample (t = 5,000): by count only
    bus.publish(marketData(6_000)); // a second after it: sampled
    bus.publish(marketData(6_500));
    const text = await scrape(metrics);
    expect(findSamples(text, 'silvertine_event_bus_events_total', { event_type: 'OrderUpdate' })[0].value).toBe(130);
    expect(findSamples(text, 'silvertine_event_bus_events_total', { event_type: 'Order' })[0].value).toBe(1);
    expect(findSamples(text, 'silvertine_event_bus_events_total', { event_type: 'MarketData' })[0].value).toBe(3);
    expect(findSamples(text, 'silvertine_event_bus_events_total', { event_type: 'Alert' })[0].value).toBe(0);
    expect(findSamples(text, 'silvertine_event_bus_lag_seconds_count', { event_type: 'OrderUpdate' })[0].value).toBe(3); // events 1, 62, 123
    expect(findSamples(text, 'silvertine_event_bus_lag_seconds_count', { event_type: 'Order' })[0].value).toBe(0); // event 131: not due by count
    expect(findSamples(text, 'silvertine_event_bus_lag_seconds_count', { event_type: 'MarketData' })[0].value).toBe(1);
    metrics.close();
  });

  it('counts only what a bus delivered while observed, and keeps it after observation stops', async () => {
    const bus = new EventBus();
    const metrics = new BrokerMetrics({ clock: new ManualClock(1_000) });
    const alert = () => createEvent({ type: 'Alert', severity: 'INFO', source: 't', message: 'm' }, 1_000);
    bus.publish(alert()); // before: not counted
    const observation = metrics.observeBus(bus);
    bus.publish(alert());
    bus.publish(alert());
    observation.unsubscribe();
    bus.publish(alert()); // after: not counted
    const again = new EventBus();
    metrics.observeBus(again);
    again.publish(alert());
    expect(findSamples(await scrape(metrics), 'silvertine_event_bus_events_total', { event_type: 'Alert' })[0].value).toBe(3);
    metrics.close();
  });

  it('reports process memory, CPU and WebSocket message counts', async () => {
    const metrics = new BrokerMetrics();
    metrics.recordWsMessage('b', 'in', 3);
    metrics.recordWsMessage('b', 'out');
    const text = await scrape(metrics);
    expect(findSamples(text, 'silvertine_process_resident_memory_bytes')[0].value).toBeGreaterThan(1_000_000);
    expect(findSamples(text, 'silvertine_process_cpu_seconds_total')[0].value).toBeGreaterThan(0);
    expect(findSamples(text, 'silvertine_ws_messages_total', { broker: 'b', direction: 'in' })[0].value).toBe(3);
    expect(text.types.get('silvertine_order_latency_seconds')).toBe('histogram');
  });
});
