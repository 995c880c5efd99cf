import type { Container } from 'inversify';
import { ConfigurationError, TemporaryConnectionError } from '@silvertine/core';
import type { RedisModuleOptions } from '@silvertine/redis';

/** How long the first connection to Redis may take before the composition gives up (it retries meanwhile). */
const REDIS_CONNECT_DEADLINE_MS = 10_000;

/** Redis as the composition holds it: started, to be closed at the end. */
export interface RunningRedis {
  close(): Promise<void>;
}

/** The configuration has a `redis:` section and @silvertine/redis cannot be imported. */
export class RedisPackageMissingError extends ConfigurationError {
  constructor() {
    super('the configuration has a redis: section but @silvertine/redis is not installed: install @silvertine/redis');
    this.name = 'RedisPackageMissingError';
  }
}

/**
 * Loads @silvertine/redis's module (the package is imported only when the configuration has a
 * `redis:` section) and starts its connections and bridge, within a deadline: an unreachable Redis
 * is a TemporaryConnectionError, never a composition that hangs.
 */
export async function startRedis(container: Container, options: RedisModuleOptions): Promise<RunningRedis> {
  let redis: typeof import('@silvertine/redis');
  try {
    redis = await import('@silvertine/redis');
  } catch {
    throw new RedisPackageMissingError();
  }
  container.loadSync(redis.createRedisModule(options));
  const service = container.get(redis.REDIS_TOKENS.Service);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TemporaryConnectionError(`redis did not answer within ${REDIS_CONNECT_DEADLINE_MS / 1000} s (redis.url)`)), REDIS_CONNECT_DEADLINE_MS);
  });
  try {
    await Promise.race([service.start(), deadline]);
  } catch (error) {
    await service.close().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return service;
}
