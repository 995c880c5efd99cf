import { EventBus } from '@silvertine/core';
import { ManualClock, ReferenceBroker } from '@silvertine/core/testing';
import { findSamples, parsePrometheusText } from '../testing';
import { BrokerMetrics } from '../metrics/broker-metrics';
import { BrokerHealthMonitor } from './broker-health-monitor';

function setup() {
  const clock = new ManualClock(0);
  const metrics = new BrokerMetrics({ clock, windowMs: 60_000 });
  const health = new BrokerHealthMonitor({ metrics, clock });
  return { clock, metrics, health };
}

function connected(metrics: BrokerMetrics, id: string) {
  metrics.connectionState(id, 'CONNECTING', 0);
  metrics.connectionState(id, 'CONNECTED', 0);
}

describe('BrokerHealthMonitor', () => {
  it('scores a connected broker within targets 1 and healthy; no brokers is healthy', () => {
    const { metrics, health } = setup();
    expect(health.check().status).toBe('healthy');
    connected(metrics, 'a');
    for (let i = 0; i < 100; i++) {
      metrics.orderSubmitted('a', 'MARKET');
      metrics.orderAcknowledged('a', 20);
    }
    const report = health.check();
    expect(report.status).toBe('healthy');
    expect(report.brokers[0]).toMatchObject({ brokerId: 'a', score: 1, status: 'healthy', reasons: [] });
  });

  it('makes a disconnected broker unhealthy and the worst broker decides overall', () => {
    const { metrics, health } = setup();
    connected(metrics, 'a');
    metrics.connectionState('b', 'CONNECTING', 0);
    metrics.connectionState('b', 'ERROR', 0);
    const report = health.check();
    const b = report.brokers.find((x) => x.brokerId === 'b')!;
    expect(b.status).toBe('unhealthy');
    expect(b.score).toBeCloseTo(0.65);
    expect(b.reasons).toEqual(['connection is ERROR']);
    expect(report.status).toBe('unhealthy');
  });

  it('degrades with latency over avg 500 ms / p99 1000 ms targets', () => {
    const { metrics, health } = setup();
    connected(metrics, 'a');
    for (let i = 0; i < 100; i++) metrics.orderAcknowledged('a', 1000); // avg 2x, p99 = target
    let h = health.brokerHealth('a')!;
    expect(h.components.latency).toBeCloseTo(0.75);
    expect(h.status).toBe('healthy'); // 1 - 0.25 * 0.25
    for (let i = 0; i < 100; i++) metrics.orderAcknowledged('a', 4000);
    h = health.brokerHealth('a')!;
    expect(h.components.latency).toBeLessThan(0.3);
    expect(h.status).toBe('degraded');
    expect(h.reasons.join()).toMatch(/p99 latency 4000.0 ms over 1000 ms/);
  });

  it('scores error rate over 1 %, rate-limit headroom and stream freshness, and forgets errors after the window', () => {
    const { clock, metrics, health } = setup();
    connected(metrics, 'a');
    for (let i = 0; i < 100; i++) metrics.orderSubmitted('a', 'LIMIT');
    metrics.error('a', 'TIMEOUT', 'RECOVERABLE');
    expect(health.brokerHealth('a')!.components.errors).toBe(1); // exactly 1 %
    for (let i = 0; i < 4; i++) metrics.error('a', 'TIMEOUT', 'RECOVERABLE');
    expect(health.brokerHealth('a')!.components.errors).toBeCloseTo(1 - 0.04 / 0.09);
    metrics.recordRateLimit('a', 'REQUEST_WEIGHT', 1080, 1200);
    expect(health.brokerHealth('a')!.components.rateLimit).toBeCloseTo(0.5);
    metrics.recordStreamActivity('a', 0);
    clock.set(45_000);
    expect(health.brokerHealth('a')!.components.freshness).toBeCloseTo(0.5);
    clock.set(62_000); // the window moves in slices of windowMs/30 = 2 s
    const h = health.brokerHealth('a')!;
    expect(h.components.errors).toBe(1);
    expect(h.components.freshness).toBe(0);
    expect(h.reasons).toContain('no stream data for 62 s');
  });

  it('treats an open circuit as lost connectivity and writes the score gauge', async () => {
    const { metrics, health } = setup();
    connected(metrics, 'a');
    metrics.setCircuitOpen('a', true);
    expect(health.brokerHealth('a')!.status).toBe('unhealthy');
    const text = parsePrometheusText(await metrics.metricsText());
    expect(findSamples(text, 'silvertine_broker_health_score', { broker: 'a' })[0].value).toBeCloseTo(0.65);
  });

  it('watches a broker that was not built with the metrics sink', async () => {
    const { health } = setup();
    const broker = new ReferenceBroker({ id: 'plain', bus: new EventBus(), config: { cash: {} } });
    health.watch(broker);
    expect(health.brokerHealth('plain')!.metrics.connectionState).toBe('DISCONNECTED');
    await broker.connect();
    expect(health.brokerHealth('plain')!.status).toBe('healthy');
    health.close();
    await broker.disconnect();
    expect(health.brokerHealth('plain')!.metrics.connectionState).toBe('CONNECTED');
  });
});
