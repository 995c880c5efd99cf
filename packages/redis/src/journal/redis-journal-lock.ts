import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ConfigurationError, systemClock, type Clock, type TimerHandle } from '@silvertine/core';
import { GatewayLease } from '../gateway/gateway-lease';
import type { SilvertineRedisClient } from '../redis-client';

/**
 * Another live process holds the journal's Redis lock (the Redis twin of resilience's
 * StateDirectoryLockedError, of the same class): two processes appending to one journal stream would
 * interleave their records and each would reconcile the other's orders as strangers.
 */
export class RedisJournalLockedError extends ConfigurationError {
  constructor(readonly key: string, readonly holder: string, readonly ttlMs: number) {
    super(
      `order journal lock ${key} is held by ${holder}: stop that process, or give this one another journal stream ` +
      `(redis.journal_stream); a holder that stopped renewing loses it within ${ttlMs} ms`,
    );
    this.name = 'RedisJournalLockedError';
  }
}

export interface RedisJournalLockOptions {
  readonly client: SilvertineRedisClient;
  /** The lock key, e.g. `<stream>:lock` (value `<owner>|<token>`; its fencing counter is `<key>:fence`). */
  readonly key: string;
  /** Who this process is, as a holder's error names it (default `<hostname> pid <pid> <random>`). */
  readonly owner?: string;
  /** How long the lock outlives its last renewal (default 15 s); renewed every third of it. */
  readonly ttlMs?: number;
  /** Renewals run on this clock's timers (unref'd on the wall clock). */
  readonly clock?: Clock;
  /** Told when a renewal finds the lock gone or taken (it expired while this process did not renew). */
  readonly onLost?: (message: string) => void;
}

/** The default owner: where and which process, plus a nonce (a restarted process never matches its predecessor). */
function defaultLockOwner(): string {
  return `${hostname()} pid ${process.pid} ${randomUUID().slice(0, 8)}`;
}

/**
 * An exclusive lock on a Redis journal stream, one holder at a time: the gateway's lease (GatewayLease:
 * taken only when free, with an expiry; renewed and released only while the value is still ours, by
 * compare-and-set scripts) renewed every third of its TTL on the clock. A holder that stops renewing (a
 * process killed, a machine gone) loses the lock when Redis expires it, and the next process takes it
 * over. `release()` stops the renewals and deletes the key only if it is still ours.
 */
export class RedisJournalLock {
  private readonly lease: GatewayLease;
  private readonly clock: Clock;
  private timer?: TimerHandle;
  private renewal?: Promise<void>;
  private held = false;

  constructor(private readonly options: RedisJournalLockOptions) {
    this.clock = options.clock ?? systemClock;
    this.lease = new GatewayLease({
      client: options.client, key: options.key, fenceKey: `${options.key}:fence`, holder: options.owner ?? defaultLockOwner(), ttlMs: options.ttlMs ?? 15_000, clock: this.clock,
    });
  }

  get key(): string {
    return this.options.key;
  }

  get owner(): string {
    return this.lease.holder;
  }

  /** True from a successful `acquire` until `release` or a renewal that found the lock lost. */
  get isHeld(): boolean {
    return this.held;
  }

  /** Takes the lock, or rejects with RedisJournalLockedError naming the key and the live holder. */
  async acquire(): Promise<void> {
    if (this.held) return;
    if ((await this.lease.tryAcquire()) === undefined) {
      throw new RedisJournalLockedError(this.options.key, (await this.lease.currentHolder()) ?? 'a holder whose lock just expired', this.lease.ttlMs);
    }
    this.held = true;
    this.schedule();
  }

  /** Resolves when no renewal is in flight (a barrier for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.renewal) await this.renewal;
  }

  /** Stops renewing and deletes the key if it is still ours. */
  async release(): Promise<void> {
    const held = this.held;
    this.held = false;
    this.timer?.cancel();
    this.timer = undefined;
    await this.idle();
    if (held) await this.lease.release();
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.renewal = this.renew().finally(() => { this.renewal = undefined; });
    }, Math.max(1, Math.floor(this.lease.ttlMs / 3)));
  }

  private async renew(): Promise<void> {
    if (!this.held) return;
    let ok: boolean;
    try {
      ok = await this.lease.renew();
    } catch {
      // Redis unreachable: the lock may still be ours when it answers again; the next round tells.
      if (this.held) this.schedule();
      return;
    }
    if (!ok) {
      if (!this.held) return; // released meanwhile
      this.held = false;
      this.options.onLost?.(`order journal lock ${this.options.key} was lost (it expired without renewal): another process may write to the journal`);
      return;
    }
    if (this.held) this.schedule();
  }
}
