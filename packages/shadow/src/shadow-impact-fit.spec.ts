import { dec, type Decimal } from '@silvertine/core';
import { fill, record } from '../test/records';
import { calibrateShadow, calibrationYaml } from './shadow-calibration';
import { orderGap } from './shadow-gap';
import { fitMarketImpact, impactFraction, type ImpactSample } from './shadow-impact-fit';

const SIZES = ['1', '2', '5', '10', '20', '50', '100'];
const BTC = { sigma: 0.02, adv: dec(1000) };

/** Samples of a venue whose impact is exactly η·σ·(Q/ADV)^β. */
function venue(eta: number, beta: number, symbol = 'BTCUSDT', sizes = SIZES): ImpactSample[] {
  return sizes.map((q) => ({ symbol, quantity: dec(q), adverseFraction: impactFraction({ eta, beta, ...BTC }, dec(q)) }));
}

/** A MARKET pair on BTCUSDT: paper fills at `reference`, live at reference × (1 ± fraction) rounded adversely to the cent. */
function pair(id: string, side: 'BUY' | 'SELL', quantity: string, reference: string, fraction: number) {
  const ref = dec(reference);
  const slip = ref.times(dec(fraction.toFixed(12)));
  const live: Decimal = side === 'BUY' ? ref.plus(slip).roundToStep(dec('0.01'), 'CEIL') : ref.minus(slip).roundToStep(dec('0.01'), 'FLOOR');
  return orderGap(record(id, side, 'MARKET', quantity, [fill(side, quantity, live.toString(), 0, '0')], [fill(side, quantity, reference, 0, '0')]));
}

describe('impactFraction', () => {
  it('is η·σ·(Q/ADV)^β, plus half the permanent term when asked', () => {
    // 0.142 × 0.02 × (10 / 1000)^0.6 = 0.00284 × 0.0630957 = 0.000179192
    expect(impactFraction({ eta: 0.142, beta: 0.6, ...BTC }, dec(10))).toBeCloseTo(0.000179192, 9);
    // + ½ × 0.314 × 0.02 × 0.01^0.891 = 0.00314 × 0.0165196 = 0.0000518716
    expect(impactFraction({ eta: 0.142, beta: 0.6, gamma: 0.314, alpha: 0.891, permanent: true, ...BTC }, dec(10))).toBeCloseTo(0.0002310635, 10);
    // never more than the price itself
    expect(impactFraction({ eta: 1000, beta: 0.5, ...BTC }, dec(1000))).toBe(1);
  });
});

