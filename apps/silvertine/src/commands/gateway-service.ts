import { filter, firstValueFrom } from 'rxjs';
import { TemporaryConnectionError, type Broker } from '@silvertine/core';
import { reconciliationTarget } from '@silvertine/resilience';
import type { AppContext } from '../composition/app-context';
import { EXIT, UserError } from '../cli/exit-codes';

/** How long the gateway's reading connection may take to open (Redis answered the app a moment ago). */
const CONNECT_DEADLINE_MS = 10_000;

export interface GatewayServiceOptions {
  readonly url: string;
  readonly prefix: string;
  readonly group?: string;
  readonly consumer?: string;
  readonly brokers: readonly Broker[];
  /** Serve only while holding a lease of this many ms (high availability); unset: serve alone. */
  readonly leaseMs?: number;
  /** Each strategy's share of the venue's order rate (see BrokerGateway's strategyBudget). */
  readonly strategyBudget?: { readonly orders: number; readonly windowMs: number };
}

/** A started gateway: `stop` ends serving and closes what it opened (the app closes the rest). */
export interface RunningGateway {
  readonly prefix: string;
  readonly consumer: string;
  /** Resolves once this instance serves (at once without a lease; when it takes the lease with one). */
  readonly leading: Promise<void>;
  /** Commands and places per strategy and broker (what /metrics shows). */
  strategyUsage(): readonly import('@silvertine/redis').StrategyUsage[];
  stop(): Promise<void>;
}

/**
 * Composes @silvertine/redis's BrokerGateway from the app: its bus and logger, the Redis connection the
 * app's Redis module opened (writes), one more for the blocking reads, and the gateway's own journal
 * with claims (`<prefix>gw:journal`, claims under `<prefix>gw:claims:`) that makes places exactly-once.
 */
export async function startGatewayService(app: AppContext, options: GatewayServiceOptions): Promise<RunningGateway> {
  let redis: typeof import('@silvertine/redis');
  try {
    redis = await import('@silvertine/redis');
  } catch {
    throw new UserError('silvertine gateway needs @silvertine/redis: install @silvertine/redis', EXIT.PLUGIN_MISSING);
  }
  const writer = app.container.get(redis.REDIS_TOKENS.Client);
  const reader = redis.createRedisClient({ url: options.url });
  const closeReader = () => (reader.isReady ? reader.close() : reader.isOpen ? Promise.resolve(reader.destroy()) : Promise.resolve());
  try {
    await withDeadline(redis.connectRedis(reader));
  } catch (error) {
    await closeReader();
    throw error;
  }
  const journal = new redis.RedisStreamsOrderJournal({
    client: writer, stream: `${options.prefix}gw:journal`, claims: { keyPrefix: `${options.prefix}gw:claims:` }, clock: app.clock, bus: app.bus,
  });
  const consumer = options.consumer ?? 'gateway-1';
  const lease = options.leaseMs === undefined ? undefined : new redis.GatewayLease({
    client: writer, key: `${options.prefix}gw:lease`, fenceKey: `${options.prefix}gw:fence`, holder: consumer, ttlMs: options.leaseMs, clock: app.clock,
  });
  // Before a gateway that took the lease reads its first command: its brokers adopt what the earlier
  // leader left at the venue (brokers without a venue state, e.g. paper, have nothing to reconcile).
  const reconciler = new redis.GatewayReconciler({ prefix: options.prefix, journal, client: writer, clock: app.clock, logger: app.logger });
  const beforeServing = async () => {
    for (const broker of options.brokers) {
      const target = reconciliationTarget(broker);
      if (target) await reconciler.reconcile(target.broker, target.venue);
    }
  };
  const gateway = new redis.BrokerGateway({
    brokers: options.brokers, bus: app.bus, writer, reader, prefix: options.prefix, group: options.group, consumer, journal, clock: app.clock, logger: app.logger, lease,
    beforeServing: lease ? beforeServing : undefined, strategyBudget: options.strategyBudget,
  });
  // Never settles when the gateway stops before it led (role$ completes): callers race it with their stop.
  const leading = new Promise<void>((resolve) => {
    firstValueFrom(gateway.role$.pipe(filter((role) => role === 'leader'))).then(() => resolve(), () => undefined);
  });
  try {
    await gateway.start();
  } catch (error) {
    await gateway.stop();
    await closeReader();
    throw error;
  }
  return {
    prefix: options.prefix,
    consumer,
    leading,
    strategyUsage: () => gateway.strategyUsage(),
    async stop() {
      await gateway.stop();
      await closeReader();
    },
  };
}

async function withDeadline(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TemporaryConnectionError(`redis did not answer within ${CONNECT_DEADLINE_MS / 1000} s (redis.url)`)), CONNECT_DEADLINE_MS);
  });
  try {
    await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
