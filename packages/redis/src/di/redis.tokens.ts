import { serviceToken } from '@silvertine/core';
import type { RedisStreamsBridge } from '../bridge/redis-streams-bridge';
import type { RedisStreamsOrderJournal } from '../journal/redis-streams-order-journal';
import type { SilvertineRedisClient } from '../redis-client';
import type { RedisService } from '../redis-service';

/**
 * Inversify service identifiers of @silvertine/redis, typed like core's (ServiceToken). Symbol.for:
 * equal across copies.
 */
export const REDIS_TOKENS = {
  /** The connection for writes (XADD, XACK) and the journal. */
  Client: serviceToken<SilvertineRedisClient>('silvertine.redis.Client'),
  /** A second connection for blocking reads (bound when the bridge consumes streams). */
  ReaderClient: serviceToken<SilvertineRedisClient>('silvertine.redis.ReaderClient'),
  OrderJournal: serviceToken<RedisStreamsOrderJournal>('silvertine.redis.OrderJournal'),
  Bridge: serviceToken<RedisStreamsBridge>('silvertine.redis.Bridge'),
  /** Starts and closes the connections and the bridge. */
  Service: serviceToken<RedisService>('silvertine.redis.Service'),
} as const;
