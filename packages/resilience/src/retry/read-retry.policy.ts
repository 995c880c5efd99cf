import { InternalError, RateLimitError, isBrokerError, sleep, systemClock, type Clock } from '@silvertine/core';
import { BackoffSchedule, type BackoffOptions } from './backoff';

/** What an operation does. Only `read` may ever be retried. */
export type OperationKind = 'read' | 'submit' | 'cancel' | 'write';

/** Marks functions that submit orders, so that no retry helper can ever run them twice. */
export const ORDER_SUBMISSION = Symbol.for('silvertine.orderSubmission');

/** Tags `fn` as an order submission. Adapters wrap their submit call with it; retry policies refuse it. */
export function markOrderSubmission<F extends (...args: never[]) => unknown>(fn: F): F {
  Object.defineProperty(fn, ORDER_SUBMISSION, { value: true });
  return fn;
}

/** True when `fn` was tagged with `markOrderSubmission`. */
export function isOrderSubmission(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[ORDER_SUBMISSION] === true;
}

/**
 * Thrown before the first attempt when a retry policy is handed an order submission (or anything but a
 * read). A submit whose outcome is unknown must go through the UNKNOWN path and be resolved by asking
 * the venue; sending it again could double a position.
 */
export class SubmissionRetryRefusedError extends InternalError {
  constructor(operation: string) {
    super(`refusing to retry ${operation}: only reads are retried; order submission goes through the unknown-outcome path`);
  }
}

export interface ReadRetryOptions extends Partial<BackoffOptions> {
  /** Total attempts including the first (default 4). */
  readonly maxAttempts?: number;
  readonly clock?: Clock;
  /** Which errors are worth another attempt (default: retryable BrokerErrors). */
  readonly isRetryable?: (error: unknown) => boolean;
  /**
   * A RateLimitError asking to wait longer than this is a ban: give up at once rather than hold the
   * caller (default 60 s). Shorter Retry-After values are honoured as the minimum delay.
   */
  readonly maxRetryAfterMs?: number;
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** Describes the operation a policy runs (the name appears in errors and logs). */
export interface OperationTag {
  readonly kind: OperationKind;
  readonly name?: string;
}

/** Default retry filter: a classified, retryable error that is not an unknown order outcome. */
export function isRetryableReadError(error: unknown): boolean {
  return isBrokerError(error) && error.retryable && error.code !== 'UNKNOWN_ORDER_STATUS';
}

/**
 * Retries READS with exponential backoff, jitter and caps (delays from cockatiel's ExponentialBackoff,
 * waited on the injected clock so tests run in virtual time). It refuses, before any attempt, an
 * operation tagged as anything but a read or a function marked with `markOrderSubmission`.
 */
export class ReadRetryPolicy {
  private readonly maxAttempts: number;
  private readonly clock: Clock;
  private readonly backoff: BackoffOptions;

  constructor(private readonly options: ReadRetryOptions = {}) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.clock = options.clock ?? systemClock;
    this.backoff = {
      initialDelayMs: options.initialDelayMs ?? 200,
      maxDelayMs: options.maxDelayMs ?? 10_000,
      jitter: options.jitter,
      random: options.random,
    };
  }

  private pause(delayMs: number): Promise<void> {
    return holdWhileWaiting(this.clock, delayMs);
  }

  async execute<T>(fn: (attempt: number) => Promise<T> | T, operation: OperationTag = { kind: 'read' }): Promise<T> {
    const name = operation.name ?? fn.name ?? 'operation';
    if (operation.kind !== 'read' || isOrderSubmission(fn)) {
      throw new SubmissionRetryRefusedError(`${operation.kind} ${name || 'operation'}`);
    }
    const schedule = new BackoffSchedule(this.backoff);
    const retryable = this.options.isRetryable ?? isRetryableReadError;
    const maxRetryAfter = this.options.maxRetryAfterMs ?? 60_000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(attempt);
      } catch (error) {
        if (attempt >= this.maxAttempts || !retryable(error)) throw error;
        let delayMs = schedule.next();
        if (error instanceof RateLimitError) {
          if (error.retryAfterMs > maxRetryAfter) throw error;
          delayMs = Math.max(delayMs, error.retryAfterMs);
        }
        this.options.onRetry?.({ attempt, delayMs, error });
        await this.pause(delayMs);
      }
    }
  }
}

/**
 * Waits between attempts on the policy's clock. The wall clock's timers are unref'd (a forgotten one
 * must not keep a process alive), but this one is awaited: a script whose only pending work is this
 * retry would otherwise see Node run out of work and exit 0 before the read settled. So on the wall
 * clock a ref'd handle holds the process until the sleep has settled (virtual clocks need no hold).
 * The hold never fires by itself: a hold of the same length as the sleep, created a moment earlier,
 * could fire first on a loaded machine and leave only the unref'd timer (seen: exit 9 under load).
 */
function holdWhileWaiting(clock: Clock, delayMs: number): Promise<void> {
  if (clock !== systemClock) return sleep(clock, delayMs);
  const hold = setInterval(() => undefined, MAX_TIMER_MS);
  return sleep(clock, delayMs).finally(() => clearInterval(hold));
}

/** The longest delay a Node timer accepts (2^31 − 1 ms); longer ones fire after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

/** Runs a read with the default policy (or the given options). Refuses marked order submissions. */
export function retryRead<T>(fn: (attempt: number) => Promise<T> | T, options?: ReadRetryOptions): Promise<T> {
  return new ReadRetryPolicy(options).execute(fn, { kind: 'read' });
}
