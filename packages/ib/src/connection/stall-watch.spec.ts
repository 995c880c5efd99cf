import { ManualClock } from '@silvertine/core';
import { StallWatch } from './stall-watch';

describe('StallWatch', () => {
  const rig = () => {
    const clock = new ManualClock(0);
    const stalls: number[] = [];
    const watch = new StallWatch(clock, 5_000, (silent) => stalls.push(silent));
    return { clock, stalls, watch };
  };

  it('never fires while progress keeps coming with gaps below the bound, however long it lasts in total', () => {
    const { clock, stalls, watch } = rig();
    for (let i = 0; i < 60; i++) {
      watch.progress();
      clock.advance(4_999);
    }
    expect(clock.now()).toBeGreaterThan(12 * 5_000);
    expect(stalls).toEqual([]);
    expect(watch.watching).toBe(true);
  });

  it('fires once after the bound of silence, and the one-tick confirmation is all it adds', () => {
    const { clock, stalls, watch } = rig();
    watch.progress();
    clock.advance(3_000);
    watch.progress();
    clock.advance(5_000);
    expect(stalls).toEqual([]); // apparent silence: the loop gets one more turn to read the socket
    clock.advance(1);
    expect(stalls).toEqual([5_001]);
    expect(watch.watching).toBe(false);
    clock.advance(60_000);
    expect(stalls).toHaveLength(1);
  });

  it('does not blame the peer for bytes the loop reads only after its timers (a busy stretch of the process)', () => {
    const { clock, stalls, watch } = rig();
    watch.progress();
    // The process was busy from 0 to 5,000 ms while TWS kept sending: the overdue timer runs first and
    // sees 5,000 ms of silence, then the loop's poll reads the bytes that waited in the kernel.
    clock.advance(5_000);
    expect(stalls).toEqual([]);
    watch.progress();
    clock.advance(1);
    expect(stalls).toEqual([]);
    clock.advance(4_999);
    expect(stalls).toEqual([]);
    clock.advance(1); // 5,000 ms of real silence since 5,000, confirmed one tick later
    expect(stalls).toEqual([5_001]);
  });

  it('stops watching when nothing is pending, and a later progress starts the silence over', () => {
    const { clock, stalls, watch } = rig();
    watch.progress();
    clock.advance(4_000);
    watch.stop();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(20_000);
    watch.progress();
    clock.advance(4_999);
    expect(stalls).toEqual([]);
    clock.advance(2);
    expect(stalls).toEqual([5_001]);
  });
});
