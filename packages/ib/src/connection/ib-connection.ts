import { TemporaryConnectionError, TimeoutError, type BrokerError, type Clock, type Logger, type TimerHandle } from '@silvertine/core';
import { ErrorCode, EventName, IBApi, IBApiNext } from '@stoqey/ib';
import { toBrokerError } from '../mapping/error-mapping';
import { backoffDelay, type BackoffPolicy } from './backoff.policy';
import { ibLoggerBridge } from './ib-logger.bridge';
import { StreamGuard } from './stream-guard';

/** Connection settings (a subset of IbBrokerConfig). */
export interface IbConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly maxRequestsPerSecond?: number;
  readonly connectTimeoutMs: number;
  readonly watchdogIntervalMs: number;
  readonly reconnect: BackoffPolicy & { readonly enabled?: boolean };
  readonly brokerId: string;
  /** Largest inbound frame accepted; a longer length prefix drops the connection (default 1 MiB). */
  readonly maxFrameBytes?: number;
  /** A frame started but not finished within this long drops the connection, ms (default 5000). */
  readonly frameStallMs?: number;
}

/** What the owner of a connection is told. All callbacks run synchronously on the socket's events. */
export interface IbConnectionHooks {
  /** The socket dropped (or the watchdog declared it dead); a reconnect is scheduled unless disabled. */
  lost(reason: string): void;
  /** A reconnect succeeded (handshake + nextValidId); the owner reconciles before trading resumes. */
  restored(nextOrderId: number): Promise<void>;
  /** Reconnection gave up (attempts exhausted, disabled, or a non-retryable error such as a bad version). */
  failed(error: BrokerError): void;
  /** TWS ↔ IB server notices on a live socket: 1100 lost, 1101 restored with data lost, 1102 restored. */
  system(code: number, message: string): void;
  /** The stream could not be trusted (see StreamGuard); the socket is being dropped. */
  corrupt(reason: string): void;
  /**
   * The error boundary every @stoqey/ib callback runs in: `handler` is one listener call, `payload`
   * its arguments (for the excerpt of a refused message). Must not throw.
   */
  inbound(kind: string, handler: () => void, payload: () => unknown): void;
}

/** Defaults of the stream checks: far above any message the adapter asks for, far below IB's 16 MB. */
const DEFAULT_MAX_FRAME_BYTES = 1 << 20;
const DEFAULT_FRAME_STALL_MS = 5_000;

/** Signature of listeners we attach to @stoqey/ib's EventEmitter (each typed at its call site). */
type Listener = (...args: never[]) => void;
type RawListener = (...args: unknown[]) => void;

/** The EventEmitter surface of IBApi we use, without its per-event overloads. */
interface Emitter {
  on(event: string, listener: RawListener): unknown;
  removeListener(event: string, listener: RawListener): unknown;
  listeners(event: string): RawListener[];
  removeAllListeners(): unknown;
}

/**
 * Owns one IBApiNext and its socket: connect with a timeout, clientId-in-use detection, reconnection
 * with backoff on an injected clock, and a watchdog. IBApiNext's own reconnect timer and watchdog are
 * off (they use wall-clock timers and a fixed interval), and so is its reaction to 1100 (it drops the
 * socket): 1100 means TWS lost *its* link to IB while our socket is fine, and IB's documented recovery
 * is to wait for 1101/1102 on the same socket.
 */
export class IbConnection {
  /** The IBApiNext the adapter issues requests through. */
  readonly api: IBApiNext;
  /**
   * The EventEmitter under IBApiNext. IBApiNext offers no continuous stream of order status and
   * executions (those exist only inside one-shot requests), so order events are read here.
   */
  readonly events: IBApi;
  private readonly emitter: Emitter;
  private readonly listeners: Array<[EventName, RawListener]> = [];
  private readonly guard: StreamGuard;
  private managedAccounts: string[] = [];
  private wanted = false;
  private connected = false;
  private attempt = 0;
  private reconnectTimer?: TimerHandle;
  private watchdogTimer?: TimerHandle;
  private lastIngress = 0;

