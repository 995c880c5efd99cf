/**
 * Follows the frame boundaries of TWS's inbound stream (V100+: a big-endian uint32 length, then that
 * many bytes) without buffering anything, and refuses a length outside 1..maxFrameBytes the moment its
 * header is complete. @stoqey/ib's reader would instead wait for 0x7fffffff bytes that never come (or
 * read a negative length as a message and loop), leaving the connection up over a dead stream.
 *
 * Pure and O(frames) per chunk: bodies are skipped by count, only header bytes are looked at.
 */
export class FrameGuard {
  /** Header bytes of the current frame read so far (0–3 while reading a header). */
  private headerBytes = 0;
  private headerValue = 0;
  /** Body bytes of the current frame still to come. */
  private remaining = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Starts over (a new socket). */
  reset(): void {
    this.headerBytes = 0;
    this.headerValue = 0;
    this.remaining = 0;
  }

  /** True while a frame (or its header) has started and not ended. */
  get midFrame(): boolean {
    return this.headerBytes > 0 || this.remaining > 0;
  }

  /** Checks the next chunk of the stream: undefined if every header in it is sane, else why not. */
  check(chunk: Uint8Array): string | undefined {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, n - i);
        this.remaining -= take;
        i += take;
        continue;
      }
      // multiplication, not shifts: a uint32 above 2^31 stays positive
      this.headerValue = this.headerValue * 256 + (chunk[i] ?? 0);
      this.headerBytes += 1;
      i += 1;
      if (this.headerBytes === 4) {
        const length = this.headerValue;
        this.headerBytes = 0;
        this.headerValue = 0;
        if (length < 1 || length > this.maxFrameBytes) {
          return `frame length ${length} (0x${length.toString(16)}) outside 1..${this.maxFrameBytes}`;
        }
        this.remaining = length;
      }
    }
    return undefined;
  }
}
