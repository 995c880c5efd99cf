import type { ManualClock } from '../clock/manual-clock';

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
