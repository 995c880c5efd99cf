import { CORE_TOKENS, createCoreModule, dec, type BrokerRegistry, type Clock, type EventBus, type MetricsSink } from '@silvertine/core';
import { ManualClock, ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { Container } from 'inversify';
import { BrokerMetrics } from '../metrics/broker-metrics';
import type { Monitoring } from '../monitoring';
import { createMonitoringModule } from './monitoring.module';
import { MONITORING_TOKENS } from './monitoring.tokens';

describe('createMonitoringModule', () => {
  it('rebinds CORE_TOKENS.MetricsSink to BrokerMetrics, so brokers built from the container are measured', async () => {
    const clock = new ManualClock(5_000);
    const container = new Container();
    container.loadSync(createCoreModule({ clock }));
    container.loadSync(createMonitoringModule());
    const sink = container.get<MetricsSink>(CORE_TOKENS.MetricsSink);
    const metrics = container.get<BrokerMetrics>(MONITORING_TOKENS.BrokerMetrics);
    expect(sink).toBeInstanceOf(BrokerMetrics);
    expect(sink).toBe(metrics);

    const registry = container.get<BrokerRegistry>(CORE_TOKENS.BrokerRegistry);
    registry.register(ReferenceBroker);
    const broker = registry.create('reference', {
      id: 'di-ref', bus: container.get<EventBus>(CORE_TOKENS.EventBus), clock: container.get<Clock>(CORE_TOKENS.Clock), metrics: sink,
      config: { cash: { USDT: dec(100_000) } },
    }) as ReferenceBroker;
    await broker.connect();
    broker.setPrice('BTCUSDT', dec('50000'));
    await broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: dec('0.01') });
    expect(metrics.summary('di-ref')).toMatchObject({ connectionState: 'CONNECTED', connectionSince: 5_000, totals: { submitted: 1, fills: 1 } });

    const monitoring = container.get<Monitoring>(MONITORING_TOKENS.Monitoring);
    expect(container.get(MONITORING_TOKENS.BrokerHealthMonitor)).toBe(monitoring.health);
    expect(container.get(MONITORING_TOKENS.AlertManager)).toBe(monitoring.alerts);
    expect(monitoring.health.check().status).toBe('healthy');
    expect(container.isBound(MONITORING_TOKENS.MonitoringServer)).toBe(false);
    await broker.disconnect();
    await monitoring.close();
  });

  it('binds a MonitoringServer when http is enabled, and it listens on loopback', async () => {
    const container = new Container();
    container.loadSync(createCoreModule());
    container.loadSync(createMonitoringModule({ http: { port: 0 } }));
    const monitoring = container.get<Monitoring>(MONITORING_TOKENS.Monitoring);
    const url = await monitoring.start();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(container.get(MONITORING_TOKENS.MonitoringServer)).toBe(monitoring.server);
    await monitoring.close();
  });
});
