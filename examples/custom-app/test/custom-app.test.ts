import { dec } from '@silvertine/core';
import { main } from '../src/main';

describe('custom app composed through the container', () => {
  it('fills a paper order against the quote and exposes it on /metrics', async () => {
    const lines: string[] = [];
    const { fill, metrics } = await main((l) => lines.push(l));
    expect(fill.quantity.eq(dec('0.5'))).toBe(true);
    expect(fill.price.gte(dec('3200.01'))).toBe(true); // a buy pays at least the ask
    expect(metrics).toMatch(/silvertine_fills_total\{[^}]*broker="my-paper",venue="paper"[^}]*\} 1/);
    expect(lines[0]).toMatch(/^filled 0.5 ETHUSDT at /);
  });
});
