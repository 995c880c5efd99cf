import type { Clock, TimerHandle } from '@silvertine/core';
import { ErrorCode, type IBApi } from '@stoqey/ib';
import { FrameGuard } from './frame-guard';

/** How strict the guard is. */
export interface StreamGuardOptions {
  /** Largest inbound frame accepted, bytes. */
  readonly maxFrameBytes: number;
  /** A frame started but not finished within this long means the stream is stuck, ms. */
  readonly frameStallMs: number;
}

/** The parts of @stoqey/ib's internals the guard sits between (not in its typings). */
interface SocketInternals {
  onData(data: Buffer): void;
}
interface ControllerInternals {
  readonly socket: SocketInternals;
  readonly decoder: { dataQueue: unknown[] };
}

/**
 * Watches the bytes and the decoding of TWS's stream and calls `corrupt` once per socket when either
 * cannot be trusted: a length prefix outside 1..maxFrameBytes, a frame that stays incomplete for
 * `frameStallMs`, an exception out of @stoqey/ib's decoder (which would otherwise reach the process as
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
  private stallTimer?: TimerHandle;
  private tripped = false;

  constructor(
    events: IBApi,
    private readonly options: StreamGuardOptions,
    private readonly clock: Clock,
    private readonly corrupt: (reason: string) => void,
  ) {
    this.frames = new FrameGuard(options.maxFrameBytes);
    this.controller = (events as unknown as { controller: ControllerInternals }).controller;
    const socket = this.controller.socket;
    const read = Object.getPrototypeOf(socket).onData as (this: SocketInternals, data: Buffer) => void;
    socket.onData = (data: Buffer) => this.onData(data, (chunk) => read.call(socket, chunk));
  }

  /** True once the current socket was declared corrupt (until `reset`). */
  get isTripped(): boolean {
    return this.tripped;
  }

  /** A new socket: forget the old one's frame position and verdict. */
  reset(): void {
    this.frames.reset();
    this.stallTimer?.cancel();
    this.stallTimer = undefined;
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
    if (this.frames.midFrame) this.armStall();
    else if (this.stallTimer) this.disarmStall();
    try {
      read(data);
    } catch (error) {
      this.trip(`decoding threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private armStall(): void {
    if (this.stallTimer) return;
    const ms = this.options.frameStallMs;
    this.stallTimer = this.clock.setTimeout(() => {
      this.stallTimer = undefined;
      this.trip(`a frame stayed incomplete for ${ms} ms`);
    }, ms);
  }

  private disarmStall(): void {
    this.stallTimer?.cancel();
    this.stallTimer = undefined;
  }

  private trip(reason: string): void {
    if (this.tripped) return;
    this.tripped = true;
    this.disarmStall();
    // stops the decoder's loop over messages already split from this chunk
    this.controller.decoder.dataQueue = [];
    this.corrupt(reason);
  }
}
