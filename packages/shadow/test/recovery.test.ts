import { createEvent, dec, EventBus } from '@silvertine/core';
import { ManualClock } from '@silvertine/core/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: a paper broker with its own models plays the venue
import { paperTradingConfig, PaperTradingBroker } from '@silvertine/paper';
import { calibrateShadow, calibrationYaml, shadowReport } from '../src';
import { BTC, mirrored, paperBroker, shadowed } from './shadow-harness';

/**
 * The whole loop on a venue whose behaviour is known: the "live" broker is a paper broker that slips
 * 15 bps and takes 20–40 ms (uniform, seeded) to fill; the shadow is paper with no slippage and no
 * latency. 300 MARKET orders at prices from 20,000 to 30,000; the report must show the configured gap
 * and calibration must recover the venue's parameters.
 */
describe('shadow session against a venue with known slippage and latency', () => {
  it('reports the configured gap and calibration recovers it', async () => {
    const bus = new EventBus();
    const clock = new ManualClock(1_700_000_000_000);
    const venue = new PaperTradingBroker({
      id: 'live',
      config: paperTradingConfig({
        instruments: [BTC], initialBalances: { USDT: dec(10_000_000), BTC: dec(100) }, seed: 7,
        slippage: { model: 'PERCENTAGE', bps: dec(15) }, latency: { model: 'UNIFORM', minMs: 20, maxMs: 40 },
      }),
      bus,
      clock,
    });
    const { broker, next } = shadowed(bus, venue, (b) => paperBroker(b, clock, { initialBalances: { USDT: dec(10_000_000), BTC: dec(100) } }));
    await broker.connect();
    const orders = 300;
    for (let i = 0; i < orders; i += 1) {
      // Prices spread over 20,000–30,000 so that FIXED and PERCENTAGE can be told apart.
      const mid = dec(20_000 + ((i * 7919) % 10_000));
      bus.publish(createEvent({ type: 'MarketData', data: { kind: 'quote', symbol: BTC.symbol, bid: mid.minus('0.5'), ask: mid.plus('0.5'), bidSize: dec(1000), askSize: dec(1000), timestamp: clock.now() } }, clock.now()));
      const paired = next();
      const clientOrderId = `r${i}`;
      const shadowFilled = mirrored(broker, clientOrderId);
      await broker.placeOrder({ clientOrderId, instrument: BTC, side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity: dec('0.01') });
      // Paper (no latency) fills the mirror on arrival; wait for it before moving the clock for the venue's latency.
      await shadowFilled;
      clock.advance(40);
      await paired;
      clock.advance(960);
    }
    const report = shadowReport('live', broker.recorder.records(), clock.now(), { includeOrders: true });
    expect(report.overall).toMatchObject({ orders, filledBoth: orders, liveOnly: 0, paperOnly: 0, shadowFailures: 0 });
    // Both sides fill from the same quote; live adds 15 bps of it (rounded up to the 0.01 tick: < 0.01 bps at these prices).
    const gap = report.overall.meanPriceGapBps!.toNumber();
    expect(Math.abs(gap - 15)).toBeLessThan(0.05);
    // Uniform 20–40 ms: mean 30 ms; the standard error of 300 draws is 5.77 / √300 = 0.33 ms.
    expect(Math.abs(report.overall.meanTimeToFillGapMs! - 30)).toBeLessThan(1.5);

    const calibration = calibrateShadow(report.orders!, { slippage: { model: 'FIXED', amount: dec(0) }, latencyMs: 0 });
    expect(calibration.recommended).toBe('PERCENTAGE');
    expect(Math.abs(calibration.percentage!.value.toNumber() - 15)).toBeLessThan(0.05);
    expect(calibration.percentage!.residualRmsBps).toBeLessThan(0.05);
    expect(Math.abs(calibration.latency!.meanMs - 30)).toBeLessThan(1.5);
    // σ of U(20, 40) is 20 / √12 = 5.774 ms
    expect(Math.abs(calibration.latency!.stdDevMs - 5.774)).toBeLessThan(0.6);
    expect(calibration.notes.join('\n')).not.toMatch(/fee rate/);
    expect(calibrationYaml(calibration)).toMatch(/slippage: \{ model: PERCENTAGE, bps: "15\.00\d\d" \}/);
    await broker.disconnect();
  });

  it('recovers a venue whose slippage grows with size against liquidity (MARKET_IMPACT)', async () => {
    const bus = new EventBus();
    const clock = new ManualClock(1_700_000_000_000);
    // η 0.5, β 0.6 against σ 2 % and an ADV of 500 BTC: 0.1 BTC slips 0.6 bps, 5 BTC 6.3 bps.
    const liquidity = { sigma: 0.02, adv: dec(500) };
    const venue = new PaperTradingBroker({
      id: 'live',
      config: paperTradingConfig({ instruments: [BTC], initialBalances: { USDT: dec(10_000_000), BTC: dec(1000) }, slippage: { model: 'MARKET_IMPACT', eta: 0.5, beta: 0.6, ...liquidity } }),
      bus,
      clock,
    });
    const { broker, next } = shadowed(bus, venue, (b) => paperBroker(b, clock, { initialBalances: { USDT: dec(10_000_000), BTC: dec(1000) } }));
    await broker.connect();
    const sizes = ['0.1', '0.2', '0.5', '1', '2', '5'];
    for (let i = 0; i < 120; i += 1) {
      const mid = dec(20_000 + ((i * 7919) % 10_000));
      bus.publish(createEvent({ type: 'MarketData', data: { kind: 'quote', symbol: BTC.symbol, bid: mid.minus('0.5'), ask: mid.plus('0.5'), bidSize: dec(1000), askSize: dec(1000), timestamp: clock.now() } }, clock.now()));
      const paired = next();
      await broker.placeOrder({ clientOrderId: `m${i}`, instrument: BTC, side: i % 2 === 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity: dec(sizes[i % sizes.length]) });
      await paired;
      clock.advance(1000);
    }
    const report = shadowReport('live', broker.recorder.records(), clock.now(), { includeOrders: true });
    expect(report.overall).toMatchObject({ orders: 120, filledBoth: 120 });
    const calibration = calibrateShadow(report.orders!, {}, { [BTC.symbol]: liquidity });
    expect(calibration.recommended).toBe('MARKET_IMPACT');
    // Paper rounds each slippage up to the 0.01 tick: at most 0.01 on ≥ 1.2 of slippage, under 1 % of the smallest.
    expect(Math.abs(calibration.marketImpact!.eta! - 0.5) / 0.5).toBeLessThan(0.02);
    expect(Math.abs(calibration.marketImpact!.beta - 0.6)).toBeLessThan(0.01);
    expect(calibrationYaml(calibration)).toMatch(/slippage: \{ model: MARKET_IMPACT, eta: 0\.\d+, beta: 0\.\d+, sigma: 0\.02, adv: "500" \}/);
    await broker.disconnect();
  });
});
