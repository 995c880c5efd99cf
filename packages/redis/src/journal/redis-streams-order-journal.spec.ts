import { ManualClock, dec } from '@silvertine/core';
import { ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { RedisTestEnv } from '../testing/redis-test-env';
import { RedisStreamsOrderJournal } from './redis-streams-order-journal';

const env = new RedisTestEnv();
afterAll(() => env.cleanup());

describe('RedisStreamsOrderJournal', () => {
  it('records submits before sending and replays orders in flight and fills exactly', async () => {
    const client = await env.client();
    const stream = `${env.prefix}journal`;
    const journal = new RedisStreamsOrderJournal({ client, stream, pageSize: 3 });
    const instrument = testInstrument();
    const broker = new ReferenceBroker({ id: 'ref', config: { cash: { USDT: dec(1_000_000) } }, clock: new ManualClock(5), journal });
    await broker.connect();
    broker.setPrice('BTCUSDT', dec('50000.5'));
    await broker.placeOrder({ clientOrderId: 'm1', instrument, side: 'BUY', type: 'MARKET', quantity: dec('0.12345') });
    await broker.placeOrder({ clientOrderId: 'l1', instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.5'), limitPrice: dec('40000.01') });
    await broker.disconnect();

    const replay = await new RedisStreamsOrderJournal({ client, stream, pageSize: 3 }).replay();
    expect(replay.records).toBeGreaterThan(6); // paged through more than two pages
    expect(replay.corruptRecords).toBe(0);
    expect(replay.inFlight.map((o) => o.clientOrderId)).toEqual(['l1']);
    expect(replay.inFlight[0].request.limitPrice!.toString()).toBe('40000.01');
    const m1 = replay.orders.get('ref\u0000m1')!;
    expect(m1.lastOrder!.status).toBe('FILLED');
    expect(m1.fills[0].price.toString()).toBe('50000.5');
    expect(m1.submittedAt).toBe(5);
  });

  it('refuses the order when Redis cannot take the submit record', async () => {
    const client = await env.client();
    const journal = new RedisStreamsOrderJournal({ client, stream: `${env.prefix}journal-down` });
    client.destroy();
    const broker = new ReferenceBroker({ id: 'ref', config: { cash: { USDT: dec(1_000_000) } }, journal });
    await broker.connect();
    broker.setPrice('BTCUSDT', dec('50000'));
    await expect(broker.placeOrder({ clientOrderId: 'x', instrument: testInstrument(), side: 'BUY', type: 'MARKET', quantity: dec('0.01') })).rejects.toBeDefined();
    expect(await broker.getOrder('x')).toBeUndefined();
    await broker.disconnect();
  });
});
