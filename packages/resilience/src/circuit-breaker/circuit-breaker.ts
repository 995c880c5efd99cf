import { BehaviorSubject, type Observable } from 'rxjs';
import {
  BrokerError, createEvent, isBrokerError, systemClock,
  type AlertSeverity, type BrokerErrorCode, type Clock, type EventBus, type TimerHandle,
} from '@silvertine/core';

export type CircuitState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

/** Classes of venue endpoints that fail independently (a ban on orders need not stop market data). */
export type EndpointClass = 'orders' | 'account' | 'market-data' | 'stream';

/** Why a circuit opened. */
export type CircuitOpenReason = 'ban' | 'connection-failures' | 'error-rate' | 'probe-failed' | 'manual';

/** Refusal while a circuit is open: a definite "not sent", so the order is REJECTED, never UNKNOWN. */
export class CircuitOpenError extends BrokerError {
  constructor(message: string, readonly retryAt: number, brokerId?: string, clientOrderId?: string) {
    super('CIRCUIT_OPEN', 'RECOVERABLE', false, message, { brokerId, clientOrderId });
  }
}

export interface CircuitBreakerOptions {
  readonly brokerId: string;
  readonly endpoint: EndpointClass;
  readonly clock?: Clock;
  /** Where transitions are published as AlertEvents. */
  readonly bus?: EventBus;
  /** Consecutive connection failures (TEMPORARY_CONNECTION, TIMEOUT) that open the circuit (default 5). */
  readonly connectionFailureThreshold?: number;
  /** Failure ratio over the window that opens the circuit (default 0.5)... */
  readonly errorRateThreshold?: number;
  /** ...once at least this many calls were seen in the window (default 20). */
  readonly errorRateMinimumCalls?: number;
  /** Sliding window of the error rate (default 60 s). */
  readonly errorRateWindowMs?: number;
  /** How long the circuit stays open before a half-open probe (default 30 s; doubles after a failed probe). */
  readonly openDurationMs?: number;
  /** Cap on the open duration after repeated failed probes (default 10 min). */
  readonly maxOpenDurationMs?: number;
  /** A RateLimitError asking to wait at least this long, or venue code 418, is a ban (default 60 s). */
  readonly banRetryAfterMs?: number;
  /** Which errors count as failures (default: infrastructure errors, not business rejections). */
  readonly isFailure?: (error: unknown) => boolean;
}

/** A state change, as published on `state$` and in AlertEvent details. */
export interface CircuitTransition {
  readonly brokerId: string;
  readonly endpoint: EndpointClass;
  readonly state: CircuitState;
  readonly reason?: CircuitOpenReason | 'probe-succeeded' | 'timer';
  /** While OPEN: when the next half-open probe is allowed. */
  readonly retryAt?: number;
  readonly at: number;
}

const INFRA_FAILURES = new Set<BrokerErrorCode>(['TEMPORARY_CONNECTION', 'TIMEOUT', 'RATE_LIMIT', 'EXCHANGE_MAINTENANCE', 'INTERNAL', 'UNKNOWN_ORDER_STATUS', 'NOT_SENT']);

/** Default failure filter: infrastructure trouble counts, an order the venue refused on its merits does not. */
export function isInfrastructureFailure(error: unknown): boolean {
  return !isBrokerError(error) || INFRA_FAILURES.has(error.code);
}

/** Retry-After carried by RateLimitError, IpBannedError or any error shaped like them. */
function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof value === 'number' ? value : undefined;
}

function isBan(error: unknown, banMs: number): boolean {
  if (!isBrokerError(error)) return false;
  // IpBannedError: RATE_LIMIT classified CRITICAL; RateLimitError with a long Retry-After; a raw 418.
  if (error.code === 'RATE_LIMIT' && error.severity === 'CRITICAL') return true;
  if ((retryAfterOf(error) ?? 0) >= banMs) return true;
  return error.venueCode === 418 || error.venueCode === '418';
}

/**
 * A circuit breaker for one broker and one endpoint class, on the injected clock. It opens on a ban, on
 * repeated connection failures or on an error-rate threshold; after the open period it lets one probe
 * through (HALF_OPEN) and closes on its success or reopens, for twice as long, on its failure.
 * Written here rather than with cockatiel's breaker because cockatiel reads Date.now() directly.
 */
export class CircuitBreaker {
  private readonly subject: BehaviorSubject<CircuitTransition>;
  private readonly clock: Clock;
  private consecutiveConnectionFailures = 0;
  private outcomes: { at: number; failed: boolean }[] = [];
  private openFor: number;
  private probeInFlight = false;
  private timer?: TimerHandle;

