import { Registry } from 'prom-client';
import { fill, record } from '../test/records';
import { orderGap } from './shadow-gap';
import { SHADOW_METRICS } from './shadow-metrics';
import { PrometheusShadowMetrics } from './shadow-prometheus';

// BUY MARKET 1: live 100.26 after 120 ms with two fills (fee 0.1), paper 100 after 20 ms (fee 0.08):
// price gap 26 bps, time gap 100 ms, fill-count gap 1, ratio gap 0, fee gap 0.02.
const both = orderGap(record('o1', 'BUY', 'MARKET', '1', [fill('BUY', '0.4', '100.20', 120, '0.04'), fill('BUY', '0.6', '100.30', 300, '0.06')], [fill('BUY', '1', '100.00', 20, '0.08')]));
// BUY MARKET 1 filled live only (the mirror failed): no price or time gap.
const liveOnly = orderGap(record('o3', 'BUY', 'MARKET', '1', [fill('BUY', '1', '101', 50, '0.101')], [], 'place: boom'));

describe('PrometheusShadowMetrics', () => {
  it('serves the gap of every compared order as silvertine_shadow_* series', async () => {
    const registry = new Registry();
    const sink = new PrometheusShadowMetrics({ registry });
    sink.orderCompared('binance', both);
    sink.orderCompared('binance', liveOnly);
    sink.shadowFailure('binance', 'place');
    const text = await registry.metrics();
    const labels = 'broker="binance",symbol="BTCUSDT",side="BUY",type="MARKET"';
    expect(text).toContain(`silvertine_shadow_orders_total{${labels},filled_on="BOTH"} 1`);
    expect(text).toContain(`silvertine_shadow_orders_total{${labels},filled_on="LIVE_ONLY"} 1`);
    // 26 bps lands in the le=50 bucket, not le=20; one observation only (the live-only order has no price gap)
    expect(text).toContain(`silvertine_shadow_price_gap_bps_bucket{le="20",${labels}} 0`);
    expect(text).toContain(`silvertine_shadow_price_gap_bps_bucket{le="50",${labels}} 1`);
    expect(text).toContain(`silvertine_shadow_price_gap_bps_sum{${labels}} 26`);
    expect(text).toContain(`silvertine_shadow_time_to_fill_gap_ms_sum{${labels}} 100`);
    // fill ratio gap 0 and 1 → sum 1 over 2 orders; fill count gap 1 and 1 → 2
    expect(text).toContain(`silvertine_shadow_fill_ratio_gap_count{${labels}} 2`);
    expect(text).toContain(`silvertine_shadow_fill_ratio_gap_sum{${labels}} 1`);
    expect(text).toContain(`silvertine_shadow_fill_count_gap_sum{${labels}} 2`);
    // fee gaps 0.02 and 0.101
    expect(text).toMatch(new RegExp(`silvertine_shadow_fee_gap_sum\\{${labels}\\} 0\\.121`));
    expect(text).toContain('silvertine_shadow_failures_total{broker="binance",stage="place"} 1');
  });

  it('registers every shadow metric on its own registry, never the global one', async () => {
    const sink = new PrometheusShadowMetrics();
    expect(sink.metricNames().sort()).toEqual(Object.values(SHADOW_METRICS).sort());
    const names = (await sink.registry.getMetricsAsJSON()).map((m) => m.name).sort();
    expect(names).toEqual(Object.values(SHADOW_METRICS).sort());
    // a second sink on another registry does not collide
    expect(() => new PrometheusShadowMetrics()).not.toThrow();
  });
});
