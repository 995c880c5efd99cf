import type { Clock, Logger, TimerHandle } from '@silvertine/core';
import WebSocket from 'ws';
import { reconnectDelay } from './reconnect-backoff';

/** How a ReconnectingSocket connects, watches and reconnects, and whom it tells. */
export interface ReconnectingSocketOptions {
  /** Prefix of its log lines, e.g. `binance ws-api`. */
  readonly name: string;
  readonly url: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly handshakeTimeoutMs: number;
  /** Client ping period; a pong missing `pongTimeoutMs` after a ping drops the connection (half-open link). */
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
  readonly reconnectMinDelayMs: number;
  readonly reconnectMaxDelayMs: number;
  /** Reconnect on purpose after this long (Binance closes connections at 24 h). */
  readonly maxAgeMs?: number;
  readonly random?: () => number;
  /** The error a failed handshake rejects `start()` with (default: the socket's own). */
  readonly connectError?: (error: Error) => Error;
  /**
   * Runs on each new connection before it counts as up (e.g. a subscription request). If it throws, the
   * socket is dropped and the attempt failed. It may `send`: the socket is open and receiving.
   */
  readonly onOpen?: () => Promise<void>;
  readonly onMessage: (text: string) => void;
  /** The socket closed on its own or was dropped (not on `stop()`): requests pending on it will get no answer. */
  readonly onClosed?: () => void;
  /** An established connection was lost; a reconnect is scheduled. */
  readonly onDown?: (reason: string) => void;
  /** A reconnect succeeded (after `onOpen`): catch up with what was missed. Errors are logged. */
  readonly onReconnected?: () => Promise<void>;
}

/** The timing and plumbing options a stream passes through to its ReconnectingSocket unchanged. */
export type SocketLifecycleOptions = Pick<ReconnectingSocketOptions, 'clock' | 'logger' | 'pingIntervalMs' | 'pongTimeoutMs' | 'reconnectMinDelayMs' | 'reconnectMaxDelayMs' | 'random'>;

/**
 * The socket lifecycle both Binance streams share: connect with a handshake timeout, client pings with a
 * pong deadline, reconnection with jittered exponential backoff on any close or missing pong (and after
 * `maxAgeMs`), and `stop()`, which cancels every timer and closes the socket. All timers run on the
 * injected clock. What the frames mean is the owner's business (`onOpen`, `onMessage`).
 */
export class ReconnectingSocket {
  private socket?: WebSocket;
  private stopped = true;
  /** A connection attempt is in progress: its failure is handled by whoever awaits it, not by onClose. */
  private connecting = false;
  private attempt = 0;
  private readonly timers = new Set<TimerHandle>();
  private pongDeadline?: TimerHandle;

  constructor(private readonly o: ReconnectingSocketOptions) {}

  /** Connects (and runs `onOpen`); rejects if this first attempt fails, without scheduling a retry. */
  async start(): Promise<void> {
    this.stopped = false;
    this.connecting = true;
    try {
      await this.connectOnce();
    } finally {
      this.connecting = false;
    }
  }

  /** Cancels every timer and closes the socket; no reconnect follows. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimers();
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.terminate();
    });
  }

  /** True while the socket is open. */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Sends a text frame; false if there is no open socket. */
  send(text: string): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(text);
    return true;
  }

  /** Drops the current connection on purpose (server shutdown notice, age limit); it reconnects as after any close. */
  restart(reason: string): void {
    if (!this.socket) return;
    this.o.logger.info(`${this.o.name}: reconnecting`, { reason });
    this.socket.terminate();
  }

  /** A timer on the injected clock that `stop()` and a close cancel (e.g. a request's answer deadline is not one). */
  private schedule(fn: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = this.o.clock.setTimeout(() => {
      this.timers.delete(handle);
      fn();
    }, ms);
    this.timers.add(handle);
    return handle;
  }

  private async connectOnce(): Promise<void> {
    const socket = new WebSocket(this.o.url, { handshakeTimeout: this.o.handshakeTimeoutMs });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => {
        if (this.socket === socket) this.socket = undefined;
        reject(this.o.connectError ? this.o.connectError(error) : error);
      };
      socket.once('error', onError);
      socket.once('open', () => {
        socket.off('error', onError);
        resolve();
      });
    });
    if (this.stopped) {
      // stop() ran while the handshake was in flight: do not leave this socket open.
      socket.terminate();
      return;
    }
    socket.on('message', (data) => this.o.onMessage(data.toString()));
    socket.on('pong', () => this.onPong());
    socket.on('error', (e) => this.o.logger.warn(`${this.o.name} socket error`, { code: (e as { code?: string }).code }));
    socket.on('close', () => this.onClose(socket));
    if (this.o.onOpen) {
      try {
        await this.o.onOpen();
      } catch (error) {
        // Detached before terminating: its close event comes later, after the attempt's owner has
        // already decided what to do (retry or reject start), and must not schedule a second reconnect.
        if (this.socket === socket) {
          this.socket = undefined;
          this.o.onClosed?.();
        }
        socket.terminate();
        throw error;
      }
    }
    this.attempt = 0;
    this.schedulePing(socket);
    if (this.o.maxAgeMs !== undefined) {
      this.schedule(() => {
        if (socket === this.socket) this.restart('session age limit');
      }, this.o.maxAgeMs);
    }
    this.o.logger.info(`${this.o.name} connected`, {});
  }

  private schedulePing(socket: WebSocket): void {
    this.schedule(() => {
      if (socket !== this.socket || socket.readyState !== WebSocket.OPEN) return;
      socket.ping();
      this.pongDeadline = this.schedule(() => {
        this.o.logger.warn(`${this.o.name}: pong missing, dropping the connection`, { timeoutMs: this.o.pongTimeoutMs });
        socket.terminate();
      }, this.o.pongTimeoutMs);
      this.schedulePing(socket);
    }, this.o.pingIntervalMs);
  }

  private onPong(): void {
    if (!this.pongDeadline) return;
    this.pongDeadline.cancel();
    this.timers.delete(this.pongDeadline);
    this.pongDeadline = undefined;
  }

  private onClose(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.cancelTimers();
    this.o.onClosed?.();
    if (this.stopped || this.connecting) return;
    this.o.onDown?.('connection closed');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = reconnectDelay(this.attempt++, this.o.reconnectMinDelayMs, this.o.reconnectMaxDelayMs, this.o.random);
    this.o.logger.info(`${this.o.name}: reconnect scheduled`, { delayMs: delay, attempt: this.attempt });
    this.schedule(() => void this.reconnect(), delay);
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    this.connecting = true;
    try {
      await this.connectOnce();
    } catch (error) {
      this.o.logger.warn(`${this.o.name}: reconnect failed`, { error: (error as Error).message });
      if (!this.stopped) this.scheduleReconnect();
      return;
    } finally {
      this.connecting = false;
    }
    try {
      await this.o.onReconnected?.();
    } catch (error) {
      this.o.logger.error(`${this.o.name}: catching up after the reconnect failed`, { error: (error as Error).message });
    }
  }

  private cancelTimers(): void {
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    this.pongDeadline = undefined;
  }
}
