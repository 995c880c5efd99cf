import { ManualClock } from '@silvertine/core';
import type { IBApi } from '@stoqey/ib';
import { StreamGuard } from './stream-guard';

/** @stoqey/ib's Socket as far as the guard sees it: `onData` on the prototype, replaced on the instance. */
class FakeSocket {
  readonly read: Buffer[] = [];
  onData(data: Buffer): void {
    this.read.push(data);
  }
}

const rig = (frameStallMs: number) => {
  const clock = new ManualClock(0);
  const socket = new FakeSocket();
  const events = { controller: { socket, decoder: { dataQueue: [] as unknown[] } } } as unknown as IBApi;
  const corrupt: string[] = [];
  const guard = new StreamGuard(events, { maxFrameBytes: 1 << 20, frameStallMs }, clock, (reason) => corrupt.push(reason));
  return { clock, socket, guard, corrupt };
};

/** One frame of `bodyBytes` bytes, length prefix included. */
const frame = (bodyBytes: number) => {
  const out = Buffer.alloc(4 + bodyBytes, 0x41);
  out.writeUInt32BE(bodyBytes, 0);
  return out;
};

describe('StreamGuard stall timer (no progress, not total time)', () => {
  it('passes a large frame trickling in for far longer than frameStallMs, each gap below it', () => {
    const { clock, socket, guard, corrupt } = rig(5_000);
    const big = frame(100_000);
    for (let at = 0; at < big.length; at += 1_000) {
      socket.onData(big.subarray(at, at + 1_000));
      clock.advance(4_900);
    }
    expect(clock.now()).toBeGreaterThan(100 * 4_900); // ~8 minutes for one frame
    expect(corrupt).toEqual([]);
    expect(guard.isTripped).toBe(false);
    expect(Buffer.concat(socket.read)).toEqual(big);
    expect(clock.pendingTimers).toBe(0); // the frame ended: nothing is watched
  });

  it('trips when no byte of the open frame arrives for frameStallMs, and reads nothing more', () => {
    const { clock, socket, guard, corrupt } = rig(5_000);
    const f = frame(2_000);
    socket.onData(f.subarray(0, 500));
    clock.advance(4_000);
    socket.onData(f.subarray(500, 1_000));
    clock.advance(4_999);
    expect(corrupt).toEqual([]);
    clock.advance(2);
    expect(corrupt).toEqual(['a frame stayed incomplete: no byte of it arrived for 5001 ms']);
    expect(guard.isTripped).toBe(true);
    socket.onData(f.subarray(1_000));
    expect(socket.read).toHaveLength(2);
  });

  it('does not watch between frames: an idle link with no frame open never trips', () => {
    const { clock, socket, corrupt } = rig(5_000);
    socket.onData(frame(10));
    clock.advance(60_000);
    expect(corrupt).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
  });
});
