/**
 * A seeded pseudo-random generator: returns floats in [0, 1).
 *
 * Why our own: simulations (paper latency and synthetic data), fault-injection scenarios and randomized
 * tests must replay exactly from a seed, so nothing that decides an outcome may touch `Math.random`.
 */
export type RandomSource = () => number;

/**
 * mulberry32: a tiny 32-bit generator with a full 2^32 period, good enough for jitter, synthetic data
 * and test scenarios (not for cryptography).
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
