import { readFileSync } from 'node:fs';
import type { Bar } from '@silvertine/core';
import { loadSample, sampleKlineCsv, samplePath, SAMPLE_CONFIG } from './sample-data';

describe('bundled sample', () => {
  it('is exactly what the synthetic generator makes from SAMPLE_CONFIG (so data/SOURCES.md is true)', () => {
    expect(readFileSync(samplePath(), 'utf8')).toBe(sampleKlineCsv());
  });

  it('loads as 300 one-minute BTCUSDT bars from 2024-01-01T00:00Z on the 0.01 tick grid', () => {
    const bars = [...loadSample().events()] as Bar[];
    expect(bars).toHaveLength(SAMPLE_CONFIG.count);
    expect(bars[0]).toMatchObject({ symbol: 'BTCUSDT', timestamp: Date.UTC(2024, 0, 1), durationMs: 60_000 });
    expect(bars[0].open.toString()).toBe('42000');
    expect(bars[299].timestamp).toBe(Date.UTC(2024, 0, 1) + 299 * 60_000);
    expect(bars.every((b) => b.close.isMultipleOf('0.01') && b.volume.isMultipleOf('0.00001'))).toBe(true);
  });
});
