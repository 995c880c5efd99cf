// The generator lives in core (the same one serves chaos scenarios and tests); paper re-exports it.
import type { RandomSource } from '@silvertine/core';
export { seededRandom, type RandomSource } from '@silvertine/core';

/** A standard normal sample (Box–Muller) drawn from `random`. */
export function sampleStandardNormal(random: RandomSource): number {
  // 1 - u keeps the argument of log in (0, 1] so it never yields -Infinity.
  const u1 = 1 - random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
