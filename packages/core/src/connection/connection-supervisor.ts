import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import type { ConnectionState } from '../broker/connection-state';
import { systemClock, type Clock, type TimerHandle } from '../clock/clock';
import { BackoffSchedule } from './backoff-schedule';

/** One streaming connection (WebSocket user data, TWS socket...) as the supervisor sees it. */
export interface SupervisedConnection {
  /** Opens the connection; resolves once it is usable, rejects if it could not be opened. */
  open(): Promise<void>;
  /** Tears the connection down (used on half-open detection and on stop); must release its socket. */
  close(reason: string): void | Promise<void>;
  /** Sends a heartbeat (ping); the reply reaches the supervisor through `notifyActivity()`. Optional. */
  ping?(): void;
}

/** Where the supervisor reports state: a broker forwards this to its protected setConnectionState. */
export interface ConnectionStateTarget {
  setState(state: ConnectionState, reason?: string): void;
}

export interface ConnectionSupervisorOptions {
  readonly connection: SupervisedConnection;
  readonly target: ConnectionStateTarget;
  readonly clock?: Clock;
  /** Heartbeat period (default 10 s). */
  readonly heartbeatIntervalMs?: number;
  /** No inbound traffic for this long means a half-open socket (default 30 s). */
  readonly idleTimeoutMs?: number;
  /** First reconnect delay (default 1 s); doubles per failed attempt... */
  readonly initialDelayMs?: number;
  /** ...up to this cap (default 60 s). */
  readonly maxDelayMs?: number;
  /** Randomised fraction of each delay (default 0.2: delay × [0.8, 1)). */
  readonly jitter?: number;
  readonly random?: () => number;
  /** Connected this long without a drop resets the delay to the initial one (default 60 s). */
  readonly stableAfterMs?: number;
  /**
   * Awaited after a successful reopen and before CONNECTED is reported (e.g. reconciliation), so that
   * no order leaves before the state agrees with the venue. A throw counts as a failed attempt.
   */
  readonly beforeConnected?: () => Promise<void>;
}

/** What the supervisor did, for logs, metrics and tests. */
export type SupervisorEvent =
  | { readonly kind: 'connected'; readonly at: number; readonly attempt: number }
  | { readonly kind: 'dropped'; readonly at: number; readonly reason: string }
  | { readonly kind: 'half-open'; readonly at: number; readonly idleMs: number }
  | { readonly kind: 'reconnect-scheduled'; readonly at: number; readonly attempt: number; readonly delayMs: number }
  | { readonly kind: 'attempt-failed'; readonly at: number; readonly attempt: number; readonly reason: string }
  | { readonly kind: 'stable'; readonly at: number };

/**
 * Keeps one streaming connection alive: heartbeats, half-open detection by inbound silence,
 * progressive reconnects (1, 2, 4, 8 … 60 s with jitter, reset after a stable period) and the
 * CONNECTED → RECONNECTING → CONNECTED transitions on its target. Every timer runs on the injected
 * clock. The adapter calls `notifyActivity()` on every inbound frame and `notifyClosed()` when the socket
 * drops by itself.
 *
 * The one reconnect policy of Silvertine: it lives in core so that every adapter's streaming connections
 * (Binance user data and market streams, the TWS socket) run under it, and the chaos suite certifies one
 * implementation (@silvertine/resilience re-exports it).
 */
export class ConnectionSupervisor {
  private readonly clock: Clock;
  private readonly schedule: BackoffSchedule;
  private readonly stateSubject = new BehaviorSubject<ConnectionState>('DISCONNECTED');
  private readonly eventSubject = new Subject<SupervisorEvent>();
  private lastActivity = 0;
  private attempt = 0;
  private generation = 0;
  private heartbeat?: TimerHandle;
  private reconnectTimer?: TimerHandle;
  private stableTimer?: TimerHandle;
  private stopped = true;

  /** The supervised state, current value first. */
  readonly state$: Observable<ConnectionState> = this.stateSubject.asObservable();
  readonly events$: Observable<SupervisorEvent> = this.eventSubject.asObservable();

  constructor(private readonly options: ConnectionSupervisorOptions) {
    this.clock = options.clock ?? systemClock;
    this.schedule = new BackoffSchedule({
      initialDelayMs: options.initialDelayMs ?? 1_000,
      maxDelayMs: options.maxDelayMs ?? 60_000,
      jitter: options.jitter ?? 0.2,
      random: options.random,
    });
  }

  get state(): ConnectionState {
    return this.stateSubject.value;
  }

