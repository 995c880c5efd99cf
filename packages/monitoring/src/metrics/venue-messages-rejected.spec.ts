import { EventBus, dec, type MetricsSink } from '@silvertine/core';
import { ManualClock, ReferenceBroker } from '@silvertine/core/testing';
import { findSamples, parsePrometheusText } from '../testing';
import { BrokerMetrics } from './broker-metrics';

/** A broker whose venue sends a payload its decoder refuses (through AbstractBroker's own path). */
class HostileVenueBroker extends ReferenceBroker {
  refuse(kind: string): void {
    this.rejectVenuePayload(kind, 'price is not a decimal', { p: 'NaN' });
  }
}

describe('silvertine_venue_messages_rejected_total', () => {
  it('counts each rejected venue message by broker, venue and kind, through the MetricsSink port', async () => {
    const metrics = new BrokerMetrics({ clock: new ManualClock(1_000), venues: { hostile: 'binance' } });
    const sink: MetricsSink = metrics;
    expect(sink.venueMessageRejected).toBeDefined();
    const broker = new HostileVenueBroker({ id: 'hostile', bus: new EventBus(), metrics, config: { cash: { USDT: dec(1_000) } } });
    broker.refuse('executionReport');
    broker.refuse('executionReport');
    broker.refuse('balanceUpdate');
    const text = parsePrometheusText(await metrics.metricsText());
    expect(findSamples(text, 'silvertine_venue_messages_rejected_total', { broker: 'hostile', venue: 'binance', kind: 'executionReport' })[0].value).toBe(2);
    expect(findSamples(text, 'silvertine_venue_messages_rejected_total', { broker: 'hostile', kind: 'balanceUpdate' })[0].value).toBe(1);
    expect(metrics.summary('hostile')?.rejectedMessages).toBe(3);
    metrics.close();
  });

  it('bounds the kind label: a venue inventing kinds cannot grow the series without limit', async () => {
    const metrics = new BrokerMetrics();
    for (let i = 0; i < 100; i++) metrics.venueMessageRejected('b', `kind-${i}`);
    const samples = findSamples(parsePrometheusText(await metrics.metricsText()), 'silvertine_venue_messages_rejected_total', { broker: 'b' });
    expect(samples).toHaveLength(17);
    expect(samples.find((s) => s.labels['kind'] === '__other__')?.value).toBe(84);
    metrics.close();
  });
});
