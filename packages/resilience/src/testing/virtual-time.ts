import type { ManualClock } from '@silvertine/core';

/** Lets every pending promise continuation run (one macrotask turn: no wall-clock waiting). */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Advances a ManualClock by `ms` in steps of `stepMs`, letting promise continuations run between steps,
 * so async code that schedules its next timer after an `await` sees time move as it would for real.
 */
export async function advanceTime(clock: ManualClock, ms: number, stepMs = Math.max(1, Math.floor(ms / 50))): Promise<void> {
  const end = clock.now() + ms;
  await flushMicrotasks();
  while (clock.now() < end) {
    clock.set(Math.min(end, clock.now() + stepMs));
    await flushMicrotasks();
  }
}

/** A seeded pseudo-random generator in [0, 1) (mulberry32), for replayable jitter in tests. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
