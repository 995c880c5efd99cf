import {
  ConnectionSupervisor,
  TemporaryConnectionError,
  TimeoutError,
  type BrokerError,
  type Clock,
  type ConnectionState,
  type Logger,
  type SupervisedConnection,
} from '@silvertine/core';
import { ErrorCode, EventName, IBApi, IBApiNext } from '@stoqey/ib';
import { toBrokerError } from '../mapping/error-mapping';
import { ibLoggerBridge } from './ib-logger.bridge';
import { StreamGuard } from './stream-guard';

/** How the socket is reconnected (from IbBrokerConfig.reconnect): the shared supervisor's schedule. */
export interface IbReconnectOptions {
  /** False: a dropped socket is final (the owner is told `failed`). */
  readonly enabled?: boolean;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Failed attempts in a row before giving up; 0 = never give up. */
  readonly maxAttempts: number;
}

/** Connection settings (a subset of IbBrokerConfig). */
export interface IbConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly maxRequestsPerSecond?: number;
  readonly connectTimeoutMs: number;
  /** Silence after which TWS is probed (reqCurrentTime); twice as long drops the socket. 0 = off. */
  readonly watchdogIntervalMs: number;
  readonly reconnect: IbReconnectOptions;
  readonly brokerId: string;
  /** Largest inbound frame accepted; a longer length prefix drops the connection (default 1 MiB). */
  readonly maxFrameBytes?: number;
  /** No byte of a started frame for this long drops the connection, ms (default 5000). */
  readonly frameStallMs?: number;
}

/** What the owner of a connection is told. */
export interface IbConnectionHooks {
  /**
   * A socket finished its handshake: the owner prepares before trading resumes (first connection:
   * accounts; reconnect: reconciliation). A throw fails the attempt; the socket is dropped and retried.
   */
  ready(nextOrderId: number, reconnect: boolean): Promise<void>;
  /** The supervisor's view of the connection (RECONNECTING on a drop, CONNECTED once ready again). */
  state(state: ConnectionState, reason?: string): void;
  /** Reconnection gave up (attempts exhausted, disabled, or a non-retryable error such as a bad version). */
  failed(error: BrokerError): void;
  /** TWS ↔ IB server notices on a live socket: 1100 lost, 1101 restored with data lost, 1102 restored. */
  system(code: number, message: string): void;
  /** The stream could not be trusted (see StreamGuard); the socket is being dropped. */
  corrupt(reason: string): void;
  /**
   * The error boundary every @stoqey/ib callback runs in: calls `listener(...args)`; the arguments are
   * also the excerpt of a refused message. Must not throw.
   */
  inbound(kind: string, listener: (...args: unknown[]) => void, args: unknown[]): void;
}

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

/** Defaults of the stream checks: far above any message the adapter asks for, far below IB's 16 MB. */
const DEFAULT_MAX_FRAME_BYTES = 1 << 20;
const DEFAULT_FRAME_STALL_MS = 5_000;
/** With the watchdog off the supervisor's heartbeat still ticks, rarely, and never finds the link idle. */
const NO_WATCHDOG_TICK_MS = 60_000;

/**
 * Owns one IBApiNext and its socket: connect with a timeout, clientId-in-use detection, a stream
 * guard, and the socket's life under core's ConnectionSupervisor (the one reconnect policy): its
 * heartbeat is the watchdog (probe after one interval of silence, drop after two), its backoff
 * schedules reconnects on the injected clock, and no order goes out after a reconnect before the
 * owner's `ready` (reconciliation) is done. IBApiNext's own reconnect timer and watchdog are off, and
 * so is its reaction to 1100 (it drops the socket): 1100 means TWS lost *its* link to IB while our
 * socket is fine, and IB's documented recovery is to wait for 1101/1102 on the same socket.
 */
