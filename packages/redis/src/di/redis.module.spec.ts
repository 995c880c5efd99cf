import { Container } from 'inversify';
import { CORE_TOKENS, ManualClock, createCoreModule, dec } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { RESILIENCE_TOKENS, createResilienceModule } from '@silvertine/resilience';
import { ReconcilableReferenceBroker } from '@silvertine/resilience/testing';
import { RedisTestEnv } from '../testing/redis-test-env';
import { createRedisModule } from './redis.module';
import { REDIS_TOKENS } from './redis.tokens';

const env = new RedisTestEnv();
afterAll(() => env.cleanup());

describe('createRedisModule', () => {
  it('journals live brokers on a Redis stream through the resilience stack, and bridges the bus', async () => {
    const container = new Container();
    container.loadSync(createCoreModule({ clock: new ManualClock(7) }));
    container.loadSync(createResilienceModule({ journal: false, killSwitch: false }));
    container.loadSync(createRedisModule({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', journal: { stream: `${env.prefix}journal` }, bridge: { prefix: env.prefix } }));
    const service = container.get(REDIS_TOKENS.Service);
    await service.start();
    const stack = container.get(RESILIENCE_TOKENS.SafetyStack);
    expect(container.get(RESILIENCE_TOKENS.OrderJournal)).toBe(container.get(REDIS_TOKENS.OrderJournal));

    const info = { name: 'live', type: 'binance' };
    await stack.beforeCreate(info);
    const bus = container.get(CORE_TOKENS.EventBus);
    const broker = new ReconcilableReferenceBroker({ id: 'live', config: { cash: { USDT: dec(1_000_000) } }, bus, clock: container.get(CORE_TOKENS.Clock), journal: stack.orderJournal(info), preTradeChecks: [...stack.preTradeChecks(info)] });
    await broker.connect();
    broker.setPrice('BTCUSDT', dec('50000'));
    await stack.afterConnect(broker, info);
    await broker.placeOrder({ clientOrderId: 'r1', instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec('40000') });

    const replay = await container.get(REDIS_TOKENS.OrderJournal).replay();
    expect(replay.inFlight.map((o) => o.clientOrderId)).toEqual(['r1']);
    await container.get(REDIS_TOKENS.Bridge).flush();
    const writer = container.get(REDIS_TOKENS.Client);
    expect(await writer.xLen(`${env.prefix}events:live:OrderUpdate`)).toBeGreaterThan(0);

    stack.beforeDisconnect(broker);
    await broker.disconnect();
    await stack.close();
    // A fire-and-forget record still queued for the journal's next batch is written before the writer closes.
    const last = (await broker.getOrder('r1'))!;
    container.get(REDIS_TOKENS.OrderJournal).recordUpdate('live', { ...last, updatedAt: 999 });
    await service.close();
    expect(writer.isOpen).toBe(false);
    const reader = await env.client();
    const [tail] = (await reader.xRevRange(`${env.prefix}journal`, '+', '-', { COUNT: 1 })) ?? [];
    expect(JSON.parse(String(tail.message.r))).toMatchObject({ kind: 'update', order: { clientOrderId: 'r1', updatedAt: 999 } });
  });
});