  constructor(
    private readonly options: IbConnectionOptions,
    private readonly hooks: IbConnectionHooks,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.api = new IBApiNext({ host: options.host, port: options.port, reconnectInterval: 0, connectionWatchdogInterval: 0, maxReqPerSec: options.maxRequestsPerSecond, logger: ibLoggerBridge(logger) });
    this.events = (this.api as unknown as { api: IBApi }).api;
    this.emitter = this.events as unknown as Emitter;
    this.guard = new StreamGuard(
      this.events,
      { maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES, frameStallMs: options.frameStallMs ?? DEFAULT_FRAME_STALL_MS },
      clock,
      (reason) => this.onCorrupt(reason),
    );
    // IBApiNext's info listener drops the socket on 1100/2110; we own that decision (see class doc).
    for (const listener of this.emitter.listeners(EventName.info)) this.emitter.removeListener(EventName.info, listener);
    this.listen(EventName.info, (message: string, code: number) => this.onNotice(code, message));
    this.listen(EventName.managedAccounts, (list: string) => {
      this.managedAccounts = list.split(',').map((a) => a.trim()).filter(Boolean);
    });
    this.listen(EventName.received, () => {
      this.lastIngress = this.clock.now();
    });
    this.listen(EventName.disconnected, () => this.onSocketClosed('socket closed'));
    // not through `listen`: it must see the error that trips the guard, and it cannot throw
    this.emitter.on(EventName.error, (error: unknown, code: unknown, reqId: unknown) => {
      if (typeof code === 'number') this.guard.onLibraryError(code, typeof reqId === 'number' ? reqId : -1, error instanceof Error ? error.message : '');
    });
  }

