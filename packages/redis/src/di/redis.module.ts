import { ContainerModule } from 'inversify';
import { CORE_TOKENS, serviceIdentifier, type SilvertineEventType } from '@silvertine/core';
import { RESILIENCE_TOKENS } from '@silvertine/resilience';
import { RedisStreamsBridge, type ConsumedStream } from '../bridge/redis-streams-bridge';
import { RedisStreamsOrderJournal, type RedisStreamsOrderJournalOptions } from '../journal/redis-streams-order-journal';
import { createRedisClient } from '../redis-client';
import { RedisService } from '../redis-service';
import { REDIS_TOKENS } from './redis.tokens';

/** What the Redis module binds. */
export interface RedisModuleOptions {
  /** e.g. redis://127.0.0.1:6379 (credentials stay in the URL and are never logged). */
  readonly url: string;
  readonly maxReconnectDelayMs?: number;
  /**
   * The order journal on a Redis stream. Bound as RESILIENCE_TOKENS.OrderJournal too, so the resilience
   * stack journals live brokers there: load createResilienceModule with `journal: false` beside it.
   * `lock`: one process per stream (RedisStreamsOrderJournalOptions.lock; `{}` for the defaults).
   */
  readonly journal?: { readonly stream: string; readonly lock?: RedisStreamsOrderJournalOptions['lock'] };
  /** The bus ⇄ Redis Streams bridge. */
  readonly bridge?: {
    readonly prefix: string;
    readonly publish?: readonly SilvertineEventType[];
    readonly consume?: readonly ConsumedStream[];
    readonly group?: string;
    readonly consumer?: string;
  };
}

/**
 * Binds REDIS_TOKENS.Client (and ReaderClient when the bridge consumes), the OrderJournal (also as
 * RESILIENCE_TOKENS.OrderJournal) and the Bridge when configured, and the RedisService that starts and
 * closes them. Expects (from `createCoreModule()`): EventBus, Clock.
 */
export function createRedisModule(options: RedisModuleOptions): ContainerModule {
  return new ContainerModule(({ bind }) => {
    const client = () => createRedisClient({ url: options.url, maxReconnectDelayMs: options.maxReconnectDelayMs });
    bind(serviceIdentifier(REDIS_TOKENS.Client)).toDynamicValue(client).inSingletonScope();
    const bridge = options.bridge;
    const consumes = (bridge?.consume?.length ?? 0) > 0;
    if (consumes) bind(serviceIdentifier(REDIS_TOKENS.ReaderClient)).toDynamicValue(client).inSingletonScope();
    const journal = options.journal;
    if (journal) {
      bind(serviceIdentifier(REDIS_TOKENS.OrderJournal))
        .toDynamicValue((ctx) => new RedisStreamsOrderJournal({ client: ctx.get(REDIS_TOKENS.Client), stream: journal.stream, lock: journal.lock, clock: ctx.get(CORE_TOKENS.Clock), bus: ctx.get(CORE_TOKENS.EventBus) }))
        .inSingletonScope();
      bind(serviceIdentifier(RESILIENCE_TOKENS.OrderJournal)).toDynamicValue((ctx) => ctx.get(REDIS_TOKENS.OrderJournal)).inSingletonScope();
    }
    if (bridge) {
      bind(serviceIdentifier(REDIS_TOKENS.Bridge))
        .toDynamicValue((ctx) => new RedisStreamsBridge({
          ...bridge,
          bus: ctx.get(CORE_TOKENS.EventBus),
          clock: ctx.get(CORE_TOKENS.Clock),
          writer: ctx.get(REDIS_TOKENS.Client),
          reader: consumes ? ctx.get(REDIS_TOKENS.ReaderClient) : undefined,
        }))
        .inSingletonScope();
    }
    bind(serviceIdentifier(REDIS_TOKENS.Service))
      .toDynamicValue((ctx) => new RedisService({
        writer: ctx.get(REDIS_TOKENS.Client),
        reader: consumes ? ctx.get(REDIS_TOKENS.ReaderClient) : undefined,
        bridge: bridge ? ctx.get(REDIS_TOKENS.Bridge) : undefined,
        journal: journal ? ctx.get(REDIS_TOKENS.OrderJournal) : undefined,
      }))
      .inSingletonScope();
  });
}
