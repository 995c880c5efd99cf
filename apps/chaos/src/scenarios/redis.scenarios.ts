import { EventBus, createEvent } from '@silvertine/core';
import { RedisStreamsBridge, connectRedis, createRedisClient, type SilvertineRedisClient } from '@silvertine/redis';
import { FaultProxy } from '@silvertine/resilience';
import type { Scenario } from '../harness/scenario.types';
import { between } from '../harness/intents';
import { RedisServer } from '../harness/redis-server';
import { eventually, pause, SAFETY_NET_MS } from '../harness/wait';
import { binanceSnapshot } from '../oracle/binance-snapshot';
import { BINANCE_SYMBOL } from '../venues/binance-rig';
import { DISTANCE, MID, moveMarket, withBinance, type BinanceRun } from './binance-scenario.kit';

/** The two sides of the Redis path: a strategy process and the broker process, each with its bridge. */
interface RedisPath {
  readonly strategy: RedisStreamsBridge;
  readonly trading: RedisStreamsBridge;
  /** How many times each tradeId reached the strategy. */
  readonly strategyFills: Map<string, number>;
  submit(): void;
  /** Every intent is at the venue (or was refused before sending) and every venue execution at the strategy: nothing left in Redis only. */
  drained(ms: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A strategy in another "process" (its own bus) submits OrderEvents through Redis Streams at `url` to
 * the broker process, which publishes its fills back the same way.
 */
async function redisPath(run: BinanceRun, url: string): Promise<RedisPath> {
  const clients: SilvertineRedisClient[] = [];
  const client = async () => {
    const c = createRedisClient({ url, maxReconnectDelayMs: 50 });
    clients.push(c);
    await connectRedis(c);
    return c;
  };
  const prefix = `chaos:${process.pid}:`;
  const strategyBus = new EventBus();
  const strategyFills = new Map<string, number>();
  strategyBus.fills$.subscribe((e) => strategyFills.set(e.fill.tradeId, (strategyFills.get(e.fill.tradeId) ?? 0) + 1));
  const brokerId = run.rig.broker.id;
  const errors: string[] = [];
  /** Orders the broker refused without sending (e.g. while its stream reconnects): they never reach the venue. */
  const refused = new Set<string>();
  run.rig.bus.errors$.subscribe((e) => {
    errors.push(`${e.code}: ${e.message}`.slice(0, 160));
    if (e.clientOrderId && e.code === 'TEMPORARY_CONNECTION') refused.add(e.clientOrderId);
  });
  const strategy = new RedisStreamsBridge({
    bus: strategyBus, writer: await client(), reader: await client(), prefix, publish: ['Order'],
    consume: [{ brokerId, type: 'Fill' }], group: 'strategy', consumer: 's1', blockMs: 50,
  });
  const trading = new RedisStreamsBridge({
    bus: run.rig.bus, writer: await client(), reader: await client(), prefix,
    consume: [{ brokerId, type: 'Order' }], group: 'brokers', consumer: 'b1', blockMs: 50,
  });
  await trading.start();
  await strategy.start();
  const executions = async () => [...(await binanceSnapshot(run.rig.emulator, run.rig.reads, [BINANCE_SYMBOL])).orders.values()].flatMap((o) => o.trades.map((t) => t.tradeId));
  return {
    strategy, trading, strategyFills,
    submit: () => {
      const request = run.intents.any(MID, DISTANCE);
      run.rig.intents.add(request.clientOrderId);
      strategyBus.publish(createEvent({ type: 'Order', brokerId, action: 'submit', request }));
    },
    drained: async (ms) => {
      const atVenue = () => [...run.rig.intents].filter((id) => refused.has(id) || run.rig.emulator.control.receivedOrders(id).length > 0).length;
      await eventually(() => atVenue() === run.rig.intents.size, ms, 'every order at the venue (or refused before sending)').catch((e: Error) => {
        throw new Error(`${e.message} (${atVenue()} of ${run.rig.intents.size}; buffered: strategy ${strategy.buffered}, broker ${trading.buffered}; broker errors: ${errors.slice(-3).join(' | ') || 'none'})`);
      });
      await run.rig.quiesce();
      const expected = await executions();
      await eventually(() => expected.every((id) => strategyFills.has(id)), ms, 'every fill at the strategy');
    },
    close: async () => {
      await strategy.stop();
      await trading.stop();
      for (const c of clients) if (c.isOpen) c.destroy();
    },
  };
}

/** The strategy's view at the end: each venue execution of its orders exactly once. */
async function judgeStrategy(run: BinanceRun, path: RedisPath, note: (t: string) => void, maxBuffered: number): Promise<void> {
  await run.rig.quiesce();
  const venue = await binanceSnapshot(run.rig.emulator, run.rig.reads, [BINANCE_SYMBOL]);
  const expected = [...venue.orders.values()].flatMap((o) => o.trades.map((t) => t.tradeId));
  const arrived = await eventually(() => expected.every((id) => path.strategyFills.has(id)), SAFETY_NET_MS, 'every fill at the strategy').then(() => true, () => false);
  const lost = expected.filter((id) => !path.strategyFills.has(id)).length;
  const duplicated = [...path.strategyFills.values()].reduce((n, c) => n + c - 1, 0);
  note(`strategy received ${path.strategyFills.size} fill(s) of ${expected.length}; ${path.trading.duplicates + path.strategy.duplicates} duplicate entries skipped by the consumers; up to ${maxBuffered} event(s) buffered during the outage${arrived ? '' : '; some never arrived'}`);
  run.extra.lostFills += lost;
  run.extra.duplicateFills += duplicated;
}

/** Orders and fills published while Redis is down must wait in the bridges' local buffers. */
async function outageBites(path: RedisPath): Promise<number> {
  const bufferedNow = () => path.strategy.buffered + path.trading.buffered;
  await eventually(() => bufferedNow() > 0, SAFETY_NET_MS, 'events buffered while Redis is down').catch(() => undefined);
  const buffered = bufferedNow();
  if (buffered === 0) throw new Error('nothing buffered while Redis was down: the outage did not bite');
  return buffered;
}

/**
 * A real redis-server of the suite's own (no persistence) is killed with SIGKILL while a remote
 * strategy trades through Redis Streams, then restarted empty on the same port: streams and consumer
 * groups are gone. What was published meanwhile waits in the bridges and must reach the other side
 * exactly once; every order at the venue once, every fill at the strategy once.
 */
export const redisOutage: Scenario = {
  name: 'redis killed + restarted',
  description: 'a real redis-server (own port, no persistence) SIGKILLed mid-stream and restarted empty while a remote strategy submits orders and the broker publishes fills; bridges buffer, recreate what Redis lost, flush; each order at the venue once, each fill at the strategy once',
  fast: true,
  run: (ctx) => withBinance(ctx, 'rd', async (run) => {
    const redis = await RedisServer.start();
    let path: RedisPath | undefined;
    let maxBuffered = 0;
    try {
      path = await redisPath(run, redis.url);
      for (let r = 0; r < ctx.rounds; r++) {
        for (let k = between(ctx.random, 1, 3); k > 0; k--) path.submit();
        moveMarket(run.rig, ctx.random);
        // Without persistence a kill loses what sits in Redis unread: that loss is the cache's, not the
        // bridges', so the kill lands once both sides have read everything (at a seeded delay after).
        await path.drained(10_000);
        await pause(between(ctx.random, 0, 100));
        await redis.kill();
        run.injections++;
        ctx.note(`round ${r + 1}: redis-server killed with every order and fill so far delivered`);
        for (let k = between(ctx.random, 1, 3); k > 0; k--) path.submit(); // buffered by the strategy's bridge
        moveMarket(run.rig, ctx.random); // fills buffered by the broker's bridge
        maxBuffered = Math.max(maxBuffered, await outageBites(path));
        await redis.restart();
        ctx.note(`round ${r + 1}: redis-server restarted empty; ${path.strategy.buffered + path.trading.buffered} event(s) still buffered`);
        await path.drained(10_000);
      }
      await judgeStrategy(run, path, (t) => ctx.note(t), maxBuffered);
    } finally {
      await path?.close();
      await redis.stop();
    }
  }),
};

/**
 * The connections to Redis are reset (a FaultProxy: live connections RST, new ones refused) at a seeded
 * point of the flow while Redis itself keeps its data; healed. Both bridges buffer and flush.
 */
export const redisConnectionReset: Scenario = {
  name: 'redis connections reset',
  description: 'FaultProxy in front of the suite\'s redis-server resets every connection mid-stream (data kept); bridges buffer and flush; each order at the venue once, each fill at the strategy once',
  fast: false,
  run: (ctx) => withBinance(ctx, 'rr', async (run) => {
    const redis = await RedisServer.start();
    const proxy = new FaultProxy({ targetPort: redis.port, targetHost: '127.0.0.1' });
    let path: RedisPath | undefined;
    let maxBuffered = 0;
    try {
      path = await redisPath(run, `redis://127.0.0.1:${await proxy.start()}`);
      for (let r = 0; r < ctx.rounds; r++) {
        for (let k = between(ctx.random, 1, 3); k > 0; k--) path.submit();
        await pause(between(ctx.random, 0, 100)); // the reset lands at a seeded point of the flow
        proxy.reset();
        run.injections++;
        for (let k = between(ctx.random, 1, 3); k > 0; k--) path.submit();
        moveMarket(run.rig, ctx.random);
        maxBuffered = Math.max(maxBuffered, await outageBites(path));
        proxy.heal();
        await path.drained(10_000);
        moveMarket(run.rig, ctx.random);
      }
      await judgeStrategy(run, path, (t) => ctx.note(t), maxBuffered);
    } finally {
      await path?.close();
      await proxy.close();
      await redis.stop();
    }
  }),
};
