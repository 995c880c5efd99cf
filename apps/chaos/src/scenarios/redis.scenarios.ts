import { randomUUID } from 'node:crypto';
import { EventBus, createEvent } from '@silvertine/core';
import { RedisStreamsBridge, connectRedis, createRedisClient, type SilvertineRedisClient } from '@silvertine/redis';
import { FaultProxy } from '@silvertine/resilience';
import type { Scenario } from '../harness/scenario.types';
import { between } from '../harness/intents';
import { eventually, pause } from '../harness/wait';
import { binanceSnapshot } from '../oracle/binance-snapshot';
import { BINANCE_SYMBOL } from '../venues/binance-rig';
import { DISTANCE, MID, moveMarket, withBinance } from './binance-scenario.kit';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Clients made for one run, and deletion of every key under its prefix afterwards. */
class RedisScope {
  readonly prefix = `chaos:${process.pid}:${randomUUID().slice(0, 8)}:`;
  private readonly clients: SilvertineRedisClient[] = [];

  async client(url: string): Promise<SilvertineRedisClient> {
    const client = createRedisClient({ url, maxReconnectDelayMs: 50 });
    this.clients.push(client);
    await connectRedis(client);
    return client;
  }

  async cleanup(): Promise<void> {
    for (const c of this.clients) if (c.isOpen) c.destroy();
    const admin = createRedisClient({ url: REDIS_URL });
    await connectRedis(admin);
    const keys: string[] = [];
    for await (const batch of admin.scanIterator({ MATCH: `${this.prefix}*`, COUNT: 1000 })) keys.push(...(batch as unknown as string[]));
    if (keys.length) await admin.del(keys);
    admin.destroy();
  }
}

/**
 * A strategy in another "process" (its own bus) submits OrderEvents through Redis Streams to the broker
 * process and receives its fills back. Redis is killed (FaultProxy reset: live connections RST, new ones
 * refused) mid-stream and restarted; both bridges buffer and flush. Every order must reach the venue once
 * and every fill the strategy once.
 */
export const redisOutage: Scenario = {
  name: 'redis killed + restarted',
  description: 'Redis (behind a FaultProxy) reset mid-stream while a remote strategy submits orders and the broker publishes fills; bridges buffer and flush; each order at the venue once, each fill at the strategy once',
  fast: true,
  run: (ctx) => withBinance(ctx, 'rd', async (run) => {
    const scope = new RedisScope();
    const proxy = new FaultProxy({ targetPort: Number(new URL(REDIS_URL).port || 6379), targetHost: new URL(REDIS_URL).hostname });
    const url = `redis://127.0.0.1:${await proxy.start()}`;
    const strategyBus = new EventBus();
    const strategyFills = new Map<string, number>();
    strategyBus.fills$.subscribe((e) => strategyFills.set(e.fill.tradeId, (strategyFills.get(e.fill.tradeId) ?? 0) + 1));
    const brokerId = run.rig.broker.id;
    const strategy = new RedisStreamsBridge({
      bus: strategyBus, writer: await scope.client(url), reader: await scope.client(url), prefix: scope.prefix, publish: ['Order'],
      consume: [{ brokerId, type: 'Fill' }], group: 'strategy', consumer: 's1', blockMs: 50,
    });
    const trading = new RedisStreamsBridge({
      bus: run.rig.bus, writer: await scope.client(url), reader: await scope.client(url), prefix: scope.prefix,
      consume: [{ brokerId, type: 'Order' }], group: 'brokers', consumer: 'b1', blockMs: 50,
    });
    const submit = () => {
      const request = run.intents.any(MID, DISTANCE);
      run.rig.intents.add(request.clientOrderId);
      strategyBus.publish(createEvent({ type: 'Order', brokerId, action: 'submit', request }));
    };
    let maxBuffered = 0;
    try {
      await trading.start();
      await strategy.start();
      for (let r = 0; r < ctx.rounds; r++) {
        for (let k = between(ctx.random, 1, 3); k > 0; k--) submit();
        await pause(between(ctx.random, 0, 100)); // the outage lands at a seeded point of the flow
        proxy.reset();
        run.injections++;
        for (let k = between(ctx.random, 1, 3); k > 0; k--) submit(); // buffered by the strategy's bridge
        moveMarket(run.rig, ctx.random); // fills buffered by the broker's bridge
        await pause(150);
        // Redis is still down: what was published meanwhile waits in the bridges' local buffers.
        if (strategy.buffered + trading.buffered === 0) throw new Error('nothing buffered while Redis was down: the outage did not bite');
        maxBuffered = Math.max(maxBuffered, strategy.buffered + trading.buffered);
        proxy.heal();
        await eventually(() => [...run.rig.intents].every((id) => run.rig.emulator.control.receivedOrders(id).length > 0), 10_000, 'every order at the venue');
        moveMarket(run.rig, ctx.random);
      }
      await run.rig.quiesce();
      // The strategy's view: each venue execution of its orders exactly once.
      const venue = await binanceSnapshot(run.rig.emulator, run.rig.reads, [BINANCE_SYMBOL]);
      const expected = [...venue.orders.values()].flatMap((o) => o.trades.map((t) => t.tradeId));
      const arrived = await eventually(() => expected.every((id) => strategyFills.has(id)), 10_000, 'every fill at the strategy').then(() => true, () => false);
      const lost = expected.filter((id) => !strategyFills.has(id)).length;
      const duplicated = [...strategyFills.values()].reduce((n, c) => n + c - 1, 0);
      ctx.note(`strategy received ${strategyFills.size} fill(s) of ${expected.length}; ${trading.duplicates + strategy.duplicates} duplicate entries skipped by the consumers; up to ${maxBuffered} event(s) buffered during the outage${arrived ? '' : '; some never arrived'}`);
      run.extra.lostFills += lost;
      run.extra.duplicateFills += duplicated;
    } finally {
      await strategy.stop();
      await trading.stop();
      await proxy.close();
      await scope.cleanup();
    }
  }),
};