  /** Opens the first connection. Rejects (state ERROR) if it fails: a first connect is the caller's call. */
  async start(): Promise<void> {
    this.stopped = false;
    const generation = ++this.generation;
    this.set('CONNECTING');
    try {
      await this.options.connection.open();
      await this.options.beforeConnected?.();
    } catch (error) {
      if (generation === this.generation) this.set('ERROR', describe(error));
      this.stopped = true;
      throw error;
    }
    if (generation !== this.generation) return;
    this.onOpened(0);
  }

  /** Inbound traffic (any frame, pong, heartbeat): the connection is alive. */
  notifyActivity(): void {
    this.lastActivity = this.clock.now();
  }

  /** The socket dropped on its own (close, error, server shutdown). Starts reconnecting. */
  notifyClosed(reason: string): void {
    if (this.stopped || this.state !== 'CONNECTED') return;
    this.emit({ kind: 'dropped', at: this.clock.now(), reason });
    this.beginReconnect(reason);
  }

  /** Stops supervising and closes the connection; releases every timer. */
  async stop(): Promise<void> {
    if (this.stopped && this.state === 'DISCONNECTED') return;
    this.stopped = true;
    this.generation++;
    this.clearTimers();
    await this.options.connection.close('stopped');
    this.set('DISCONNECTED', 'stopped');
  }

  /** Completes the observables (after stop). */
  dispose(): void {
    this.clearTimers();
    this.stateSubject.complete();
    this.eventSubject.complete();
  }

  private onOpened(attempt: number): void {
    this.lastActivity = this.clock.now();
    this.set('CONNECTED', attempt === 0 ? undefined : `reconnected after ${attempt} attempt(s)`);
    this.emit({ kind: 'connected', at: this.clock.now(), attempt });
    this.attempt = 0;
    this.startHeartbeat();
    // Only a connection that stays up resets the backoff, so a flapping link keeps backing off.
    this.stableTimer = this.clock.setTimeout(() => {
      this.stableTimer = undefined;
      this.schedule.reset();
      this.emit({ kind: 'stable', at: this.clock.now() });
    }, this.options.stableAfterMs ?? 60_000);
  }

  private startHeartbeat(): void {
    const interval = this.options.heartbeatIntervalMs ?? 10_000;
    const idleLimit = this.options.idleTimeoutMs ?? 30_000;
    const tick = () => {
      this.heartbeat = undefined;
      if (this.stopped || this.state !== 'CONNECTED') return;
      const idle = this.clock.now() - this.lastActivity;
      if (idle >= idleLimit) {
        // Silence beyond the limit: the peer is gone but TCP has not noticed (half-open).
        this.emit({ kind: 'half-open', at: this.clock.now(), idleMs: idle });
        void Promise.resolve(this.options.connection.close('half-open')).catch(() => undefined);
        this.beginReconnect(`no traffic for ${idle} ms`);
        return;
      }
      this.options.connection.ping?.();
      this.heartbeat = this.clock.setTimeout(tick, interval);
    };
    this.heartbeat = this.clock.setTimeout(tick, interval);
  }

  private beginReconnect(reason: string): void {
    this.clearTimers();
    this.set('RECONNECTING', reason);
    this.scheduleAttempt();
  }

  private scheduleAttempt(): void {
    const attempt = ++this.attempt;
    const delayMs = this.schedule.next();
    this.emit({ kind: 'reconnect-scheduled', at: this.clock.now(), attempt, delayMs });
    const generation = this.generation;
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.tryReconnect(attempt, generation);
    }, delayMs);
  }

  private async tryReconnect(attempt: number, generation: number): Promise<void> {
    try {
      await this.options.connection.open();
      if (generation !== this.generation || this.stopped) return;
      await this.options.beforeConnected?.();
    } catch (error) {
      if (generation !== this.generation || this.stopped) return;
      this.emit({ kind: 'attempt-failed', at: this.clock.now(), attempt, reason: describe(error) });
      this.scheduleAttempt();
      return;
    }
    if (generation !== this.generation || this.stopped) return;
    this.onOpened(attempt);
  }

  private set(state: ConnectionState, reason?: string): void {
    if (this.state === state) return;
    this.stateSubject.next(state);
    this.options.target.setState(state, reason);
  }

  private emit(event: SupervisorEvent): void {
    this.eventSubject.next(event);
  }

  private clearTimers(): void {
    this.heartbeat?.cancel();
    this.reconnectTimer?.cancel();
    this.stableTimer?.cancel();
    this.heartbeat = this.reconnectTimer = this.stableTimer = undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
