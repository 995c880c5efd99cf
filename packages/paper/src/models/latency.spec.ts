import { createLatencyModel, validateLatencyConfig } from './latency';
import { sampleStandardNormal, seededRandom } from './random';

describe('seededRandom', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
  });

  it('stays in [0, 1) with a mean near 0.5', () => {
    const r = seededRandom(7);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
  });

  it('gives standard normals with mean ≈ 0 and sd ≈ 1', () => {
    const r = seededRandom(11);
    const xs = Array.from({ length: 20_000 }, () => sampleStandardNormal(r));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });
});

describe('latency models', () => {
  it('NONE and FIXED', () => {
    expect(createLatencyModel({ model: 'NONE' }, seededRandom(1)).next()).toBe(0);
    expect(createLatencyModel({ model: 'FIXED', ms: 25 }, seededRandom(1)).next()).toBe(25);
  });

  it('UNIFORM stays within [min, max] and replays with the same seed', () => {
    const m1 = createLatencyModel({ model: 'UNIFORM', minMs: 5, maxMs: 15 }, seededRandom(3));
    const m2 = createLatencyModel({ model: 'UNIFORM', minMs: 5, maxMs: 15 }, seededRandom(3));
    for (let i = 0; i < 1000; i++) {
      const d = m1.next();
      expect(d).toBeGreaterThanOrEqual(5);
      expect(d).toBeLessThanOrEqual(15);
      expect(m2.next()).toBe(d);
    }
  });

  it('NORMAL has the configured mean and is clamped at its minimum', () => {
    const model = createLatencyModel({ model: 'NORMAL', meanMs: 10, stdDevMs: 2 }, seededRandom(5));
    const xs = Array.from({ length: 20_000 }, () => model.next());
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(10, 0);
    const clamped = createLatencyModel({ model: 'NORMAL', meanMs: 1, stdDevMs: 5, minMs: 0.5, maxMs: 3 }, seededRandom(5));
    for (let i = 0; i < 1000; i++) {
      const d = clamped.next();
      expect(d).toBeGreaterThanOrEqual(0.5);
      expect(d).toBeLessThanOrEqual(3);
    }
  });

  it('refuses impossible configs', () => {
    expect(() => validateLatencyConfig({ model: 'FIXED', ms: -1 })).toThrow(RangeError);
    expect(() => validateLatencyConfig({ model: 'UNIFORM', minMs: 5, maxMs: 1 })).toThrow(RangeError);
    expect(() => validateLatencyConfig({ model: 'NORMAL', meanMs: Number.NaN, stdDevMs: 1 })).toThrow(RangeError);
  });
});
