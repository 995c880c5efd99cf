import { ConfigurationError, dec } from '@silvertine/core';
import { fill, record } from '../test/records';
import { orderGap, priceGapBps } from './shadow-gap';
import { shadowObservations } from './shadow-metrics';
import { shadowReport, shadowReportCsv, shadowReportJson } from './shadow-report';
import { decodeShadowReport } from './shadow-report.decoder';
import { calibrateShadow } from './shadow-calibration';
import { formatShadowSummary } from './shadow-summary';

// Four orders, every figure below worked out by hand in the comments.
// o1 BUY MARKET 1: live 0.4 @ 100.20 (+120 ms, fee 0.04) and 0.6 @ 100.30 (+300 ms, fee 0.06) → VWAP (40.08 + 60.18) / 1 = 100.26;
//    paper 1 @ 100.00 (+20 ms, fee 0.08). Price gap (100.26 − 100) / 100 × 10,000 = 26 bps; time gap 120 − 20 = 100 ms;
//    fill count gap 2 − 1 = 1; quantity gap 0; fee gap 0.10 − 0.08 = 0.02.
const o1 = record('o1', 'BUY', 'MARKET', '1', [fill('BUY', '0.4', '100.20', 120, '0.04'), fill('BUY', '0.6', '100.30', 300, '0.06')], [fill('BUY', '1', '100.00', 20, '0.08')]);
// o2 SELL LIMIT 2: live 1 @ 99.50 (+1000 ms, fee 0.0995 USDT); paper 2 @ 100 (+500 ms, fee 0.002 BTC = 0.2 USDT at 100).
//    Sell gap (100 − 99.50) / 100 × 10,000 = 50 bps; time gap 1000 − 500 = 500 ms; quantity gap 1 − 2 = −1; ratio gap −1 / 2 = −0.5;
//    fee gap 0.0995 − 0.2 = −0.1005.
const o2 = record('o2', 'SELL', 'LIMIT', '2', [fill('SELL', '1', '99.50', 1000, '0.0995')], [fill('SELL', '2', '100', 500, '0.002', 'BTC')]);
// o3 BUY MARKET 1, mirror failed: live 1 @ 101 (fee 0.101). LIVE_ONLY; ratio gap 1; fee gap 0.101 − 0 = 0.101.
const o3 = record('o3', 'BUY', 'MARKET', '1', [fill('BUY', '1', '101', 50, '0.101')], [], 'place: boom');
// o4 BUY MARKET 1: live nothing; paper 0.5 @ 100 (fee 0.05). PAPER_ONLY; ratio gap −0.5; fee gap −0.05; fill count gap −1.
const o4 = record('o4', 'BUY', 'MARKET', '1', [], [fill('BUY', '0.5', '100', 10, '0.05')]);

describe('orderGap', () => {
  it('computes the gaps of one order filled on both sides', () => {
    const gap = orderGap(o1);
    expect(gap.live.averagePrice?.toString()).toBe('100.26');
    expect(gap.priceGapBps?.toString()).toBe('26');
    expect(gap.timeToFillGapMs).toBe(100);
    expect(gap.fillCountGap).toBe(1);
    expect(gap.filledQuantityGap.toString()).toBe('0');
    expect(gap.feeGap?.toString()).toBe('0.02');
  });

  it('signs a SELL gap against the trader and values base-asset fees at the fill price', () => {
    const gap = orderGap(o2);
    expect(gap.priceGapBps?.toString()).toBe('50');
    expect(gap.timeToFillGapMs).toBe(500);
    expect(gap.filledQuantityGap.toString()).toBe('-1');
    expect(gap.fillRatioGap.toString()).toBe('-0.5');
    expect(gap.paper.feesInQuote?.toString()).toBe('0.2');
    expect(gap.feeGap?.toString()).toBe('-0.1005');
  });

  it('reports one-sided fills without a price or time gap', () => {
    expect(orderGap(o3)).toMatchObject({ filledOn: 'LIVE_ONLY', priceGapBps: undefined, timeToFillGapMs: undefined, shadowFailure: 'place: boom' });
    expect(orderGap(o3).fillRatioGap.toString()).toBe('1');
    expect(orderGap(o4)).toMatchObject({ filledOn: 'PAPER_ONLY', fillCountGap: -1 });
  });

  it('is negative when live was better: a buy live at 99 against paper at 100 is −100 bps', () => {
    expect(priceGapBps('BUY', dec(99), dec(100)).toString()).toBe('-100');
    expect(priceGapBps('SELL', dec(101), dec(100)).toString()).toBe('-100');
  });

  it('leaves fees charged in a third asset out of the fee gap', () => {
    const bnb = record('o5', 'BUY', 'MARKET', '1', [fill('BUY', '1', '100', 1, '0.0001', 'BNB')], [fill('BUY', '1', '100', 1, '0.1')]);
    expect(orderGap(bnb).feeGap).toBeUndefined();
    expect(shadowReport('live', [bnb], 0).overall.feeIncomparable).toBe(1);
  });
});