  /** Current transition first, then each change. */
  readonly state$: Observable<CircuitTransition>;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.clock = options.clock ?? systemClock;
    this.openFor = options.openDurationMs ?? 30_000;
    this.subject = new BehaviorSubject<CircuitTransition>({ brokerId: options.brokerId, endpoint: options.endpoint, state: 'CLOSED', at: this.clock.now() });
    this.state$ = this.subject.asObservable();
  }

  get state(): CircuitState {
    return this.subject.value.state;
  }

  get endpoint(): EndpointClass {
    return this.options.endpoint;
  }

  /** When OPEN, the time the next probe is allowed. */
  get retryAt(): number | undefined {
    return this.subject.value.retryAt;
  }

  /** Throws CircuitOpenError unless a call may go now (CLOSED, or the single HALF_OPEN probe). */
  assertCanCall(clientOrderId?: string): void {
    const state = this.state;
    if (state === 'CLOSED') return;
    if (state === 'HALF_OPEN' && !this.probeInFlight) return;
    const retryAt = this.retryAt ?? this.clock.now();
    throw new CircuitOpenError(
      `circuit ${this.options.brokerId}/${this.options.endpoint} is ${state}${state === 'OPEN' ? ` until ${new Date(retryAt).toISOString()}` : ' (probe in flight)'}`,
      retryAt, this.options.brokerId, clientOrderId,
    );
  }

  /** Runs `fn` through the breaker: refused while open, its outcome recorded. */
  async execute<T>(fn: () => Promise<T> | T): Promise<T> {
    this.assertCanCall();
    const probing = this.state === 'HALF_OPEN';
    if (probing) this.probeInFlight = true;
    try {
      const value = await fn();
      this.recordSuccess();
      return value;
    } catch (error) {
      this.recordFailure(error);
      throw error;
    } finally {
      if (probing) this.probeInFlight = false;
    }
  }

  recordSuccess(): void {
    this.consecutiveConnectionFailures = 0;
    this.note(false);
    if (this.state === 'HALF_OPEN') {
      this.openFor = this.options.openDurationMs ?? 30_000;
      this.move('CLOSED', 'probe-succeeded');
    }
  }

  recordFailure(error: unknown): void {
    const isFailure = this.options.isFailure ?? isInfrastructureFailure;
    if (!isFailure(error)) {
      this.recordSuccess(); // the venue answered: the path works
      return;
    }
    const banMs = this.options.banRetryAfterMs ?? 60_000;
    if (isBan(error, banMs)) {
      const wait = Math.max(retryAfterOf(error) ?? 0, this.openFor);
      this.open('ban', wait);
      return;
    }
    if (this.state === 'HALF_OPEN') {
      this.openFor = Math.min(this.openFor * 2, this.options.maxOpenDurationMs ?? 600_000);
      this.open('probe-failed', this.openFor);
      return;
    }
    if (this.state === 'OPEN') return;
    if (isBrokerError(error) && (error.code === 'TEMPORARY_CONNECTION' || error.code === 'TIMEOUT')) {
      this.consecutiveConnectionFailures++;
      if (this.consecutiveConnectionFailures >= (this.options.connectionFailureThreshold ?? 5)) {
        this.open('connection-failures', this.openFor);
        return;
      }
    }
    this.note(true);
    const window = this.outcomes;
    const failures = window.filter((o) => o.failed).length;
    if (window.length >= (this.options.errorRateMinimumCalls ?? 20) && failures / window.length >= (this.options.errorRateThreshold ?? 0.5)) {
      this.open('error-rate', this.openFor);
    }
  }

  /** Opens by hand (operator action) for `durationMs`. */
  trip(durationMs = this.openFor): void {
    this.open('manual', durationMs);
  }

  /** Releases the half-open timer. */
  close(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.subject.complete();
  }

  private note(failed: boolean): void {
    const now = this.clock.now();
    const from = now - (this.options.errorRateWindowMs ?? 60_000);
    this.outcomes.push({ at: now, failed });
    while (this.outcomes.length && this.outcomes[0].at <= from) this.outcomes.shift();
  }

  private open(reason: CircuitOpenReason, durationMs: number): void {
    this.timer?.cancel();
    const retryAt = this.clock.now() + durationMs;
    this.consecutiveConnectionFailures = 0;
    this.outcomes = [];
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.move('HALF_OPEN', 'timer');
    }, durationMs);
    this.move('OPEN', reason, retryAt);
  }

  private move(state: CircuitState, reason: CircuitTransition['reason'], retryAt?: number): void {
    const previous = this.subject.value;
    if (previous.state === state && previous.retryAt === retryAt) return;
    const transition: CircuitTransition = { brokerId: this.options.brokerId, endpoint: this.options.endpoint, state, reason, retryAt, at: this.clock.now() };
    this.subject.next(transition);
    const severity: AlertSeverity = state === 'CLOSED' ? 'INFO' : reason === 'ban' ? 'CRITICAL' : 'WARNING';
    const details: Record<string, string | number> = { endpoint: this.options.endpoint, state, previous: previous.state, reason: reason ?? '' };
    if (retryAt !== undefined) details.retryAt = retryAt;
    this.options.bus?.publish(createEvent({
      type: 'Alert', severity, source: 'circuit-breaker', brokerId: this.options.brokerId,
      message: `circuit ${this.options.brokerId}/${this.options.endpoint} ${previous.state} -> ${state} (${reason})`, details,
    }, this.clock.now()));
  }
}
