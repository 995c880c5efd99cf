import { Container } from 'inversify';
import { CORE_TOKENS, createCoreModule, dec } from '@silvertine/core';
import { ReferenceBroker } from '@silvertine/core/testing';
import { findSamples, parsePrometheusText } from '../testing';
import { createMonitoringModule } from './monitoring.module';
import { MONITORING_TOKENS } from './monitoring.tokens';

describe('VenueLabeller (bound by createMonitoringModule)', () => {
  it('labels a broker with its venue before it reports anything, so no series says venue="unknown"', async () => {
    const container = new Container();
    container.loadSync(createCoreModule());
    container.loadSync(createMonitoringModule());
    const metrics = container.get(MONITORING_TOKENS.BrokerMetrics);
    // what the broker factory does for each broker: the hook, then the broker on the container's sink
    container.get(MONITORING_TOKENS.VenueLabeller).beforeCreate({ name: 'binance_main', type: 'binance' });
    const broker = new ReferenceBroker({
      id: 'binance_main', bus: container.get(CORE_TOKENS.EventBus), metrics: container.get(CORE_TOKENS.MetricsSink), config: { cash: { USDT: dec(1) } },
    });
    await broker.connect();
    const samples = findSamples(parsePrometheusText(await metrics.metricsText()), 'silvertine_broker_connected', { broker: 'binance_main' });
    expect(samples.map((s) => s.labels['venue'])).toEqual(['binance']);
    expect(metrics.summary('binance_main')?.venue).toBe('binance');
    await broker.disconnect();
    await container.get(MONITORING_TOKENS.Monitoring).close();
  });
});
