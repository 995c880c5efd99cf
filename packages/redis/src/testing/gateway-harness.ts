import { randomUUID } from 'node:crypto';
import { EventBus, dec, type Broker, type Clock } from '@silvertine/core';
import { ReferenceBroker } from '@silvertine/core/testing';
import { BrokerGateway, type BrokerGatewayOptions } from '../gateway/broker-gateway';
import { GatewayLease, type GatewayLeaseOptions } from '../gateway/gateway-lease';
import { RedisStreamsOrderJournal } from '../journal/redis-streams-order-journal';
import { connectRedis, createRedisClient, type SilvertineRedisClient } from '../redis-client';
import { RemoteBroker, type RemoteBrokerConfig } from '../remote/remote-broker';
import { TEST_REDIS_URL } from './redis-test-env';

/**
 * A gateway process in a test: a ReferenceBroker (the venue) served by a BrokerGateway (journal on Redis
 * with claims) on its own bus, plus RemoteBrokers of it on other buses. Everything it opened is closed
 * by `close()`, so a test ends with no socket left.
 */
export class GatewayHarness {
  readonly prefix: string;
  readonly gatewayBus = new EventBus();
  readonly venue: ReferenceBroker;
  readonly journal: RedisStreamsOrderJournal;
  gateway?: BrokerGateway;
  private readonly clients: SilvertineRedisClient[] = [];
  private readonly remotes: Broker[] = [];

  /** `shared: true` uses `basePrefix` as it is: a second gateway process on the same streams and journal. */
  constructor(basePrefix: string, readonly brokerId = 'ref', shared = false) {
    this.prefix = shared ? basePrefix : `${basePrefix}${randomUUID().slice(0, 8)}:`;
    this.journal = new RedisStreamsOrderJournal({ client: this.client(), stream: `${this.prefix}journal`, claims: { keyPrefix: `${this.prefix}claims:` } });
    this.venue = new ReferenceBroker({ id: brokerId, bus: this.gatewayBus, config: { cash: { USDT: dec(1_000_000) } } });
  }

  /** A new connection, closed by `close()`. */
  client(): SilvertineRedisClient {
    const client = createRedisClient({ url: TEST_REDIS_URL, maxReconnectDelayMs: 50 });
    this.clients.push(client);
    return client;
  }

  /** Connects the venue and starts a gateway serving it (again after `stopGateway`, as a restart). */
  async startGateway(consumer = 'gateway-1', extra: Pick<BrokerGatewayOptions, 'lease' | 'beforeServing' | 'leaseRetryMs' | 'strategyBudget'> = {}): Promise<BrokerGateway> {
    for (const c of this.clients) await connectRedis(c);
    if (this.venue.state !== 'CONNECTED') await this.venue.connect();
    const writer = this.client();
    const reader = this.client();
    await Promise.all([connectRedis(writer), connectRedis(reader)]);
    this.gateway = new BrokerGateway({ brokers: [this.venue], bus: this.gatewayBus, writer, reader, prefix: this.prefix, journal: this.journal, consumer, ...extra });
    await this.gateway.start();
    return this.gateway;
  }

  /** A lease of this harness's gateways (connected client; `holder` as the consumer name). */
  async lease(holder: string, options: Partial<Pick<GatewayLeaseOptions, 'ttlMs' | 'clock'>> = {}): Promise<GatewayLease> {
    const client = this.client();
    await connectRedis(client);
    return new GatewayLease({ client, key: `${this.prefix}gw:lease`, fenceKey: `${this.prefix}gw:fence`, holder, ...options });
  }

  async stopGateway(): Promise<void> {
    await this.gateway?.stop();
    this.gateway = undefined;
  }

  /** A RemoteBroker of the venue on its own bus (connected unless `connect: false`). */
  async remote(options: { bus?: EventBus; clock?: Clock; connect?: boolean; config?: Partial<RemoteBrokerConfig> } = {}): Promise<RemoteBroker> {
    const broker = new RemoteBroker({ id: this.brokerId, bus: options.bus ?? new EventBus(), clock: options.clock, config: { url: TEST_REDIS_URL, prefix: this.prefix, ...options.config } });
    this.remotes.push(broker);
    if (options.connect !== false) await broker.connect();
    return broker;
  }

  /** Disconnects the remotes, stops the gateway, disconnects the venue, closes every connection. */
  async close(): Promise<void> {
    for (const remote of this.remotes) await remote.disconnect();
    await this.stopGateway();
    await this.venue.disconnect();
    for (const c of this.clients) {
      if (c.isReady) await c.close();
      else if (c.isOpen) c.destroy();
    }
    this.gatewayBus.close();
  }
}
