import { createClient } from 'redis';

function buildClient(options: RedisConnectionOptions) {
  return createClient({
    url: options.url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 6), options.maxReconnectDelayMs ?? 2_000) },
  });
}

/** The node-redis client type this package uses (node-redis 6 defaults, no modules). */
export type SilvertineRedisClient = ReturnType<typeof buildClient>;

export interface RedisConnectionOptions {
  /** e.g. redis://127.0.0.1:6379 (credentials, if any, stay in the URL and are never logged). */
  readonly url: string;
  /** Longest pause between reconnect attempts (default 2 s). */
  readonly maxReconnectDelayMs?: number;
}

/**
 * A client that fails fast while disconnected (no unbounded offline queue: callers keep their own
 * bounded buffer) and reconnects by itself. Errors are swallowed here: callers observe readiness.
 */
export function createRedisClient(options: RedisConnectionOptions): SilvertineRedisClient {
  const client = buildClient(options);
  // node-redis emits 'error' on every failed reconnect; without a listener Node would crash.
  client.on('error', () => undefined);
  return client;
}

/** Connects; resolves once the first connection is up (reconnects later are automatic). */
export async function connectRedis(client: SilvertineRedisClient): Promise<void> {
  if (!client.isOpen) await client.connect();
}

/** Resolves when the client is ready again, or when `alive()` turns false (checked on each event). */
export function waitForReady(client: SilvertineRedisClient, alive: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (client.isReady || !alive()) return resolve();
    const done = () => {
      clearInterval(check);
      client.off('ready', done);
      resolve();
    };
    // The interval only notices stop(); readiness comes through the event.
    const check = setInterval(() => { if (!alive()) done(); }, 20);
    client.on('ready', done);
  });
}
