import { systemClock, type Clock } from '@silvertine/core';
import type { SilvertineRedisClient } from '../redis-client';

export interface GatewayLeaseOptions {
  readonly client: SilvertineRedisClient;
  /** The lease key, e.g. `<prefix>gw:lease` (value `<holder>|<token>`, expiring after `ttlMs`). */
  readonly key: string;
  /** The fencing counter, e.g. `<prefix>gw:fence`: the token of the latest holder, only ever increased. */
  readonly fenceKey: string;
  /** This instance (its consumer name). */
  readonly holder: string;
  /** Lease duration (default 5 s); renewed every third of it. */
  readonly ttlMs?: number;
  /** Local validity is measured on this clock (the Redis expiry runs on Redis's). */
  readonly clock?: Clock;
}

/** Takes the lease when it is free: a new token from the counter, stored with the holder, with the expiry. */
const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
return token`;

/** Extends the lease only while it is still ours (same holder and token). */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * One active gateway among several: a Redis lease (SET with expiry, taken only when free) carrying a
 * fencing token from a counter that only grows (INCR). The token goes with every claim the holder writes
 * (see RedisStreamsOrderJournal's fenced claims): once a newer holder took the lease, a claim under an
 * older token is refused in the same script, so a former leader that has not noticed yet sends nothing.
 * Locally the lease counts as held until `ttlMs` after the request that took or renewed it was issued,
 * which is never later than Redis's own expiry.
 */
export class GatewayLease {
  private current?: number;
  private validUntil = 0;
  private readonly clock: Clock;

  constructor(private readonly options: GatewayLeaseOptions) {
    this.clock = options.clock ?? systemClock;
  }

  get ttlMs(): number {
    return this.options.ttlMs ?? 5_000;
  }

  get holder(): string {
    return this.options.holder;
  }

  /** The token while the lease is held (locally valid), else undefined. */
  get token(): number | undefined {
    return this.current !== undefined && this.clock.now() < this.validUntil ? this.current : undefined;
  }

  /** Where a claim checks the token: the counter key and this holder's token (undefined when not held). */
  fence(): { readonly key: string; readonly token: number } | undefined {
    const token = this.token;
    return token === undefined ? undefined : { key: this.options.fenceKey, token };
  }

  /** Takes the lease if it is free; resolves with the new token, or undefined when another holds it. */
  async tryAcquire(): Promise<number | undefined> {
    const issued = this.clock.now();
    const token = Number(await this.options.client.eval(ACQUIRE, { keys: [this.options.key, this.options.fenceKey], arguments: [this.options.holder, String(this.ttlMs)] }));
    if (!token) return undefined;
    this.current = token;
    this.validUntil = issued + this.ttlMs;
    return token;
  }

  /** Extends the lease; false (and no longer held) when it expired or another holder has it. */
  async renew(): Promise<boolean> {
    if (this.current === undefined) return false;
    const issued = this.clock.now();
    const ok = Number(await this.options.client.eval(RENEW, { keys: [this.options.key], arguments: [this.value(), String(this.ttlMs)] })) === 1;
    if (ok) this.validUntil = issued + this.ttlMs;
    else this.lost();
    return ok;
  }

  /** Gives the lease up at once (a clean stop), so a standby need not wait for the expiry. */
  async release(): Promise<void> {
    if (this.current === undefined) return;
    const value = this.value();
    this.lost();
    await this.options.client.eval(RELEASE, { keys: [this.options.key], arguments: [value] });
  }

  /** Who holds the lease now, as Redis says (undefined when it is free). */
  async currentHolder(): Promise<string | undefined> {
    const value = await this.options.client.get(this.options.key);
    if (value === null || value === undefined) return undefined;
    const text = String(value);
    const bar = text.lastIndexOf('|');
    return bar < 0 ? text : text.slice(0, bar);
  }

  /** Forgets the lease locally (renewal failed, or a fenced claim proved a newer holder). */
  lost(): void {
    this.current = undefined;
    this.validUntil = 0;
  }

  private value(): string {
    return `${this.options.holder}|${this.current}`;
  }
}
