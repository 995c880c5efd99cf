import { ManualClock } from './manual-clock';
import { sleep } from './clock';

describe('ManualClock', () => {
  it('fires timers in due order only when time is advanced', async () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@200'), 200);
    clock.setTimeout(() => fired.push('a@100'), 100);
    const cancelled = clock.setTimeout(() => fired.push('never'), 50);
    cancelled.cancel();
    clock.advance(150);
    expect(fired).toEqual(['a@100']);
    expect(clock.now()).toBe(1150);
    const done = sleep(clock, 10);
    clock.advance(100);
    await done;
    expect(fired).toEqual(['a@100', 'b@200']);
    expect(clock.pendingTimers).toBe(0);
  });
});
