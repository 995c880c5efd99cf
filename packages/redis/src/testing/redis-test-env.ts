import { randomUUID } from 'node:crypto';
import { connectRedis, createRedisClient, type SilvertineRedisClient } from '../redis-client';

/** Where tests find Redis (REDIS_URL, default the local server). */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A unique key prefix per test run, and cleanup of every key under it. */
export class RedisTestEnv {
  readonly prefix = `silvertine-test:${process.pid}:${randomUUID().slice(0, 8)}:`;
  private readonly clients: SilvertineRedisClient[] = [];

  /** A connected client (closed by `cleanup`). */
  async client(url = TEST_REDIS_URL, maxReconnectDelayMs = 50): Promise<SilvertineRedisClient> {
    const client = createRedisClient({ url, maxReconnectDelayMs });
    this.clients.push(client);
    await connectRedis(client);
    return client;
  }

  /** Deletes every key under the prefix and closes every client. */
  async cleanup(): Promise<void> {
    const admin = createRedisClient({ url: TEST_REDIS_URL });
    await connectRedis(admin);
    const keys: string[] = [];
    for await (const batch of admin.scanIterator({ MATCH: `${this.prefix}*`, COUNT: 1000 })) keys.push(...(batch as unknown as string[]));
    if (keys.length) await admin.del(keys);
    admin.destroy();
    for (const c of this.clients) if (c.isOpen) c.destroy();
  }
}
