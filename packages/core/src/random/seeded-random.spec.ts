import { seededRandom } from './seeded-random';

describe('seededRandom', () => {
  it('replays the same sequence from the same seed, a different one from another, all in [0, 1)', () => {
    const take = (seed: number) => Array.from({ length: 1_000 }, seededRandom(seed));
    const a = take(42);
    expect(take(42)).toEqual(a);
    expect(take(43)).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    // roughly uniform: each tenth of [0, 1) gets 100 ± 40 of 1,000 draws
    for (let d = 0; d < 10; d++) {
      const inDecile = a.filter((x) => x >= d / 10 && x < (d + 1) / 10).length;
      expect(Math.abs(inDecile - 100)).toBeLessThan(40);
    }
  });
});
