import type { Clock } from '@silvertine/core';
import { ManualClock } from '@silvertine/core/testing';
import { CoarseTime } from './coarse-time';

/** A ManualClock that counts reads of `now()`. */
function countingClock(start: number): { clock: Clock; manual: ManualClock; reads: () => number } {
  const manual = new ManualClock(start);
  let reads = 0;
  const clock: Clock = { now: () => (reads++, manual.now()), setTimeout: (cb, ms) => manual.setTimeout(cb, ms) };
  return { clock, manual, reads: () => reads };
}

describe('CoarseTime', () => {
  it('reads the clock once per resolution period and is never more than that period old', () => {
    const { clock, manual, reads } = countingClock(1_000);
    const time = new CoarseTime(clock, 100);
    for (let i = 0; i < 1_000; i++) expect(time.now()).toBe(1_000);
    expect(reads()).toBe(1);
    expect(manual.pendingTimers).toBe(1);
    manual.advance(99);
    expect(time.now()).toBe(1_000); // within the period: the kept reading
    manual.advance(1);
    expect(time.now()).toBe(1_100); // the timer marked it stale: read again
    expect(reads()).toBe(2);
    manual.advance(5_000);
    expect(time.now()).toBe(6_100);
    expect(reads()).toBe(3);
    expect(manual.pendingTimers).toBe(1); // never more than one timer, and none while nobody asks
    manual.advance(100);
    expect(manual.pendingTimers).toBe(0);
  });

  it('cancels its timer on close and reads afresh afterwards', () => {
    const { clock, manual, reads } = countingClock(0);
    const time = new CoarseTime(clock, 1_000);
    time.now();
    time.close();
    expect(manual.pendingTimers).toBe(0);
    manual.set(10);
    expect(time.now()).toBe(10);
    expect(reads()).toBe(2);
    expect(() => new CoarseTime(clock, 0)).toThrow(RangeError);
  });
});