describe('shadowReport', () => {
  const report = shadowReport('live', [o1, o2, o3, o4], 42);

  it('aggregates per symbol, side and order type', () => {
    expect(report.groups.map((g) => `${g.side} ${g.type}`)).toEqual(['BUY MARKET', 'SELL LIMIT']);
    const buy = report.groups[0];
    // o1, o3, o4: one filled on both sides (26 bps, 100 ms), one live only, one paper only.
    expect(buy).toMatchObject({ orders: 3, filledBoth: 1, liveOnly: 1, paperOnly: 1, filledNeither: 0, meanTimeToFillGapMs: 100, fillCountGap: 1, shadowFailures: 1 });
    expect(buy.meanPriceGapBps?.toString()).toBe('26');
    // quantity gaps 0 + 1 − 0.5 = 0.5; ratio gaps (0 + 1 − 0.5) / 3 = 0.1666… → 0.166667 at 6 places
    expect(buy.filledQuantityGap.toString()).toBe('0.5');
    expect(buy.meanFillRatioGap?.toString()).toBe('0.166667');
    // fee gaps 0.02 + 0.101 − 0.05 = 0.071
    expect(buy.feeGap.toString()).toBe('0.071');
  });

  it('totals every order', () => {
    // price gaps (26 + 50) / 2 = 38 bps; time gaps (100 + 500) / 2 = 300 ms; fee gaps 0.071 − 0.1005 = −0.0295
    expect(report.overall.meanPriceGapBps?.toString()).toBe('38');
    expect(report.overall.meanTimeToFillGapMs).toBe(300);
    expect(report.overall.feeGap.toString()).toBe('-0.0295');
    // ratio gaps (0 − 0.5 + 1 − 0.5) / 4 = 0
    expect(report.overall.meanFillRatioGap?.toString()).toBe('0');
    expect(report.overall.filledQuantityGap.toString()).toBe('-0.5');
  });

  it('writes CSV rows per group and an ALL row', () => {
    expect(shadowReportCsv(report).split('\n')).toEqual([
      'symbol,side,type,orders,filled_both,live_only,paper_only,filled_neither,mean_price_gap_bps,mean_time_to_fill_gap_ms,filled_quantity_gap,mean_fill_ratio_gap,fill_count_gap,fee_gap,fee_incomparable,shadow_failures',
      'BTCUSDT,BUY,MARKET,3,1,1,1,0,26,100,0.5,0.166667,1,0.071,0,1',
      'BTCUSDT,SELL,LIMIT,1,1,0,0,0,50,500,-1,-0.5,0,-0.1005,0,0',
      'ALL,ALL,ALL,4,2,1,1,0,38,300,-0.5,0,1,-0.0295,0,1',
      '',
    ]);
  });

  it('writes JSON with exact decimal strings', () => {
    const parsed = JSON.parse(shadowReportJson(shadowReport('live', [o1], 42, { includeOrders: true })));
    expect(parsed.overall.meanPriceGapBps).toBe('26');
    expect(parsed.groups[0].feeGap).toBe('0.02');
    expect(parsed.orders[0].live.averagePrice).toBe('100.26');
    expect(parsed.generatedAt).toBe(42);
  });

  it('reports an empty session without means', () => {
    const empty = shadowReport('live', [], 0);
    expect(empty.overall).toMatchObject({ orders: 0, meanPriceGapBps: undefined, meanFillRatioGap: undefined });
    expect(shadowReportCsv(empty)).toContain('ALL,ALL,ALL,0,0,0,0,0,,,0,,0,0,0,0');
  });
});

