/**
 * A seeded pseudo-random generator: returns floats in [0, 1).
 *
 * Why our own: the engine and its models must be deterministic (the same seed and data give identical
 * fills), so nothing here may touch `Math.random`.
 */
export type RandomSource = () => number;

/**
 * mulberry32: a tiny 32-bit generator with a full 2^32 period, good enough for latency jitter and
 * synthetic data (not for cryptography).
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

/** A standard normal sample (Box–Muller) drawn from `random`. */
export function sampleStandardNormal(random: RandomSource): number {
  // 1 - u keeps the argument of log in (0, 1] so it never yields -Infinity.
  const u1 = 1 - random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
