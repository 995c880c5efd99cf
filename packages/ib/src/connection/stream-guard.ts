import type { Clock } from '@silvertine/core';
import { ErrorCode, type IBApi } from '@stoqey/ib';
import { FrameGuard } from './frame-guard';
import { StallWatch } from './stall-watch';
import { installStrictIntReaders, type IntReaders } from './strict-int-reader';

/** How strict the guard is. */
export interface StreamGuardOptions {
  /** Largest inbound frame accepted, bytes. */
  readonly maxFrameBytes: number;
  /** No byte of a started frame for this long means the stream is stuck, ms. */
  readonly frameStallMs: number;
}

/** The parts of @stoqey/ib's internals the guard sits between (not in its typings). */
interface SocketInternals {
  onData(data: Buffer): void;
}
interface ControllerInternals {
  readonly socket: SocketInternals;
  readonly decoder: IntReaders & { dataQueue: unknown[] };
}

/**
 * Watches the bytes and the decoding of TWS's stream and calls `corrupt` once per socket when either
 * cannot be trusted: a length prefix outside 1..maxFrameBytes, a started frame of which no byte
 * arrives for `frameStallMs` (a no-progress timer: a large frame arriving slowly is fine), an exception out of @stoqey/ib's decoder (which would otherwise reach the process as
 * an uncaught exception from the socket's data event), or @stoqey/ib's own report that a frame did not
 * decode (error 505: unknown message id, fields left over, fields missing). After that nothing more of
 * the socket is decoded: the owner drops it, reconnects and reconciles.
 *
 * It replaces the Socket's `onData` on the instance: @stoqey/ib registers `(data) => this.onData(data)`,
 * so every chunk passes through here first, with no copy.
 */
export class StreamGuard {
  private readonly frames: FrameGuard;
  private readonly controller: ControllerInternals;
  private readonly stall: StallWatch;
  private tripped = false;

  constructor(
    events: IBApi,
    options: StreamGuardOptions,
    clock: Clock,
    private readonly corrupt: (reason: string) => void,
  ) {
    this.frames = new FrameGuard(options.maxFrameBytes);
    this.stall = new StallWatch(clock, options.frameStallMs, (silentMs) =>
      this.trip(`a frame stayed incomplete: no byte of it arrived for ${silentMs} ms`),
    );
    this.controller = (events as unknown as { controller: ControllerInternals }).controller;
    // a garbage integer ("12abc") reads as NaN, not as parseInt's 12: the decoders refuse its message
    installStrictIntReaders(this.controller.decoder);
    const socket = this.controller.socket;
    const read = Object.getPrototypeOf(socket).onData as (this: SocketInternals, data: Buffer) => void;
    const readChunk = (chunk: Buffer) => read.call(socket, chunk); // one closure, not one per chunk
    socket.onData = (data: Buffer) => this.onData(data, readChunk);
  }

  /** True once the current socket was declared corrupt (until `reset`). */
  get isTripped(): boolean {
    return this.tripped;
  }

  /** A new socket: forget the old one's frame position and verdict. */
  reset(): void {
    this.frames.reset();
    this.stall.stop();
    this.tripped = false;
  }

  /** @stoqey/ib reports a frame it could not decode as error 505 with no request id. */
  onLibraryError(code: number, reqId: number, message: string): void {
    if (code === ErrorCode.UNKNOWN_ID && reqId < 0) this.trip(`undecodable frame: ${message.slice(0, 160)}`);
  }

  private onData(data: Buffer, read: (data: Buffer) => void): void {
    if (this.tripped) return;
    const bad = this.frames.check(data);
    if (bad) return this.trip(bad);
    // every chunk that leaves a frame open carries bytes of it (its first byte continues the open frame
    // or starts a new one): progress, however small
    if (this.frames.midFrame) this.stall.progress();
    else this.stall.stop();
    try {
      read(data);
    } catch (error) {
      this.trip(`decoding threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private trip(reason: string): void {
    if (this.tripped) return;
    this.tripped = true;
    this.stall.stop();
    // stops the decoder's loop over messages already split from this chunk
    this.controller.decoder.dataQueue = [];
    this.corrupt(reason);
  }
}
