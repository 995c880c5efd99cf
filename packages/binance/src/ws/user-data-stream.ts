import { TemporaryConnectionError, TimeoutError, type Clock, type Logger, type TimerHandle } from '@silvertine/core';
import WebSocket from 'ws';
import { mapBinanceError } from '../mapping/error-mapping';
import type { RawBinanceError } from '../mapping/binance-types';
import { wsApiPayload, type RequestSigner } from '../http/request-signer';
import { reconnectDelay } from './reconnect-backoff';

/** A user-data event as received (`event` of the `{subscriptionId, event}` envelope). */
export type UserDataEvent = Readonly<Record<string, unknown>> & { readonly e: string };

export interface UserDataStreamOptions {
  /** WebSocket API URL, e.g. wss://ws-api.binance.com:443/ws-api/v3. */
  readonly url: string;
  readonly apiKey: string;
  readonly signer: RequestSigner;
  /** Local time corrected to the venue's clock. */
  readonly serverNow: () => number;
  readonly recvWindowMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly brokerId: string;
  readonly requestTimeoutMs: number;
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
  readonly reconnectMinDelayMs: number;
  readonly reconnectMaxDelayMs: number;
  readonly sessionMaxAgeMs: number;
  readonly random?: () => number;
  /** Every user-data event (executionReport, outboundAccountPosition, balanceUpdate, listStatus…). */
  readonly onEvent: (event: UserDataEvent) => void;
  /** After a reconnect has subscribed again: reconcile what may have been missed while down. */
  readonly onReconnected: () => Promise<void>;
  /** The stream went down and is reconnecting. */
  readonly onDown: (reason: string) => void;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: TimerHandle;
}

/**
 * The user-data stream over the WebSocket API: `userDataStream.subscribe.signature` (the REST listenKey
 * was retired for spot on 2026-02-20), events in `{subscriptionId, event}` envelopes, client pings with a
 * pong deadline (a half-open link is detected and dropped), and reconnection with jittered exponential
 * backoff on close, missing pong, serverShutdown, eventStreamTerminated and before the 24 h limit. All
 * timers run on the injected clock.
 */
export class UserDataStream {
  private socket?: WebSocket;
  private stopped = true;
  private attempt = 0;
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly timers = new Set<TimerHandle>();
  private reconnecting = false;

  constructor(private readonly o: UserDataStreamOptions) {}