  /** Accounts TWS said this login manages (from the handshake). */
  get accounts(): readonly string[] {
    return this.managedAccounts;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /**
   * Adds a listener on @stoqey/ib's events, removed again by `close()`. It runs inside the owner's
   * inbound boundary, and not at all for the rest of a socket declared corrupt.
   */
  listen(event: EventName, listener: Listener): void {
    const raw = this.guarded(event, listener);
    this.emitter.on(event, raw);
    this.listeners.push([event, raw]);
  }

  /** Adds a listener (guarded like `listen`) until the returned function is called (a request's side channel). */
  listenUntil(event: EventName, listener: Listener): () => void {
    const raw = this.guarded(event, listener);
    this.emitter.on(event, raw);
    return () => void this.emitter.removeListener(event, raw);
  }

  private guarded(event: EventName, listener: Listener): RawListener {
    const call = listener as unknown as RawListener;
    // the socket's own lifecycle still counts after a corrupt frame: that is how the drop is seen
    const quarantined = event !== EventName.disconnected && event !== EventName.connected;
    return (...args: unknown[]) => {
      if (quarantined && this.guard.isTripped) return;
      this.hooks.inbound(event, () => call(...args), () => args);
    };
  }

  /** First connection: resolves with the next valid order id, rejects with a classified error. */
  async open(): Promise<number> {
    this.wanted = true;
    const nextOrderId = await this.handshake();
    this.attempt = 0;
    this.startWatchdog();
    return nextOrderId;
  }

  /** Closes the socket and every listener and timer; no reconnect follows. */
  close(): void {
    this.wanted = false;
    this.reconnectTimer?.cancel();
    this.reconnectTimer = undefined;
    this.stopWatchdog();
    this.dropSocket();
    for (const [event, listener] of this.listeners.splice(0)) this.emitter.removeListener(event, listener);
    this.emitter.removeAllListeners();
  }

  /** Drops the socket as if the network had failed (watchdog, tests); the reconnect logic takes over. */
  drop(reason: string): void {
    if (!this.connected) return;
    // report first: dropSocket clears `connected`, after which onSocketClosed would ignore the loss
    this.onSocketClosed(reason);
    this.dropSocket();
  }

  /** Connect once: socket, handshake, nextValidId and managed accounts, or a classified error. */
  private handshake(): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      let nextOrderId: number | undefined;
      let settled = false;
      const cleanup: Array<() => void> = [];
      const finish = (error: BrokerError | undefined) => {
        if (settled) return;
        settled = true;
        for (const undo of cleanup) undo();
        if (error) {
          this.dropSocket();
          reject(error);
        } else {
          this.connected = true;
          this.lastIngress = this.clock.now();
          resolve(nextOrderId!);
        }
      };
      const on = (event: EventName, listener: Listener) => {
        const raw = this.guarded(event, listener);
        this.emitter.on(event, raw);
        cleanup.push(() => this.emitter.removeListener(event, raw));
      };
      const ready = () => {
        if (nextOrderId !== undefined && this.managedAccounts.length > 0) finish(undefined);
      };
      on(EventName.nextValidId, (orderId: number) => {
        nextOrderId = orderId;
        ready();
      });
      on(EventName.managedAccounts, () => queueMicrotask(ready));
      const fail = (code: number, message: string) => {
        if (code === 326 || code === ErrorCode.CONNECT_FAIL || code === 503 || code === 506) {
          finish(toBrokerError(code, message, { brokerId: this.options.brokerId }));
        }
      };
      on(EventName.info, (message: string, code: number) => fail(code, message));
      on(EventName.error, (error: Error, code: number) => fail(code, error.message));
      on(EventName.disconnected, () =>
        finish(new TemporaryConnectionError(`TWS at ${this.options.host}:${this.options.port} ${this.guard.isTripped ? 'sent a corrupt stream' : 'closed the connection'} during the handshake`, { brokerId: this.options.brokerId })),
      );
      const timer = this.clock.setTimeout(() => {
        finish(new TimeoutError(`no handshake from TWS at ${this.options.host}:${this.options.port} within ${this.options.connectTimeoutMs} ms`, this.options.connectTimeoutMs, { brokerId: this.options.brokerId }));
      }, this.options.connectTimeoutMs);
      cleanup.push(() => timer.cancel());
      this.managedAccounts = [];
      this.guard.reset();
      this.api.connect(this.options.clientId);
    });
  }

  private onNotice(code: number, message: string): void {
    if (code === 1100 || code === 1101 || code === 1102) {
      this.hooks.system(code, message);
    } else if (code === 1300) {
      // TWS moved its socket port: this connection is being dropped; reconnecting is all we can do
      this.drop(`IB 1300: ${message}`);
    } else if (code >= 2100 && code < 3000) {
      this.logger.debug('ib notice', { code, message });
    } else {
      this.logger.info('ib notice', { code, message });
    }
  }

  /** The stream guard gave up on this socket: report it, then drop it like a dead link. */
  private onCorrupt(reason: string): void {
    this.logger.error('ib stream corrupt: dropping the connection', { reason });
    this.hooks.corrupt(reason);
    if (this.connected) this.drop(`corrupt stream: ${reason}`);
    else this.dropSocket(); // during a handshake: it fails on the close and the reconnect logic retries
  }

  private onSocketClosed(reason: string): void {
    if (!this.connected) return; // during a handshake the handshake reports it
    this.connected = false;
    this.stopWatchdog();
    if (!this.wanted) return;
    this.logger.warn('ib connection lost', { reason });
    this.hooks.lost(reason);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.wanted) return;
    if (this.options.reconnect.enabled === false) {
      this.hooks.failed(new TemporaryConnectionError('connection lost and reconnect is disabled', { brokerId: this.options.brokerId }));
      return;
    }
    this.attempt += 1;
    const delay = backoffDelay(this.options.reconnect, this.attempt);
    if (delay === undefined) {
      this.hooks.failed(new TemporaryConnectionError(`gave up reconnecting after ${this.attempt - 1} attempts`, { brokerId: this.options.brokerId }));
      return;
    }
    this.logger.info('ib reconnect scheduled', { attempt: this.attempt, delayMs: delay });
    this.reconnectTimer = this.clock.setTimeout(() => void this.reconnect(), delay);
  }

  private async reconnect(): Promise<void> {
    this.reconnectTimer = undefined;
    if (!this.wanted) return;
    let nextOrderId: number;
    try {
      nextOrderId = await this.handshake();
    } catch (error) {
      this.logger.warn('ib reconnect attempt failed', { attempt: this.attempt, error: (error as Error).message });
      const code = (error as BrokerError).code;
      if (code === 'CONFIGURATION' && (error as BrokerError).venueCode !== 326) {
        this.hooks.failed(error as BrokerError); // a version mismatch will not heal by retrying
        return;
      }
      this.scheduleReconnect(); // 326 included: TWS frees the clientId once it notices the old socket is gone
      return;
    }
    if (!this.wanted) return void this.dropSocket();
    this.attempt = 0;
    this.startWatchdog();
    await this.hooks.restored(nextOrderId);
  }

  private dropSocket(): void {
    this.connected = false;
    // IBApiNext.disconnect() only closes sockets that finished the handshake, and once it has run a
    // half-open socket no longer closes cleanly: close the socket through IBApi first, then sync IBApiNext.
    const socket = (this.events as unknown as { controller?: { socket?: { status?: number } } }).controller?.socket;
    if (socket?.status) IBApi.prototype.disconnect.call(this.events);
    this.api.disconnect();
  }

  private startWatchdog(): void {
    const interval = this.options.watchdogIntervalMs;
    if (interval <= 0 || this.watchdogTimer) return;
    const tick = () => {
      this.watchdogTimer = undefined;
      if (!this.connected) return;
      const silent = this.clock.now() - this.lastIngress;
      if (silent >= 2 * interval) return this.drop(`watchdog: no data from TWS for ${silent} ms`);
      if (silent >= interval) this.events.reqCurrentTime(); // any answer proves the link is alive
      this.watchdogTimer = this.clock.setTimeout(tick, Math.max(1, Math.floor(interval / 2)));
    };
    this.watchdogTimer = this.clock.setTimeout(tick, Math.max(1, Math.floor(interval / 2)));
  }

  private stopWatchdog(): void {
    this.watchdogTimer?.cancel();
    this.watchdogTimer = undefined;
  }
}
