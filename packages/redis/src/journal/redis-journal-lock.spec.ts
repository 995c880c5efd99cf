import { ConfigurationError, EventBus, ManualClock, type AlertEvent } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
import { RedisTestEnv } from '../testing/redis-test-env';
import { RedisJournalLock, RedisJournalLockedError } from './redis-journal-lock';
import { RedisStreamsOrderJournal } from './redis-streams-order-journal';

const env = new RedisTestEnv();
afterAll(() => env.cleanup());

const SAFETY_NET_MS = 15_000;

/** Retries `open` until the lock is free: each try is one Redis round trip, bounded by the safety net. */
async function openWhenFree(journal: RedisStreamsOrderJournal): Promise<number> {
  const deadline = Date.now() + SAFETY_NET_MS;
  for (let refusals = 0; ; refusals++) {
    try {
      await journal.open();
      return refusals;
    } catch (error) {
      if (!(error instanceof RedisJournalLockedError) || Date.now() > deadline) throw error;
    }
  }
}

describe('RedisStreamsOrderJournal lock (one process per stream)', () => {
  it('refuses a second journal on the stream, naming the key and the holder, until the first closes', async () => {
    const stream = `${env.prefix}journal-a`;
    const first = new RedisStreamsOrderJournal({ client: await env.client(), stream, lock: { owner: 'host-a pid 101' } });
    const second = new RedisStreamsOrderJournal({ client: await env.client(), stream, lock: { owner: 'host-b pid 202' } });
    await first.open();
    const refused = await second.open().then(() => undefined, (error: unknown) => error);
    expect(refused).toBeInstanceOf(RedisJournalLockedError);
    // the same class as the file journal's StateDirectoryLockedError, so the CLI maps it alike
    expect(refused).toBeInstanceOf(ConfigurationError);
    expect(refused).toMatchObject({ key: `${stream}:lock`, holder: 'host-a pid 101', code: 'CONFIGURATION' });
    expect((refused as Error).message).toContain(`order journal lock ${stream}:lock is held by host-a pid 101`);
    // a journal without the lock (the gateway's, whose lease coordinates its writers) is not refused
    await new RedisStreamsOrderJournal({ client: await env.client(), stream }).open();

    await first.close();
    await second.open();
    const admin = await env.client();
    expect(String(await admin.get(`${stream}:lock`))).toMatch(/^host-b pid 202\|\d+$/);
    await second.close();
    expect(await admin.exists(`${stream}:lock`)).toBe(0);
  });

  it('renews on the clock while held and stops renewing on close', async () => {
    const key = `${env.prefix}journal-b:lock`;
    const clock = new ManualClock(0);
    const admin = await env.client();
    const lock = new RedisJournalLock({ client: await env.client(), key, owner: 'renewer', ttlMs: 30_000, clock });
    await lock.acquire();
    expect(clock.pendingTimers).toBe(1);
    // Redis would expire it in 100 ms; the renewal a third of the TTL later puts the full TTL back.
    await admin.pExpire(key, 100);
    clock.advance(10_000);
    await lock.idle();
    expect(await admin.pTTL(key)).toBeGreaterThan(20_000);
    expect(lock.isHeld).toBe(true);
    expect(clock.pendingTimers).toBe(1);
    await lock.release();
    expect(clock.pendingTimers).toBe(0);
    expect(await admin.exists(key)).toBe(0);
  });

  it('never deletes a lock that is no longer its own, and tells when a renewal finds it lost', async () => {
    const stream = `${env.prefix}journal-c`;
    const key = `${stream}:lock`;
    const clock = new ManualClock(0);
    const bus = new EventBus();
    const alerts: AlertEvent[] = [];
    bus.on('Alert', (a) => void alerts.push(a), 'test');
    const admin = await env.client();
    const journal = new RedisStreamsOrderJournal({ client: await env.client(), stream, clock, bus, lock: { owner: 'paused', ttlMs: 30_000 } });
    await journal.open();
    // It expired while this process was paused, and another took it.
    await admin.del(key);
    const taker = new RedisJournalLock({ client: await env.client(), key, owner: 'taker', clock: new ManualClock(0) });
    await taker.acquire();
    const lost = waitFor(bus.alerts$, (a) => a.source === 'order-journal', SAFETY_NET_MS, 'lock lost');
    clock.advance(10_000);
    await lost;
    expect(alerts.map((a) => [a.severity, a.source])).toEqual([['CRITICAL', 'order-journal']]);
    expect(alerts[0].message).toContain(`order journal lock ${key} was lost`);
    await journal.close();
    expect(String(await admin.get(key))).toMatch(/^taker\|/);
    await taker.release();
  });

  it('takes over a lock whose holder stopped renewing once Redis expires it', async () => {
    const stream = `${env.prefix}journal-d`;
    // The holder's clock never moves: it never renews, as a process killed with SIGKILL.
    const dead = new RedisStreamsOrderJournal({ client: await env.client(), stream, clock: new ManualClock(0), lock: { owner: 'killed', ttlMs: 300 } });
    await dead.open();
    const next = new RedisStreamsOrderJournal({ client: await env.client(), stream, lock: { owner: 'restarted' } });
    await expect(next.open()).rejects.toMatchObject({ holder: 'killed' });
    const refusals = await openWhenFree(next);
    expect(refusals).toBeGreaterThan(0);
    const admin = await env.client();
    expect(String(await admin.get(`${stream}:lock`))).toMatch(/^restarted\|/);
    // The dead holder's release (had it woken up) leaves the new holder's lock alone.
    await dead.close();
    expect(String(await admin.get(`${stream}:lock`))).toMatch(/^restarted\|/);
    await next.close();
  });
});
