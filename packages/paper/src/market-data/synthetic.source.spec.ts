import { dec, type Bar, type Quote, type Trade } from '@silvertine/core';
import { SyntheticMarketDataSource } from './synthetic.source';

const base = { symbol: 'BTCUSDT', startPrice: dec('42000'), tickSize: dec('0.01'), stepSize: dec('0.001'), count: 500 };

describe('SyntheticMarketDataSource', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = [...new SyntheticMarketDataSource({ ...base, seed: 7 }).events()];
    expect([...new SyntheticMarketDataSource({ ...base, seed: 7 }).events()]).toEqual(a);
    expect([...new SyntheticMarketDataSource({ ...base, seed: 8 }).events()]).not.toEqual(a);
    expect(a).toHaveLength(500);
  });

  it('quotes sit on the tick grid with the configured spread, sizes on the step grid, at the interval', () => {
    const quotes = [...new SyntheticMarketDataSource({ ...base, spreadTicks: 3, startTime: 1_000, intervalMs: 250, meanSize: dec(2) }).events()] as Quote[];
    for (const [i, q] of quotes.entries()) {
      expect(q.timestamp).toBe(1_000 + i * 250);
      expect(q.bid.isMultipleOf('0.01') && q.ask.isMultipleOf('0.01')).toBe(true);
      expect(q.ask.minus(q.bid).toString()).toBe('0.03');
      // uniform in [½, 1½] × 2 on the 0.001 grid
      expect(q.bidSize.isMultipleOf('0.001') && q.bidSize.gte(1) && q.bidSize.lte(3)).toBe(true);
    }
  });

  it('without volatility the price never moves', () => {
    const trades = [...new SyntheticMarketDataSource({ ...base, kind: 'trade', volatility: 0 }).events()] as Trade[];
    expect(new Set(trades.map((t) => t.price.toString()))).toEqual(new Set(['42000']));
    expect(new Set(trades.map((t) => t.aggressor))).toEqual(new Set(['BUY', 'SELL']));
  });

  it('bars chain (open = previous close), keep low ≤ open, close ≤ high, and move about as volatile as configured', () => {
    const bars = [...new SyntheticMarketDataSource({ ...base, kind: 'bar', count: 2000, volatility: 0.001 }).events()] as Bar[];
    let sumSq = 0;
    for (const [i, b] of bars.entries()) {
      if (i > 0) expect(b.open.eq(bars[i - 1].close)).toBe(true);
      expect(b.low.lte(b.open) && b.low.lte(b.close) && b.high.gte(b.open) && b.high.gte(b.close)).toBe(true);
      expect(b.durationMs).toBe(60_000);
      const r = b.close.minus(b.open).div(b.open).toNumber();
      sumSq += r * r;
    }
    // realised per-bar volatility within 10 % of 0.001 over 2,000 bars (the standard error is ~1.6 %)
    expect(Math.sqrt(sumSq / bars.length)).toBeGreaterThan(0.0009);
    expect(Math.sqrt(sumSq / bars.length)).toBeLessThan(0.0011);
  });

  it('refuses settings that cannot work', () => {
    expect(() => new SyntheticMarketDataSource({ ...base, count: -1 })).toThrow(/count/);
    expect(() => new SyntheticMarketDataSource({ ...base, spreadTicks: 0 })).toThrow(/spreadTicks/);
    expect(() => new SyntheticMarketDataSource({ ...base, volatility: Number.NaN })).toThrow(/volatility/);
  });
});
