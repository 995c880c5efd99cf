import { OrderNotSentError, TemporaryConnectionError, TimeoutError } from '@silvertine/core';
import { parseFrame } from '../decoding/frame-size';
import type { InboundBoundary } from '../decoding/inbound-boundary';
import { decodeWsApiFrame } from '../decoding/ws-api-frame.decoder';
import type { RawWsApiFrame } from '../mapping/binance-types';
import { mapBinanceError } from '../mapping/error-mapping';
import { RequestDeadlines, type RequestDeadline } from '../http/request-deadlines';
import { wsApiPayload, type RequestSigner } from '../http/request-signer';
import { SupervisedSocket, type SocketLifecycleOptions } from './supervised-socket';

/** A user-data event as received (`event` of the `{subscriptionId, event}` envelope): only its type `e` is checked. */
export type UserDataEvent = Readonly<Record<string, unknown>> & { readonly e: string };

export interface UserDataStreamOptions extends SocketLifecycleOptions {
  /** WebSocket API URL, e.g. wss://ws-api.binance.com:443/ws-api/v3. */
  readonly url: string;
  readonly apiKey: string;
  readonly signer: RequestSigner;
  /** Local time corrected to the venue's clock. */
  readonly serverNow: () => number;
  readonly recvWindowMs: number;
  readonly brokerId: string;
  readonly requestTimeoutMs: number;
  readonly sessionMaxAgeMs: number;
  /**
   * Every user-data event (executionReport, outboundAccountPosition, balanceUpdate, listStatus…), called
   * inside `boundary`; its fields are the handler's to decode.
   */
  readonly onEvent: (event: UserDataEvent) => void;
  /** The broker's error boundary: every frame is handled inside it. */
  readonly boundary: InboundBoundary;
  /** After a reconnect has subscribed again: reconcile what may have been missed while down. */
  readonly onReconnected: () => Promise<void>;
  /** The stream went down and is reconnecting. */
  readonly onDown: (reason: string) => void;
}

/** A request waiting for its answer, and its deadline on the injected clock. */
interface Pending extends RequestDeadline {
  readonly resolve: (frame: RawWsApiFrame) => void;
  readonly reject: (error: Error) => void;
}

/** Values of a WebSocket API request's `params`. */
export type WsApiParams = Record<string, string | number | boolean>;

/**
 * The user-data stream over the WebSocket API: `userDataStream.subscribe.signature` (the REST listenKey
 * was retired for spot on 2026-02-20) on every connection, events in `{subscriptionId, event}` envelopes,
 * and requests matched to answers by id. The socket runs under core's ConnectionSupervisor (see
 * SupervisedSocket: heartbeat pings with a pong deadline, reconnection with backoff, a restart before the
 * 24 h limit); a reconnect catches up (`onReconnected`) before the stream counts as up again;
 * serverShutdown and eventStreamTerminated restart it. All timers run on the injected clock.
 */
export class UserDataStream {
  private readonly socket: SupervisedSocket;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** One timer for every request in flight, armed for the earliest deadline (see RequestDeadlines). */
  private readonly deadlines: RequestDeadlines;
  /** Frames received and not yet handled (see `onFrame`), in arrival order. */
  private frames: string[] = [];
  private drainScheduled?: NodeJS.Immediate;

  constructor(private readonly o: UserDataStreamOptions) {
    this.deadlines = new RequestDeadlines(o.clock);
    this.socket = new SupervisedSocket({
      name: 'binance ws-api',
      url: o.url,
      clock: o.clock,
      logger: o.logger,
      handshakeTimeoutMs: o.requestTimeoutMs,
      pingIntervalMs: o.pingIntervalMs,
      pongTimeoutMs: o.pongTimeoutMs,
      reconnectMinDelayMs: o.reconnectMinDelayMs,
      reconnectMaxDelayMs: o.reconnectMaxDelayMs,
      maxAgeMs: o.sessionMaxAgeMs,
      random: o.random,
      connectError: (e) => new TemporaryConnectionError(`binance ws-api: ${(e as { code?: string }).code ?? 'connection failed'}`, { brokerId: o.brokerId }),
      onOpen: () => this.subscribe(),
      onMessage: (text) => this.onFrame(text),
      onClosed: () => this.failPending(new TemporaryConnectionError('binance ws-api connection closed', { brokerId: o.brokerId })),
      onDown: (reason) => o.onDown(reason),
      onReconnected: () => o.onReconnected(),
    });
  }

  /** Connects and subscribes; rejects with a classified error if the first attempt fails. */
  start(): Promise<void> {
    return this.socket.start();
  }

  /** Closes the socket and cancels every timer; pending requests fail. */
  async stop(): Promise<void> {
    this.drain(); // what already arrived is still handled, as it would have been without the deferral
    this.failPending(new TemporaryConnectionError('binance user-data stream stopped', { brokerId: this.o.brokerId }));
    await this.socket.stop();
  }

