import { EventBus, createEvent, dec, type AlertEvent, type FillEvent, type SilvertineEvent } from '@silvertine/core';
import { ReferenceBroker, testInstrument, waitFor } from '@silvertine/core/testing';
import { FaultProxy, encodeEvent } from '@silvertine/resilience';
import { RedisTestEnv } from '../testing/redis-test-env';
import { RedisStreamsBridge, streamKey } from './redis-streams-bridge';

const env = new RedisTestEnv();
afterAll(() => env.cleanup());
const instrument = testInstrument();

async function until(predicate: () => boolean | Promise<boolean>, turns = 1_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
}

const alert = (n: number): AlertEvent => createEvent({ type: 'Alert', severity: 'INFO', source: 'test', message: `m${n}` }, n) as AlertEvent;

describe('RedisStreamsBridge', () => {
  it('carries OrderEvents from a strategy process to the broker process and fills back, exactly once', async () => {
    const prefix = `${env.prefix}x1:`;
    // Strategy process: publishes orders, consumes fills.
    const strategyBus = new EventBus();
    const strategy = new RedisStreamsBridge({
      bus: strategyBus, writer: await env.client(), reader: await env.client(), prefix, publish: ['Order'],
      consume: [{ brokerId: 'ref', type: 'Fill' }], group: 'strategy', consumer: 's1', blockMs: 50,
    });
    // Broker process: consumes orders for its broker, publishes updates and fills.
    const brokerBus = new EventBus();
    const broker = new ReferenceBroker({ id: 'ref', config: { cash: { USDT: dec(1_000_000) } }, bus: brokerBus });
    await broker.connect();
    broker.setPrice('BTCUSDT', dec('50000.25'));
    const trading = new RedisStreamsBridge({
      bus: brokerBus, writer: await env.client(), reader: await env.client(), prefix,
      consume: [{ brokerId: 'ref', type: 'Order' }], group: 'brokers', consumer: 'b1', blockMs: 50,
    });
    await trading.start();
    await strategy.start();
    const fill = waitFor(strategyBus.fills$, () => true, 5_000, 'fill from the broker process');
    strategyBus.publish(createEvent({ type: 'Order', brokerId: 'ref', action: 'submit', request: { clientOrderId: 'remote-1', instrument, side: 'BUY', type: 'MARKET', quantity: dec('0.12345') } }));
    const received = await fill;
    expect(received.fill.clientOrderId).toBe('remote-1');
    expect(received.fill.price.toString()).toBe('50000.25');
    expect(received.order.filledQuantity.toString()).toBe('0.12345');
    expect((await broker.getOrder('remote-1'))!.status).toBe('FILLED');
    // The strategy did not echo the fill it received back into Redis.
    const echoed = await (await env.client()).xLen(streamKey(prefix, 'ref', 'Fill'));
    expect(echoed).toBe(1);
    await strategy.stop();
    await trading.stop();
    await broker.disconnect();
  });

  it('replays entries delivered but not acknowledged before a crash, and skips duplicates by event id and tradeId', async () => {
    const prefix = `${env.prefix}x2:`;
    const raw = await env.client();
    const key = streamKey(prefix, 'ref', 'Fill');
    await raw.xGroupCreate(key, 'g', '0', { MKSTREAM: true });
    const fillEvent = (tradeId: string): FillEvent => {
      const request = { clientOrderId: 'c', instrument, side: 'BUY' as const, type: 'MARKET' as const, quantity: dec(1), timeInForce: 'GTC' as const };
      const f = { tradeId, clientOrderId: 'c', symbol: 'BTCUSDT', side: 'BUY' as const, quantity: dec('0.5'), price: dec('1.5'), commission: dec(0), commissionAsset: 'USDT', liquidity: 'TAKER' as const, timestamp: 1 };
      return createEvent({ type: 'Fill', brokerId: 'ref', fill: f, order: { request, clientOrderId: 'c', status: 'PARTIALLY_FILLED', filledQuantity: dec('0.5'), remainingQuantity: dec('0.5'), createdAt: 0, updatedAt: 1 } }) as FillEvent;
    };
    const add = (e: SilvertineEvent) => raw.xAdd(key, '*', { id: e.id, type: e.type, e: JSON.stringify(encodeEvent(e)) });
    const t1 = fillEvent('T1');
    await add(t1);
    await add(fillEvent('T2'));
    // Consumer c1 takes both, then dies before acknowledging.
    await raw.xReadGroup('g', 'c1', [{ key, id: '>' }], { COUNT: 10 });
    await add(t1); // the same event again (a producer retry)
    await add(fillEvent('T2')); // a new event for an already-seen trade (a venue replay)
    await add(fillEvent('T3'));

    const bus = new EventBus();
    const got: string[] = [];
    bus.fills$.subscribe((e) => got.push(e.fill.tradeId));
    const bridge = new RedisStreamsBridge({ bus, writer: await env.client(), reader: await env.client(), prefix, publish: [], consume: [{ brokerId: 'ref', type: 'Fill' }], group: 'g', consumer: 'c1', blockMs: 50 });
    await bridge.start();
    await until(async () => got.length === 3 && bridge.duplicates === 2);
    expect(got).toEqual(['T1', 'T2', 'T3']);
    await until(async () => ((await raw.xPending(key, 'g')) as { pending: number }).pending === 0);
    await bridge.stop();
  });

  it('buffers events while Redis is unreachable and flushes them in order on recovery', async () => {
    const prefix = `${env.prefix}x3:`;
    const proxy = new FaultProxy({ targetPort: 6379 });
    const port = await proxy.start();
    const writer = await env.client(`redis://127.0.0.1:${port}`, 20);
    const bus = new EventBus();
    const bridge = new RedisStreamsBridge({ bus, writer, prefix, publish: ['Alert'] });
    await bridge.start();
    bus.publish(alert(0));
    await until(() => bridge.buffered === 0);
    proxy.reset(); // Redis "dies": live connection reset, reconnects refused
    await until(() => !writer.isReady);
    for (let i = 1; i <= 5; i++) bus.publish(alert(i));
    expect(bridge.buffered).toBe(5);
    proxy.heal(); // Redis "restarts"
    await until(() => writer.isReady && bridge.buffered === 0);
    const raw = await env.client();
    const entries = (await raw.xRange(streamKey(prefix, undefined, 'Alert'), '-', '+')) ?? [];
    expect(entries.map((e) => JSON.parse(e.message.e as string).message)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    await bridge.stop();
    writer.destroy();
    await proxy.close();
  });

  it('keeps the buffer bounded, dropping the oldest with a CRITICAL alert', async () => {
    const prefix = `${env.prefix}x4:`;
    const writer = await env.client();
    const bus = new EventBus();
    const alerts: AlertEvent[] = [];
    bus.alerts$.subscribe((a) => alerts.push(a));
    const bridge = new RedisStreamsBridge({ bus, writer, prefix, publish: ['OrderUpdate'], maxBuffer: 3 });
    await bridge.start();
    writer.destroy(); // down for good
    const update = (n: number) => createEvent({ type: 'OrderUpdate', brokerId: 'ref', order: {
      request: { clientOrderId: `o${n}`, instrument, side: 'BUY', type: 'MARKET', quantity: dec(1), timeInForce: 'GTC' },
      clientOrderId: `o${n}`, status: 'ACCEPTED', filledQuantity: dec(0), remainingQuantity: dec(1), createdAt: 0, updatedAt: 0 } });
    for (let i = 0; i < 5; i++) bus.publish(update(i));
    expect(bridge.buffered).toBe(3);
    expect(bridge.dropped).toBe(2);
    expect(alerts.filter((a) => a.source === 'redis-bridge' && a.severity === 'CRITICAL')).toHaveLength(1);
    await bridge.stop();
  });
});
