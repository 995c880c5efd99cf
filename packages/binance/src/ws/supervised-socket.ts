import { ConnectionSupervisor, type Clock, type Logger, type TimerHandle } from '@silvertine/core';
import WebSocket from 'ws';

/** How a SupervisedSocket connects and watches its link, and whom it tells. */
export interface SupervisedSocketOptions {
  /** Prefix of its log lines, e.g. `binance ws-api`. */
  readonly name: string;
  readonly url: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly handshakeTimeoutMs: number;
  /** Heartbeat: a ping this often; a pong missing `pongTimeoutMs` after it drops the connection (half-open link). */
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
  /** Reconnect backoff (core's ConnectionSupervisor): the first delay, doubling up to the cap, with jitter. */
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
  /** An established connection was lost; the supervisor is reconnecting. */
  readonly onDown?: (reason: string) => void;
  /**
   * After a reconnect (after `onOpen`), before the connection counts as up again: catch up with what was
   * missed. If it throws, the attempt counts as failed and the supervisor tries again later.
   */
  readonly onReconnected?: () => Promise<void>;
}

/** The timing and plumbing options a stream passes through to its SupervisedSocket unchanged. */
export type SocketLifecycleOptions = Pick<SupervisedSocketOptions, 'clock' | 'logger' | 'pingIntervalMs' | 'pongTimeoutMs' | 'reconnectMinDelayMs' | 'reconnectMaxDelayMs' | 'random'>;

/**
 * One Binance WebSocket under core's ConnectionSupervisor, the one reconnect policy: the supervisor owns
 * the heartbeat, the half-open detection by silence, the progressive reconnects and the state; this class
 * is the link it supervises. It opens the socket (with a handshake timeout and `onOpen`), answers the
 * heartbeat with a ws ping whose pong must come back within `pongTimeoutMs`, restarts before Binance's
 * 24 h limit and on a server's notice, and reports every inbound frame as activity. All timers run on
 * the injected clock.
 */
export class SupervisedSocket {
  private socket?: WebSocket;
  private pongDeadline?: TimerHandle;
  private ageTimer?: TimerHandle;
  /** True once `start()` has succeeded: later opens are reconnects, which catch up before counting as up. */
  private established = false;
  private readonly supervisor: ConnectionSupervisor;

  constructor(private readonly o: SupervisedSocketOptions) {
    this.supervisor = new ConnectionSupervisor({
      connection: { open: () => this.open(), close: (reason) => this.close(reason), ping: () => this.ping() },
      target: {
        setState: (state, reason) => {
          if (state === 'RECONNECTING') o.onDown?.(reason ?? 'connection closed');
        },
      },
      clock: o.clock,
      heartbeatIntervalMs: o.pingIntervalMs,
      // The pong deadline notices a dead link first; silence beyond a ping and its deadline is the supervisor's net.
      idleTimeoutMs: o.pingIntervalMs + o.pongTimeoutMs,
      initialDelayMs: o.reconnectMinDelayMs,
      maxDelayMs: o.reconnectMaxDelayMs,
      jitter: 0.2,
      random: o.random,
      beforeConnected: () => this.beforeConnected(),
    });
    this.supervisor.events$.subscribe((event) => {
      if (event.kind === 'reconnect-scheduled') o.logger.info(`${o.name}: reconnect scheduled`, { delayMs: event.delayMs, attempt: event.attempt });
      else if (event.kind === 'attempt-failed') o.logger.warn(`${o.name}: reconnect failed`, { attempt: event.attempt, error: event.reason });
      else if (event.kind === 'half-open') o.logger.warn(`${o.name}: no traffic, dropping the connection`, { idleMs: event.idleMs });
    });
  }

  /** Connects (and runs `onOpen`); rejects if this first attempt fails, without scheduling a retry. */
  async start(): Promise<void> {
    await this.supervisor.start();
    this.established = true;
  }

  /** Stops supervising: cancels every timer and closes the socket; no reconnect follows. */
  async stop(): Promise<void> {
    await this.supervisor.stop();
    this.supervisor.dispose();
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

  /** Drops the current connection on purpose (server shutdown notice, age limit); the supervisor reconnects as after any drop. */
  restart(reason: string): void {
    if (!this.socket) return;
    this.o.logger.info(`${this.o.name}: reconnecting`, { reason });
    this.socket.terminate();
  }

  private async open(): Promise<void> {
    this.discard(); // a socket left by a failed attempt (its catch-up failed) goes first
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
    socket.on('message', (data) => {
      this.supervisor.notifyActivity();
      this.o.onMessage(data.toString());
    });
    socket.on('ping', () => this.supervisor.notifyActivity());
    socket.on('pong', () => this.onPong());
    socket.on('error', (e) => this.o.logger.warn(`${this.o.name} socket error`, { code: (e as { code?: string }).code }));
    socket.on('close', () => this.onClose(socket));
    if (this.o.onOpen) {
      try {
        await this.o.onOpen();
      } catch (error) {
        // Detached before terminating: its close event comes later and must not count as a drop.
        if (this.socket === socket) {
          this.socket = undefined;
          this.o.onClosed?.();
        }
        socket.terminate();
        throw error;
      }
    }
    if (this.o.maxAgeMs !== undefined) {
      this.ageTimer = this.o.clock.setTimeout(() => {
        this.ageTimer = undefined;
        if (socket === this.socket) this.restart('session age limit');
      }, this.o.maxAgeMs);
    }
    this.o.logger.info(`${this.o.name} connected`, {});
  }

  /** After a reconnect: the owner catches up; a socket lost meanwhile fails the attempt. */
  private async beforeConnected(): Promise<void> {
    if (!this.established) return;
    await this.o.onReconnected?.();
    if (!this.connected) throw new Error(`${this.o.name}: connection lost while catching up`);
  }

  /** The supervisor's heartbeat: a ws ping whose pong must come back within the deadline. */
  private ping(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    socket.ping();
    this.pongDeadline ??= this.o.clock.setTimeout(() => {
      this.pongDeadline = undefined;
      this.o.logger.warn(`${this.o.name}: pong missing, dropping the connection`, { timeoutMs: this.o.pongTimeoutMs });
      socket.terminate();
    }, this.o.pongTimeoutMs);
  }

  private onPong(): void {
    this.supervisor.notifyActivity();
    this.pongDeadline?.cancel();
    this.pongDeadline = undefined;
  }

  private onClose(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.cancelTimers();
    this.o.onClosed?.();
    this.supervisor.notifyClosed('connection closed');
  }

  /** The supervisor closes the link: on stop, and on a half-open one (silence). */
  private async close(reason: string): Promise<void> {
    const socket = this.socket;
    this.discard();
    if (reason !== 'stopped') this.o.onClosed?.();
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  }

  /** Forgets the current socket (its close event is then ignored) and terminates it. */
  private discard(): void {
    this.cancelTimers();
    const socket = this.socket;
    this.socket = undefined;
    socket?.terminate();
  }

  private cancelTimers(): void {
    this.pongDeadline?.cancel();
    this.ageTimer?.cancel();
    this.pongDeadline = this.ageTimer = undefined;
  }
}