describe('shadowObservations', () => {
  it('maps a compared order to the silvertine_shadow_* metrics', () => {
    const observed = shadowObservations('live', orderGap(o1));
    const labels = { broker: 'live', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET' };
    expect(observed).toEqual([
      { name: 'silvertine_shadow_orders_total', kind: 'counter', labels: { ...labels, filled_on: 'BOTH' }, value: 1 },
      { name: 'silvertine_shadow_fill_ratio_gap', kind: 'histogram', labels, value: 0 },
      { name: 'silvertine_shadow_fill_count_gap', kind: 'histogram', labels, value: 1 },
      { name: 'silvertine_shadow_price_gap_bps', kind: 'histogram', labels, value: 26 },
      { name: 'silvertine_shadow_time_to_fill_gap_ms', kind: 'histogram', labels, value: 100 },
      { name: 'silvertine_shadow_fee_gap', kind: 'histogram', labels, value: 0.02 },
    ]);
  });

  it('leaves out gaps a one-sided order does not have', () => {
    expect(shadowObservations('live', orderGap(o3)).map((o) => o.name)).toEqual(['silvertine_shadow_orders_total', 'silvertine_shadow_fill_ratio_gap', 'silvertine_shadow_fill_count_gap', 'silvertine_shadow_fee_gap']);
  });
});

describe('decodeShadowReport', () => {
  const written = shadowReportJson(shadowReport('live', [o1, o2, o3, o4], 42, { includeOrders: true }));

  it('reads back what shadowReportJson wrote, recomputing every figure', () => {
    const decoded = decodeShadowReport(written);
    expect(shadowReportJson(decoded)).toBe(written);
    expect(decoded.overall.meanPriceGapBps?.toString()).toBe('38');
  });

  it('ignores figures a file states and recomputes them from the legs', () => {
    const tampered = JSON.parse(written);
    tampered.overall.meanPriceGapBps = '-999';
    tampered.orders[0].priceGapBps = '-999';
    const decoded = decodeShadowReport(JSON.stringify(tampered));
    expect(decoded.overall.meanPriceGapBps?.toString()).toBe('38');
    expect(decoded.orders?.[0].priceGapBps?.toString()).toBe('26');
  });

  it.each([
    ['not json', 'not JSON'],
    ['[]', 'report must be an object'],
    ['{"brokerId":"live","generatedAt":1}', 'report.orders must be an array'],
  ])('refuses %s', (text, message) => {
    expect(() => decodeShadowReport(text)).toThrow(message);
  });

  it('names the field and the rule of a bad order, and is a ConfigurationError', () => {
    const bad = JSON.parse(written);
    bad.orders[1].live.filledQuantity = 1.5;
    expect(() => decodeShadowReport(JSON.stringify(bad))).toThrow('shadow report: report.orders[1].live.filledQuantity must be a decimal string');
    bad.orders[1].live.filledQuantity = '1';
    bad.orders[1].side = 'SHORT';
    expect(() => decodeShadowReport(JSON.stringify(bad))).toThrow(ConfigurationError);
    expect(() => decodeShadowReport(JSON.stringify(bad))).toThrow('report.orders[1].side must be one of BUY, SELL');
  });
});

/** A written report as parsed JSON, for spoiling one field. */
type Written = { paperModels: { slippage: Record<string, unknown>; latencyMs?: number }; liquidity: Record<string, Record<string, unknown>> };

describe('a report with the models the shadow ran with', () => {
  const paperModels = { slippage: { model: 'MARKET_IMPACT' as const, eta: 0.142, beta: 0.6, sigma: 0.02, adv: dec('1500.5'), permanent: true, gamma: 0.314, alpha: 0.891 }, latencyMs: 5 };
  const liquidity = { BTCUSDT: { sigma: 0.02, adv: dec('1500.5') } };
  const written = shadowReportJson(shadowReport('live', [o1], 42, { includeOrders: true, paperModels, liquidity }));

  it('writes them and reads them back exactly', () => {
    expect(JSON.parse(written).paperModels.slippage.adv).toBe('1500.5');
    const decoded = decodeShadowReport(written);
    expect(decoded.paperModels).toEqual(paperModels);
    expect(decoded.liquidity?.BTCUSDT.adv.toString()).toBe('1500.5');
    expect(shadowReportJson(decoded)).toBe(written);
  });

  it.each([
    [(r: Written) => (r.paperModels.slippage.model = 'SQRT'), 'report.paperModels.slippage.model must be one of FIXED, PERCENTAGE, MARKET_IMPACT'],
    [(r: Written) => delete r.paperModels.slippage.adv, 'report.paperModels.slippage.adv is required'],
    [(r: Written) => (r.paperModels.slippage = { model: 'PERCENTAGE', bps: '-1' }), 'report.paperModels.slippage.bps must be >= 0'],
    [(r: Written) => (r.paperModels.latencyMs = -5), 'report.paperModels.latencyMs must be a finite number >= 0'],
    [(r: Written) => (r.liquidity.BTCUSDT.adv = '0'), 'report.liquidity.BTCUSDT.adv must be positive'],
  ])('names the field and rule of a bad model (%#)', (spoil, message) => {
    const bad = JSON.parse(written);
    spoil(bad);
    expect(() => decodeShadowReport(JSON.stringify(bad))).toThrow(message);
  });
});

describe('formatShadowSummary', () => {
  it('prints the overall and per-group lines, then the recommended models', () => {
    const report = shadowReport('live', [o1, o2, o3, o4], 42, { includeOrders: true });
    const text = formatShadowSummary(report, calibrateShadow(report.orders ?? []));
    const lines = text.split('\n');
    expect(lines[1]).toBe(
      'ALL: 4 orders (both 2, live only 1, paper only 1, neither 0); price gap 38 bps, time-to-fill gap 300 ms, fill-ratio gap 0, fill-count gap 1, fee gap -0.0295, 1 shadow failures',
    );
    expect(lines[3]).toBe('BTCUSDT SELL LIMIT: 1 orders (both 1, live only 0, paper only 0, neither 0); price gap 50 bps, time-to-fill gap 500 ms, fill-ratio gap -0.5, fill-count gap 0, fee gap -0.1005');
    // one MARKET order filled on both sides (o1: 0.26 above paper's 100 with no slippage in use) → FIXED 0.26, PERCENTAGE 26 bps, equal residuals → FIXED
    expect(lines).toContain('slippage: { model: FIXED, amount: "0.26" }');
  });
});