  /** Connects and subscribes; rejects with a classified error if the first attempt fails. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connectOnce();
  }

  /** Closes the socket and cancels every timer. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    this.failPending(new TemporaryConnectionError('binance user-data stream stopped', { brokerId: this.o.brokerId }));
    await this.closeSocket();
  }

  /** True while a subscribed socket is open. */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private async connectOnce(): Promise<void> {
    const socket = new WebSocket(this.o.url, { handshakeTimeout: this.o.requestTimeoutMs });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => {
        if (this.socket === socket) this.socket = undefined;
        reject(new TemporaryConnectionError(`binance ws-api: ${(e as { code?: string }).code ?? 'connection failed'}`, { brokerId: this.o.brokerId }));
      };
      socket.once('error', onError);
      socket.once('open', () => {
        socket.off('error', onError);
        resolve();
      });
    });
    socket.on('message', (data) => this.onMessage(data.toString()));
    socket.on('pong', () => this.onPong());
    socket.on('error', (e) => this.o.logger.warn('binance ws-api socket error', { code: (e as { code?: string }).code }));
    socket.on('close', () => this.onClose(socket));
    const params: Record<string, string | number> = { apiKey: this.o.apiKey, timestamp: this.o.serverNow(), recvWindow: this.o.recvWindowMs };
    params.signature = this.o.signer.sign(wsApiPayload(params));
    try {
      await this.send('userDataStream.subscribe.signature', params);
    } catch (error) {
      socket.terminate();
      throw error;
    }
    this.attempt = 0;
    this.schedulePing(socket);
    this.schedule(() => this.restart(socket, 'session age limit'), this.o.sessionMaxAgeMs);
    this.o.logger.info('binance user-data stream subscribed', {});
  }

  /** Sends one WebSocket API request and waits for its answer. */
  private send(method: string, params: Record<string, string | number>): Promise<unknown> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.reject(new TemporaryConnectionError('binance ws-api not connected', { brokerId: this.o.brokerId }));
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      const timer = this.o.clock.setTimeout(() => {
        this.pending.delete(id);
        reject(new TimeoutError(`binance ws-api ${method}: no answer`, this.o.requestTimeoutMs, { brokerId: this.o.brokerId }));
      }, this.o.requestTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      socket.send(JSON.stringify({ id, method, params }));
    });
  }

  private onMessage(text: string): void {
    let msg: { id?: unknown; status?: number; result?: unknown; error?: RawBinanceError; event?: UserDataEvent };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      // A torn or garbled frame: ignore it. Anything it carried is recovered by reconciliation.
      this.o.logger.warn('binance ws-api: unreadable frame ignored', { length: text.length });
      return;
    }
    if (msg.id !== undefined && msg.id !== null) {
      const pending = this.pending.get(String(msg.id));
      if (!pending) return;
      this.pending.delete(String(msg.id));
      pending.timer.cancel();
      if (msg.status === 200) pending.resolve(msg.result);
      else pending.reject(mapBinanceError({ status: msg.status ?? 500, code: msg.error?.code, msg: msg.error?.msg }, { brokerId: this.o.brokerId }));
      return;
    }
    const event = msg.event;
    if (!event || typeof event.e !== 'string') return;
    if (event.e === 'serverShutdown' || event.e === 'eventStreamTerminated') {
      this.o.logger.warn('binance ws-api: stream ending', { event: event.e });
      if (this.socket) void this.restart(this.socket, event.e);
      return;
    }
    this.o.onEvent(event);
  }

  private pongDeadline?: TimerHandle;

  private schedulePing(socket: WebSocket): void {
    this.schedule(() => {
      if (socket !== this.socket || socket.readyState !== WebSocket.OPEN) return;
      socket.ping();
      this.pongDeadline = this.schedule(() => {
        this.o.logger.warn('binance ws-api: pong missing, dropping the connection', { timeoutMs: this.o.pongTimeoutMs });
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

  /** Drops `socket` on purpose; its close handler reconnects. */
  private async restart(socket: WebSocket, reason: string): Promise<void> {
    if (socket !== this.socket) return;
    this.o.logger.info('binance ws-api: reconnecting', { reason });
    socket.terminate();
  }

  private onClose(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.pongDeadline?.cancel();
    this.failPending(new TemporaryConnectionError('binance ws-api connection closed', { brokerId: this.o.brokerId }));
    if (this.stopped || this.reconnecting) return;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    this.o.onDown('connection closed');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = reconnectDelay(this.attempt++, this.o.reconnectMinDelayMs, this.o.reconnectMaxDelayMs, this.o.random);
    this.o.logger.info('binance ws-api: reconnect scheduled', { delayMs: delay, attempt: this.attempt });
    this.schedule(() => void this.reconnect(), delay);
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    this.reconnecting = true;
    try {
      await this.connectOnce();
    } catch (error) {
      this.reconnecting = false;
      this.o.logger.warn('binance ws-api: reconnect failed', { error: (error as Error).message });
      if (!this.stopped) this.scheduleReconnect();
      return;
    }
    this.reconnecting = false;
    try {
      await this.o.onReconnected();
    } catch (error) {
      this.o.logger.error('binance: reconciliation after reconnect failed', { error: (error as Error).message });
    }
  }

  private schedule(fn: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = this.o.clock.setTimeout(() => {
      this.timers.delete(handle);
      fn();
    }, ms);
    this.timers.add(handle);
    return handle;
  }

  private failPending(error: Error): void {
    for (const p of this.pending.values()) {
      p.timer.cancel();
      p.reject(error);
    }
    this.pending.clear();
  }

  private async closeSocket(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.terminate();
    });
  }
}
