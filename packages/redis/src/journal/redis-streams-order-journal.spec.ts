import { ManualClock, dec, type Order, type OrderRequest, type SubmitAcknowledgement } from '@silvertine/core';
import { ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import type { SilvertineRedisClient } from '../redis-client';
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
    await journal.flush(); // fire-and-forget updates and fills are in a batch of their own

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

  describe('group commit', () => {
    const instrument = testInstrument();
    const request = (id: string): OrderRequest => ({ clientOrderId: id, instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.5'), limitPrice: dec('40000.01'), timeInForce: 'GTC' });
    const idsIn = async (client: SilvertineRedisClient, stream: string) =>
      ((await client.xRange(stream, '-', '+')) ?? []).map((e) => (JSON.parse(String(e.message.r)) as { request: { clientOrderId: string } }).request.clientOrderId);

    /**
     * Holds the client's commands: while `hold` is pending, each command is queued unsent; `failing`
     * makes commands reject as a lost connection would. `issued` resolves at the first held command.
     */
    function gate(client: SilvertineRedisClient) {
      const send = client.sendCommand.bind(client);
      let release!: () => void;
      let issuedNow!: () => void;
      const state = {
        hold: new Promise<void>((r) => { release = r; }) as Promise<void> | undefined,
        issued: new Promise<void>((r) => { issuedNow = r; }),
        failing: false,
        release: () => { state.hold = undefined; release(); },
      };
      jest.spyOn(client, 'sendCommand').mockImplementation(((args: readonly string[], options?: object) => {
        if (state.failing) return Promise.reject(new Error('connection lost'));
        const hold = state.hold;
        if (!hold) return send(args, options);
        issuedNow();
        return hold.then(() => send(args, options));
      }) as typeof client.sendCommand);
      return state;
    }

    afterEach(() => jest.restoreAllMocks());

    it('writes concurrent appends in one pipelined round trip, in order', async () => {
      const client = await env.client();
      const stream = `${env.prefix}gc-one`;
      const journal = new RedisStreamsOrderJournal({ client, stream });
      const ids = Array.from({ length: 100 }, (_, i) => `c${i}`);
      await Promise.all(ids.map((id, i) => journal.recordSubmit('b', request(id), i)));
      expect(journal.stats).toEqual({ batches: 1, records: 100 });
      expect(await idsIn(client, stream)).toEqual(ids);
    });

    it('puts records appended while a batch is on the wire in the next batch, bounded by maxBatch', async () => {
      const client = await env.client();
      const stream = `${env.prefix}gc-next`;
      const journal = new RedisStreamsOrderJournal({ client, stream, maxBatch: 10 });
      const g = gate(client);
      const first = journal.recordSubmit('b', request('first'), 0);
      await g.issued;
      const later = Array.from({ length: 25 }, (_, i) => journal.recordSubmit('b', request(`l${i}`), i));
      g.release();
      await Promise.all([first, ...later]);
      expect(journal.stats).toEqual({ batches: 4, records: 26 }); // 1, then 10 + 10 + 5
      expect(await idsIn(client, stream)).toEqual(['first', ...Array.from({ length: 25 }, (_, i) => `l${i}`)]);
    });

    it('fails the records of a failed batch and no others', async () => {
      const client = await env.client();
      const stream = `${env.prefix}gc-fail`;
      const journal = new RedisStreamsOrderJournal({ client, stream });
      const g = gate(client);
      const first = journal.recordSubmit('b', request('ok-1'), 0);
      await g.issued;
      const doomed = ['lost-1', 'lost-2', 'lost-3'].map((id) => journal.recordSubmit('b', request(id), 1));
      const outcomes = Promise.allSettled(doomed);
      g.failing = true; // the second batch meets a lost connection
      g.release();
      await first;
      expect((await outcomes).map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
      g.failing = false;
      await journal.recordSubmit('b', request('ok-2'), 2);
      expect(journal.stats).toEqual({ batches: 3, records: 5 });
      expect(await idsIn(client, stream)).toEqual(['ok-1', 'ok-2']);
    });

    it('has the submit record acknowledged by Redis before the venue sees the order', async () => {
      const client = await env.client();
      const reader = await env.client();
      const stream = `${env.prefix}gc-durable`;
      const journal = new RedisStreamsOrderJournal({ client, stream });
      const seenAtVenue: string[][] = [];
      class Venue extends ReferenceBroker {
        protected override async submitToVenue(order: Order): Promise<SubmitAcknowledgement> {
          seenAtVenue.push(await idsIn(reader, stream)); // what Redis holds when the order reaches the venue
          return super.submitToVenue(order);
        }
      }
      const broker = new Venue({ id: 'ref', config: { cash: { USDT: dec(1_000_000) } }, journal });
      await broker.connect();
      const g = gate(client);
      const placed = broker.placeOrder(request('d1'));
      await g.issued; // the submit record is on its way and held there
      expect(seenAtVenue).toEqual([]);
      g.release();
      await placed;
      expect(seenAtVenue).toEqual([['d1']]);
      await broker.disconnect();
      await journal.flush();
    });

    it('counts records that do not decode as corrupt, never guessing at them', async () => {
      const client = await env.client();
      const stream = `${env.prefix}gc-corrupt`;
      const journal = new RedisStreamsOrderJournal({ client, stream, pageSize: 2 });
      await journal.recordSubmit('b', request('good-1'), 0);
      await client.xAdd(stream, '*', { r: '{"v":1,"kind":"submit","brokerId":"b"' }); // cut short
      await client.xAdd(stream, '*', { other: 'field' }); // no record at all
      await client.xAdd(stream, '*', { r: JSON.stringify({ v: 1, kind: 'fill', brokerId: 'b', fill: { quantity: 'NaN' } }) });
      await journal.recordSubmit('b', request('good-2'), 1);
      const replay = await journal.replay();
      expect(replay.records).toBe(2);
      expect(replay.corruptRecords).toBe(3);
      expect([...replay.orders.values()].map((o) => o.clientOrderId)).toEqual(['good-1', 'good-2']);
    });
  });
});
