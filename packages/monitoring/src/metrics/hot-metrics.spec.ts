import { Registry } from 'prom-client';
import { findSamples, parsePrometheusText } from '../testing';
import { HotCounter, HotHistogram } from './hot-metrics';

describe('HotCounter and HotHistogram', () => {
  it('expose ordinary Prometheus counters and cumulative histograms through a prom-client Registry', async () => {
    const registry = new Registry();
    const counter = new HotCounter('t_orders_total', 'orders', ['broker'], registry);
    const histogram = new HotHistogram('t_latency_seconds', 'latency', ['broker'], [0.001, 0.01, 0.1], registry);
    counter.labels('a').value += 3;
    const child = histogram.labels('a');
    for (const v of [0.0005, 0.001, 0.005, 0.05, 2, Number.NaN]) child.observe(v);
    expect(histogram.labels('a')).toBe(child);

    const text = parsePrometheusText(await registry.metrics());
    expect(text.types.get('t_orders_total')).toBe('counter');
    expect(text.types.get('t_latency_seconds')).toBe('histogram');
    expect(findSamples(text, 't_orders_total', { broker: 'a' })[0].value).toBe(3);
    const buckets = findSamples(text, 't_latency_seconds_bucket', { broker: 'a' }).map((s) => [s.labels['le'], s.value]);
    expect(buckets).toEqual([['0.001', 2], ['0.01', 3], ['0.1', 4], ['+Inf', 5]]); // NaN ignored; a value equal to a bound is in it
    expect(findSamples(text, 't_latency_seconds_count')[0].value).toBe(5);
    expect(findSamples(text, 't_latency_seconds_sum')[0].value).toBeCloseTo(2.0565);
    const json = await registry.getMetricsAsJSON();
    expect(json.map((m) => m.name).sort()).toEqual(['t_latency_seconds', 't_orders_total']);
  });

  it('refuses a wrong number of label values and a duplicate name', () => {
    const registry = new Registry();
    const counter = new HotCounter('t_total', 'x', ['a', 'b'], registry);
    expect(() => counter.labels('only-one')).toThrow(RangeError);
    expect(() => new HotCounter('t_total', 'x', ['a'], registry)).toThrow(/already been registered/);
  });
});