export class IbConnection implements SupervisedConnection {
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
  private readonly supervisor: ConnectionSupervisor;
  private managedAccounts: string[] = [];
  private connected = false;
  private givenUp = false;
  private opened = false;
  private nextOrderId = 0;
  private lastIngress = 0;
  /** Set while the owner prepares a fresh socket: a drop then fails the attempt at once. */
  private abortPrepare?: (error: BrokerError) => void;

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
    const watchdog = options.watchdogIntervalMs;
    this.supervisor = new ConnectionSupervisor({
      connection: this,
      target: { setState: (state, reason) => this.hooks.state(state, reason) },
      clock,
      heartbeatIntervalMs: watchdog > 0 ? Math.max(1, Math.floor(watchdog / 2)) : NO_WATCHDOG_TICK_MS,
      idleTimeoutMs: watchdog > 0 ? 2 * watchdog : Number.MAX_SAFE_INTEGER,
      initialDelayMs: options.reconnect.initialDelayMs,
      maxDelayMs: options.reconnect.maxDelayMs,
      // one client per TWS: no herd to spread, and exact delays keep virtual-time tests exact
      jitter: 0,
      beforeConnected: () => this.prepare(),
    });
    this.supervisor.events$.subscribe((event) => {
      if (event.kind === 'attempt-failed') this.onAttemptFailed(event.attempt, event.reason);
      else if (event.kind === 'reconnect-scheduled') this.logger.info('ib reconnect scheduled', { attempt: event.attempt, delayMs: event.delayMs });
    });
    // IBApiNext's info listener drops the socket on 1100/2110; we own that decision (see class doc).
    for (const listener of this.emitter.listeners(EventName.info)) this.emitter.removeListener(EventName.info, listener);
    this.listen(EventName.info, (message: string, code: number) => this.onNotice(code, message));
    this.listen(EventName.managedAccounts, (list: string) => {
      this.managedAccounts = list.split(',').map((a) => a.trim()).filter(Boolean);
    });
    this.listen(EventName.received, () => {
      this.lastIngress = this.clock.now();
      this.supervisor.notifyActivity();
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

  /** First connection under the supervisor: resolves once connected and `ready`, rejects with a classified error. */
  start(): Promise<void> {
    return this.supervisor.start();
  }

  /** Stops the supervisor and closes the socket, every listener and timer; no reconnect follows. */
  async shutdown(): Promise<void> {
    this.givenUp = true;
    await this.supervisor.stop();
    this.supervisor.dispose();
    this.guard.reset();
    for (const [event, listener] of this.listeners.splice(0)) this.emitter.removeListener(event, listener);
    this.emitter.removeAllListeners();
  }

  /** Drops the socket as if the network had failed (corrupt stream, a failed resume, 1300); the supervisor reconnects. */
  drop(reason: string): void {
    if (!this.connected) return;
    this.connected = false;
    this.dropSocket();
    this.lost(reason);
  }

  // ---- SupervisedConnection (called by the supervisor) -----------------------------------------

  /** One connection attempt: socket, handshake, nextValidId and managed accounts, or a classified error. */
  async open(): Promise<void> {
    if (this.givenUp) throw new TemporaryConnectionError('reconnecting to TWS was given up', { brokerId: this.options.brokerId });
    if (this.connected) this.dropSocket();
    this.nextOrderId = await this.handshake();
  }

  /** Closes the socket (the supervisor's half-open verdict, or stop). */
  close(reason: string): void {
    if (reason === 'half-open') this.logger.warn('ib connection lost', { reason: `watchdog: no data from TWS for ${this.clock.now() - this.lastIngress} ms` });
    this.connected = false;
    this.dropSocket();
    // after the supervisor has scheduled its attempt, so that stopping it cancels that attempt too
    if (reason === 'half-open' && this.options.reconnect.enabled === false) queueMicrotask(() => this.giveUp(new TemporaryConnectionError('connection lost and reconnect is disabled', { brokerId: this.options.brokerId })));
  }

  /** The heartbeat: after one interval of silence, any answer to reqCurrentTime proves the link alive. */
  ping(): void {
    const interval = this.options.watchdogIntervalMs;
    if (interval > 0 && this.connected && this.clock.now() - this.lastIngress >= interval) this.events.reqCurrentTime();
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** The supervisor's `beforeConnected`: the owner's `ready`; on a throw the socket goes, the attempt failed. */
  private async prepare(): Promise<void> {
    const reconnect = this.opened;
    const aborted = new Promise<never>((_resolve, reject) => (this.abortPrepare = reject));
    try {
      await Promise.race([this.hooks.ready(this.nextOrderId, reconnect), aborted]);
    } catch (error) {
      this.connected = false;
      this.dropSocket();
      throw error;
    } finally {
      this.abortPrepare = undefined;
    }
    this.opened = true;
  }

  private lost(reason: string): void {
    this.logger.warn('ib connection lost', { reason });
    if (this.abortPrepare) return this.abortPrepare(new TemporaryConnectionError(`connection to TWS lost while preparing it: ${reason}`, { brokerId: this.options.brokerId }));
    if (this.options.reconnect.enabled === false) {
      this.hooks.state('RECONNECTING', reason);
      this.giveUp(new TemporaryConnectionError('connection lost and reconnect is disabled', { brokerId: this.options.brokerId }));
      return;
    }
    this.supervisor.notifyClosed(reason);
  }

  private onAttemptFailed(attempt: number, reason: string): void {
    this.logger.warn('ib reconnect attempt failed', { attempt, error: reason });
    const max = this.options.reconnect.maxAttempts;
    // after the supervisor has scheduled its next attempt, so that stopping it cancels that attempt too
    if (max > 0 && attempt >= max) queueMicrotask(() => this.giveUp(new TemporaryConnectionError(`gave up reconnecting after ${attempt} attempts`, { brokerId: this.options.brokerId })));
  }

  /** No more attempts: the supervisor stops, the owner hears why. */
  private giveUp(error: BrokerError): void {
    if (this.givenUp) return;
    this.givenUp = true;
    void this.supervisor.stop();
    this.hooks.failed(error);
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
          const error = toBrokerError(code, message, { brokerId: this.options.brokerId });
          // a version mismatch will not heal by retrying; 326 will (TWS frees the id once it notices the old socket)
          if (error.code === 'CONFIGURATION' && code !== 326 && this.opened) this.giveUp(error);
          finish(error);
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

  private guarded(event: EventName, listener: Listener): RawListener {
    const call = listener as unknown as RawListener;
    // the socket's own lifecycle still counts after a corrupt frame: that is how the drop is seen
    const quarantined = event !== EventName.disconnected && event !== EventName.connected;
    return (...args: unknown[]) => {
      if (quarantined && this.guard.isTripped) return;
      this.hooks.inbound(event, call, args);
    };
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
    else this.dropSocket(); // during a handshake: it fails on the close and the supervisor retries
  }

  private onSocketClosed(reason: string): void {
    if (!this.connected) return; // during a handshake the handshake reports it; after close() nothing is left
    this.connected = false;
    this.lost(reason);
  }

  private dropSocket(): void {
    this.connected = false;
    // IBApiNext.disconnect() only closes sockets that finished the handshake, and once it has run a
    // half-open socket no longer closes cleanly: close the socket through IBApi first, then sync IBApiNext.
    const socket = (this.events as unknown as { controller?: { socket?: { status?: number } } }).controller?.socket;
    if (socket?.status) IBApi.prototype.disconnect.call(this.events);
    this.api.disconnect();
  }
}
