import { dec } from '@silvertine/core';
import { fill, record } from '../test/records';
import { calibrateShadow, calibrationYaml } from './shadow-calibration';
import { orderGap } from './shadow-gap';

/** A MARKET pair: live fills at `live`, paper at `paper`, each after its own delay. */
function market(id: string, side: 'BUY' | 'SELL', live: string, paper: string, liveMs = 0, paperMs = 0) {
  return orderGap(record(id, side, 'MARKET', '1', [fill(side, '1', live, liveMs, '0')], [fill(side, '1', paper, paperMs, '0')]));
}

describe('calibrateShadow', () => {
  // A venue that slips 20 bps: BUY 100 → 100.20, SELL 200 → 199.60, BUY 50 → 50.10; paper ran without slippage.
  const twentyBps = [market('a', 'BUY', '100.20', '100'), market('b', 'SELL', '199.60', '200'), market('c', 'BUY', '50.10', '50')];

  it('recovers a PERCENTAGE venue and prefers it to FIXED', () => {
    const fit = calibrateShadow(twentyBps);
    expect(fit.samples).toBe(3);
    // offsets 20, 20, 20 bps → 20, nothing left unexplained
    expect(fit.percentage?.value.toString()).toBe('20');
    expect(fit.percentage?.residualRmsBps).toBe(0);
    // price offsets 0.20, 0.40, 0.10 → mean 0.7 / 3 = 0.23333333 (8 places); residuals in bps of 100, 200, 50:
    // (0.2 − 0.23333333) / 100 × 10⁴ = −3.333333, (0.4 − 0.23333333) / 200 × 10⁴ = 8.333334, (0.1 − 0.23333333) / 50 × 10⁴ = −26.666666;
    // rms = √((11.1111 + 69.4445 + 711.1111) / 3) = √263.8889 = 16.245
    expect(fit.fixed?.value.toString()).toBe('0.23333333');
    expect(fit.fixed?.residualRmsBps).toBe(16.245);
    expect(fit.recommended).toBe('PERCENTAGE');
  });

  it('recovers a FIXED venue', () => {
    // Live 0.05 worse than paper at every price: BUY 100.05/100, SELL 199.95/200, BUY 50.05/50
    const fit = calibrateShadow([market('a', 'BUY', '100.05', '100'), market('b', 'SELL', '199.95', '200'), market('c', 'BUY', '50.05', '50')]);
    expect(fit.fixed?.value.toString()).toBe('0.05');
    expect(fit.fixed?.residualRmsBps).toBe(0);
    expect(fit.recommended).toBe('FIXED');
  });

  it('removes the slippage paper already applied before fitting', () => {
    // Paper ran PERCENTAGE 10 bps: a BUY at reference 100 filled on paper at 100.10, live at 100.20 → 20 bps in total.
    const percent = calibrateShadow([market('a', 'BUY', '100.20', '100.10'), market('b', 'SELL', '199.60', '199.80')], { slippage: { model: 'PERCENTAGE', bps: dec(10) } });
    expect(percent.percentage?.value.toString()).toBe('20');
    // Paper ran FIXED 0.05: paper 100.05 ← reference 100; live 100.25 → 0.25 from the reference.
    const fixed = calibrateShadow([market('a', 'BUY', '100.25', '100.05')], { slippage: { model: 'FIXED', amount: dec('0.05') } });
    expect(fixed.fixed?.value.toString()).toBe('0.25');
  });

  it('clamps a venue kinder than the reference at zero but reports the estimate', () => {
    const fit = calibrateShadow([market('a', 'BUY', '99.90', '100'), market('b', 'BUY', '199.80', '200')]);
    expect(fit.percentage?.estimate.toString()).toBe('-10');
    expect(fit.percentage?.value.toString()).toBe('0');
  });

  it('fits the live latency from time-to-fill gaps and paper fixed latency', () => {
    // paper FIXED 50 ms; live first fills at 60 and 80 ms → delays 60, 80: mean 70, sample std √((100 + 100) / 1) = 14.142
    const fit = calibrateShadow([market('a', 'BUY', '100.20', '100', 60, 50), market('b', 'SELL', '199.60', '200', 80, 50)], { latencyMs: 50 });
    expect(fit.latency).toEqual({ meanMs: 70, stdDevMs: 14.142, samples: 2 });
  });

  it('uses only MARKET orders filled on both sides and says what it cannot identify', () => {
    const limit = orderGap(record('l', 'BUY', 'LIMIT', '1', [fill('BUY', '1', '99', 5, '0')], [fill('BUY', '1', '98', 5, '0')]));
    const oneSided = orderGap(record('o', 'BUY', 'MARKET', '1', [fill('BUY', '1', '100', 5, '0')], []));
    const none = calibrateShadow([limit, oneSided]);
    expect([none.samples, none.fixed, none.percentage, none.latency]).toEqual([0, undefined, undefined, undefined]);
    expect(none.notes[0]).toMatch(/no MARKET order/);
    const samePrice = calibrateShadow([market('a', 'BUY', '100.20', '100'), market('b', 'BUY', '100.30', '100')]);
    expect(samePrice.notes.join('\n')).toMatch(/cannot be told apart/);
    expect(samePrice.notes.join('\n')).toMatch(/MARKET_IMPACT is not fitted/);
  });

  it('flags a fee rate that differs, not a fee amount that follows the price', () => {
    // 10 bps on both sides: live 0.1002 on 100.20, paper 0.1 on 100 → same rate, no note
    const sameRate = orderGap(record('f', 'BUY', 'MARKET', '1', [fill('BUY', '1', '100.20', 0, '0.1002')], [fill('BUY', '1', '100', 0, '0.1')]));
    expect(calibrateShadow([sameRate]).notes.join('\n')).not.toMatch(/fee rate/);
    // live 7.5 bps (0.075 on 100), paper 10 bps → flagged
    const discounted = orderGap(record('g', 'BUY', 'MARKET', '1', [fill('BUY', '1', '100', 0, '0.075')], [fill('BUY', '1', '100', 0, '0.1')]));
    expect(calibrateShadow([discounted]).notes.join('\n')).toMatch(/1 orders were charged another fee rate/);
  });

  it('prints the paper YAML to paste under the broker', () => {
    const yaml = calibrationYaml(calibrateShadow(twentyBps, { latencyMs: 0 }));
    const lines = yaml.split('\n');
    expect(lines[0]).toBe('# fitted from 3 MARKET orders filled live and on paper');
    expect(lines).toContain('slippage: { model: PERCENTAGE, bps: "20" }');
    expect(lines).toContain('latency: { model: NORMAL, mean_ms: 0, std_dev_ms: 0, min_ms: 0 }');
  });
});