describe('fitMarketImpact', () => {
  it('recovers η and β from orders of several sizes against a known σ and ADV', () => {
    const { fit, notes } = fitMarketImpact(venue(0.3, 0.5), { BTCUSDT: BTC });
    expect(fit).toMatchObject({ model: 'MARKET_IMPACT', eta: 0.3, beta: 0.5, fitted: 7, residualRmsBps: 0 });
    // η·σ·ADV^−β = 0.3 × 0.02 / √1000 = 0.000189737
    expect(fit?.scale).toBe(0.000189737);
    expect(notes.join('\n')).toMatch(/temporary term only/);
  });

  it('without σ and ADV identifies only β and η·σ·ADV^−β, and says so', () => {
    const { fit, notes } = fitMarketImpact(venue(0.3, 0.5));
    expect(fit).toMatchObject({ beta: 0.5, scale: 0.000189737 });
    expect(fit?.eta).toBeUndefined();
    expect(notes.join('\n')).toMatch(/eta needs BTCUSDT's sigma and adv/);
  });

  it('fits several symbols against their own liquidity, and refuses them without it', () => {
    const eth = { sigma: 0.03, adv: dec(20000) };
    const both = [...venue(0.3, 0.5), ...SIZES.map((q) => ({ symbol: 'ETHUSDT', quantity: dec(q), adverseFraction: impactFraction({ eta: 0.3, beta: 0.5, ...eth }, dec(q)) }))];
    expect(fitMarketImpact(both, { BTCUSDT: BTC, ETHUSDT: eth }).fit).toMatchObject({ eta: 0.3, beta: 0.5, residualRmsBps: 0 });
    expect(fitMarketImpact(both, { BTCUSDT: BTC }).fit?.scale).toBeUndefined();
    const refused = fitMarketImpact(both, { BTCUSDT: BTC });
    expect(refused.fit).toBeUndefined();
    expect(refused.notes[0]).toMatch(/several symbols need each one's sigma and adv \(missing for ETHUSDT\)/);
  });

  it('needs two sizes among the orders that slipped; leaves the others out of the log fit but not of the residual', () => {
    expect(fitMarketImpact(venue(0.3, 0.5, 'BTCUSDT', ['5', '5']), { BTCUSDT: BTC }).notes[0]).toMatch(/at least two sizes/);
    const withKind = [...venue(0.3, 0.5), { symbol: 'BTCUSDT', quantity: dec(3), adverseFraction: -0.0001 }];
    const { fit, notes } = fitMarketImpact(withKind, { BTCUSDT: BTC });
    expect(fit).toMatchObject({ eta: 0.3, beta: 0.5, fitted: 7 });
    // one of eight orders predicted at 0.3 × 0.02 × √0.003 = 3.286 bps but at −1 bps: rms = 4.286 / √8 = 1.515
    expect(fit?.residualRmsBps).toBe(1.515);
    expect(notes[0]).toMatch(/the 7 of 8 orders that slipped/);
  });

  it('clamps an exponent outside 0..2 and says so', () => {
    const falling = SIZES.map((q, i) => ({ symbol: 'BTCUSDT', quantity: dec(q), adverseFraction: 0.001 / (i + 1) ** 2 }));
    const { fit, notes } = fitMarketImpact(falling, { BTCUSDT: BTC });
    expect(fit?.beta).toBe(0);
    expect(notes[0]).toMatch(/beta estimated at -0\.\d+, clamped to 0/);
  });
});

describe('calibrateShadow with MARKET_IMPACT', () => {
  // η 0.3, β 0.5 on σ 2 %, ADV 1,000: 1 BTC slips 1.9 bps, 100 BTC 19 bps. References spread over 20,000–29,000.
  const impactVenue = SIZES.flatMap((q, i) =>
    ['BUY', 'SELL'].map((side, j) => pair(`${q}-${side}`, side as 'BUY' | 'SELL', q, String(20_000 + 1000 * i + 500 * j), impactFraction({ eta: 0.3, beta: 0.5, ...BTC }, dec(q)))),
  );

  it('recommends MARKET_IMPACT for a venue whose slippage grows with size, and prints it with its σ and ADV', () => {
    const fit = calibrateShadow(impactVenue, {}, { BTCUSDT: BTC });
    expect(fit.recommended).toBe('MARKET_IMPACT');
    // live prices are rounded to the cent: a few hundredths of a bp move the estimates slightly
    expect(Math.abs(fit.marketImpact!.eta! - 0.3)).toBeLessThan(0.006);
    expect(Math.abs(fit.marketImpact!.beta - 0.5)).toBeLessThan(0.005);
    expect(fit.marketImpact!.residualRmsBps).toBeLessThan(0.05);
    expect(fit.percentage!.residualRmsBps).toBeGreaterThan(5);
    const yaml = calibrationYaml(fit);
    expect(yaml).toMatch(/^slippage: \{ model: MARKET_IMPACT, eta: 0\.\d+, beta: 0\.\d+, sigma: 0\.02, adv: "1000" \}$/m);
    expect(yaml).toMatch(/^# MARKET_IMPACT beta 0\.\d+, eta 0\.\d+ \(residual [\d.]+ bps rms\)$/m);
  });

  it('keeps PERCENTAGE for a venue blind to size, though an impact fit exists', () => {
    const flat = SIZES.map((q, i) => pair(`p${q}`, 'BUY', q, String(20_000 + 1000 * i), 0.0015));
    const fit = calibrateShadow(flat, {}, { BTCUSDT: BTC });
    expect(fit.marketImpact?.beta).toBeLessThan(0.01);
    expect(fit.recommended).toBe('PERCENTAGE');
  });

  it('removes the MARKET_IMPACT slippage paper already applied', () => {
    // paper ran η 0.1 β 0.5; the venue is η 0.3 β 0.5: live is 0.2 of impact beyond paper's fill
    const paperImpact = { model: 'MARKET_IMPACT' as const, eta: 0.1, beta: 0.5, ...BTC };
    const gaps = SIZES.map((q, i) => {
      const reference = dec(20_000 + 1000 * i);
      const paper = reference.times(dec((1 + impactFraction(paperImpact, dec(q))).toFixed(12)));
      const live = reference.times(dec((1 + impactFraction({ eta: 0.3, beta: 0.5, ...BTC }, dec(q))).toFixed(12)));
      return orderGap(record(`m${q}`, 'BUY', 'MARKET', q, [fill('BUY', q, live.toString(), 0, '0')], [fill('BUY', q, paper.toString(), 0, '0')]));
    });
    const fit = calibrateShadow(gaps, { slippage: paperImpact }, { BTCUSDT: BTC });
    expect(fit.marketImpact).toMatchObject({ eta: 0.3, beta: 0.5 });
  });
});