  /** True while a subscribed socket is open. */
  get connected(): boolean {
    return this.socket.connected;
  }

  private async subscribe(): Promise<void> {
    const params: WsApiParams = { apiKey: this.o.apiKey, timestamp: this.o.serverNow(), recvWindow: this.o.recvWindowMs };
    params.signature = this.o.signer.sign(wsApiPayload(params));
    const answer = await this.exchange('userDataStream.subscribe.signature', params, this.o.requestTimeoutMs);
    if (answer.status !== 200) throw mapBinanceError({ status: answer.status ?? 500, code: answer.error?.code, msg: answer.error?.msg }, { brokerId: this.o.brokerId });
    this.o.logger.info('binance user-data stream subscribed', {});
  }

  /**
   * Sends one WebSocket API request on this connection (the one that carries user data) and resolves with
   * its answer frame, whatever its status: the caller reads it. Rejects with OrderNotSentError when no
   * socket is open (nothing was sent), TimeoutError when no answer came within `timeoutMs` on the
   * injected clock, and TemporaryConnectionError when the connection closed first or the answer was
   * unreadable: then the venue may have acted on it.
   */
  exchange(method: string, params: WsApiParams, timeoutMs: number): Promise<RawWsApiFrame> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.socket.send(JSON.stringify({ id, method, params }))) {
        reject(new OrderNotSentError(`binance ws-api ${method}: not connected`, { brokerId: this.o.brokerId }));
        return;
      }
      const pending: Pending = {
        deadlineAt: this.deadlines.deadlineIn(timeoutMs),
        expire: () => {
          this.pending.delete(id);
          reject(new TimeoutError(`binance ws-api ${method}: no answer`, timeoutMs, { brokerId: this.o.brokerId }));
        },
        resolve,
        reject,
      };
      this.pending.set(id, pending);
      this.deadlines.add(pending);
    });
  }

  /**
   * Frames are handled after the current I/O callbacks (setImmediate), in arrival order, not as each one
   * arrives. The venue writes an order's executionReport and outboundAccountPosition just before the
   * REST answer to it; handled first, they delay that answer's processing and with it the caller's next
   * order. Deferred, they run while the next request is on the wire. Nothing is dropped or reordered:
   * REST and stream already race (fills deduplicated by tradeId, stale statuses ignored by core).
   */
  private onFrame(text: string): void {
    // An answer to a request is handled at once: someone waits for it (Binance writes `id` first).
    if (text.startsWith('{"id":')) return this.onMessage(text);
    this.frames.push(text);
    this.drainScheduled ??= setImmediate(() => this.drain());
  }

  private drain(): void {
    if (this.drainScheduled) clearImmediate(this.drainScheduled);
    this.drainScheduled = undefined;
    const frames = this.frames;
    this.frames = [];
    for (const text of frames) this.onMessage(text);
  }

  private onMessage(text: string): void {
    this.o.boundary.run('user-data', text, this.handleFrame);
  }

  /**
   * One frame (inside the boundary): a refused one (not JSON, too large, neither an answer nor an event)
   * is reported and dropped; anything it carried is recovered by reconciliation, as after a gap. Created
   * once, so that no closure is allocated per frame.
   */
  private readonly handleFrame = (text: string): void => {
    const value = parseFrame(text);
    let frame: RawWsApiFrame;
    try {
      frame = decodeWsApiFrame(value);
    } catch (error) {
      // The answer to a request that failed its decoder: the request fails now (its outcome unknown), not at its deadline.
      this.take((value as { id?: unknown } | null)?.id)?.reject(new TemporaryConnectionError('binance ws-api: unreadable answer', { brokerId: this.o.brokerId, cause: error }));
      throw error;
    }
    if (frame.id !== undefined && frame.id !== null) {
      this.take(frame.id)?.resolve(frame);
      return;
    }
    const event = frame.event;
    if (!event) return; // not reached: the decoder refuses a frame with neither an id nor an event
    if (event.e === 'serverShutdown' || event.e === 'eventStreamTerminated') {
      this.o.logger.warn('binance ws-api: stream ending', { event: event.e });
      this.socket.restart(event.e);
      return;
    }
    this.o.onEvent(event);
  };

  /** The request an answer's id names, no longer pending (undefined for an id we did not send or gave up on). */
  private take(id: unknown): Pending | undefined {
    const key = typeof id === 'number' ? id : typeof id === 'string' ? Number(id) : NaN;
    const pending = this.pending.get(key);
    if (!pending) return undefined;
    this.pending.delete(key);
    this.deadlines.delete(pending);
    return pending;
  }

  private failPending(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.deadlines.close();
    for (const p of pending) p.reject(error);
  }
}
