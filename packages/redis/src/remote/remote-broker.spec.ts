import { randomUUID } from 'node:crypto';
import {
  EventBus, ManualClock, UnknownOrderStatusError, dec, type OrderRequest, type SilvertineEvent,
} from '@silvertine/core';
import { testInstrument, waitFor } from '@silvertine/core/testing';
import { encodeOrderRequest } from '@silvertine/resilience';
import { commandStreamKey, decodeReply, encodeCommand, replyStreamKey, type GatewayOp } from '../gateway/gateway-protocol';
import { connectRedis, type SilvertineRedisClient } from '../redis-client';
import { GatewayHarness } from '../testing/gateway-harness';
import { RedisTestEnv } from '../testing/redis-test-env';

const env = new RedisTestEnv();
afterAll(() => env.cleanup());

const SAFETY_NET_MS = 10_000;
const TIMEOUT_MS = 5_000;

const limitBuy = (clientOrderId: string): OrderRequest => ({
  clientOrderId, instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('40000'), timeInForce: 'GTC',
});

/** Resolves with the next entry added to `stream` after `from` (a blocking XREAD: a barrier, not a sleep). */
async function nextEntry(client: SilvertineRedisClient, stream: string, from: string): Promise<{ id: string; message: Record<string, string> }> {
  const reply = (await client.xRead({ key: stream, id: from }, { BLOCK: SAFETY_NET_MS, COUNT: 1 })) as { messages: { id: string; message: Record<string, string> }[] }[] | null;
  if (!reply?.length) throw new Error(`nothing added to ${stream} within ${SAFETY_NET_MS} ms`);
  return reply[0].messages[0];
}

async function lastId(client: SilvertineRedisClient, stream: string): Promise<string> {
  return (await client.xRevRange(stream, '+', '-', { COUNT: 1 }))?.[0]?.id ?? '0-0';
}

/** Sends a raw command as another process would, and reads its reply. */
async function rawCommand(h: GatewayHarness, client: SilvertineRedisClient, op: GatewayOp, args: Record<string, unknown>) {
  const replyKey = replyStreamKey(h.prefix, h.brokerId, `raw-${randomUUID().slice(0, 6)}`);
  const rid = randomUUID();
  await client.xAdd(commandStreamKey(h.prefix, h.brokerId), '*', encodeCommand({ rid, op, reply: replyKey, args }));
  const entry = await nextEntry(client, replyKey, '0-0');
  const reply = decodeReply(entry.message);
  expect(reply.rid).toBe(rid);
  return reply;
}

async function placeEntries(client: SilvertineRedisClient, h: GatewayHarness, clientOrderId: string): Promise<number> {
  const entries = await client.xRange(commandStreamKey(h.prefix, h.brokerId), '-', '+');
  return (entries ?? []).filter((e) => e.message.op === 'place' && String(e.message.a).includes(`"clientOrderId":"${clientOrderId}"`)).length;
}

describe('RemoteBroker', () => {
  let h: GatewayHarness;
  let admin: SilvertineRedisClient;

  beforeEach(async () => {
    h = new GatewayHarness(env.prefix);
    admin = h.client();
    await connectRedis(admin);
  });
  afterEach(() => h.close());

  it('turns a place with no reply in time into UNKNOWN, never resends it, and takes the outcome from the events', async () => {
    await h.startGateway();
    const clock = new ManualClock(Date.now());
    const remote = await h.remote({ clock, config: { requestTimeoutMs: TIMEOUT_MS } });
    await h.stopGateway(); // the gateway process is gone: nobody reads the command
    const commands = commandStreamKey(h.prefix, h.brokerId);
    const sent = nextEntry(admin, commands, await lastId(admin, commands));
    const placing = remote.placeOrder(limitBuy('slow-1'));
    expect((await sent).message.op).toBe('place');
    clock.advance(TIMEOUT_MS);
    await expect(placing).rejects.toBeInstanceOf(UnknownOrderStatusError);
    expect((await remote.getOpenOrders()).find((o) => o.clientOrderId === 'slow-1')?.status).toBe('UNKNOWN');

    const accepted = waitFor(remote.orders$, (o) => o.clientOrderId === 'slow-1' && o.status === 'ACCEPTED', SAFETY_NET_MS, 'slow-1 ACCEPTED');
    await h.startGateway(); // back: it reads the command the first instance never answered
    expect((await accepted).status).toBe('ACCEPTED');
    expect(await placeEntries(admin, h, 'slow-1')).toBe(1);
    expect((await h.venue.getOpenOrders()).filter((o) => o.clientOrderId === 'slow-1')).toHaveLength(1);
  });

  it('resolves an UNKNOWN order whose command was lost as REJECTED, and refuses that place if it comes back', async () => {
    await h.startGateway();
    const clock = new ManualClock(Date.now());
    const remote = await h.remote({ clock, config: { requestTimeoutMs: TIMEOUT_MS } });
    await h.stopGateway();
    const commands = commandStreamKey(h.prefix, h.brokerId);
    const sent = nextEntry(admin, commands, await lastId(admin, commands));
    const placing = remote.placeOrder(limitBuy('lost-1'));
    const command = await sent;
    await admin.xDel(commands, command.id); // lost with a Redis that failed over without it
    clock.advance(TIMEOUT_MS);
    await expect(placing).rejects.toBeInstanceOf(UnknownOrderStatusError);

    await h.startGateway();
    const resolved = remote.getOrder('lost-1');
    expect(await resolved).toMatchObject({ clientOrderId: 'lost-1', status: 'REJECTED' });

    const refused = waitFor(h.gatewayBus.events$, (e: SilvertineEvent) => e.type === 'BrokerError' && e.code === 'DUPLICATE_ORDER' && e.clientOrderId === 'lost-1', SAFETY_NET_MS, 'duplicate refused');
    await admin.xAdd(commands, '*', command.message); // the lost command shows up after all
    await refused;
    expect(await h.venue.getOrder('lost-1')).toBeUndefined();
  });

  it('answers a redelivered place with the order as it stands and sends it once', async () => {
    await h.startGateway();
    const request = encodeOrderRequest(limitBuy('twice-1'));
    const first = await rawCommand(h, admin, 'place', { request });
    const second = await rawCommand(h, admin, 'place', { request });
    expect(first.ok && second.ok).toBe(true);
    expect(second.ok && (second.value as { clientOrderId: string }).clientOrderId).toBe('twice-1');
    const journal = await admin.xRange(`${h.prefix}journal`, '-', '+');
    expect((journal ?? []).filter((e) => String(e.message.r).includes('"kind":"submit"'))).toHaveLength(1);
    expect((await h.venue.getOpenOrders()).filter((o) => o.clientOrderId === 'twice-1')).toHaveLength(1);
  });

  it('marks a place the broker refused before sending as refused: resolved as never sent, its id not reusable', async () => {
    await h.startGateway();
    const request = encodeOrderRequest({ ...limitBuy('nope-1'), type: 'TAKE_PROFIT', stopPrice: dec('40000'), limitPrice: undefined });
    expect(await rawCommand(h, admin, 'place', { request })).toMatchObject({ ok: false, error: { name: 'NotSupportedError' } });
    expect(await rawCommand(h, admin, 'resolve', { clientOrderId: 'nope-1' })).toMatchObject({ ok: true, value: { claim: 'refused' } });
    expect(await rawCommand(h, admin, 'place', { request })).toMatchObject({ ok: false, error: { name: 'DuplicateOrderError' } });
    expect(await h.venue.getOrder('nope-1')).toBeUndefined();
  });

  it('after a failover to a gateway whose broker never saw the order, a retried place is UNKNOWN and not sent', async () => {
    await h.startGateway();
    expect((await rawCommand(h, admin, 'place', { request: encodeOrderRequest(limitBuy('fo-1')) })).ok).toBe(true);
    await h.stopGateway();
    const standby = new GatewayHarness(h.prefix, h.brokerId, true);
    try {
      await standby.startGateway('gateway-2');
      const remote = await standby.remote();
      await expect(remote.placeOrder(limitBuy('fo-1'))).rejects.toBeInstanceOf(UnknownOrderStatusError);
      expect((await remote.getOpenOrders())[0]).toMatchObject({ clientOrderId: 'fo-1', status: 'UNKNOWN' });
      expect(await standby.venue.getOrder('fo-1')).toBeUndefined();
    } finally {
      await standby.close();
    }
  });

  it("tracks only its own orders: another strategy's fills raise nothing on its bus", async () => {
    await h.startGateway();
    h.venue.setPrice('BTCUSDT', dec('50000'));
    const busA = new EventBus();
    const busB = new EventBus();
    const a = await h.remote({ bus: busA });
    const b = await h.remote({ bus: busB });
    const seenByB: SilvertineEvent[] = [];
    busB.events$.subscribe((e) => seenByB.push(e));
    const market = { instrument: testInstrument(), side: 'BUY' as const, type: 'MARKET' as const, quantity: dec('0.01') };
    const orderA = await a.placeOrder(market);
    // B's own order comes after A's on the one ordered event stream: once B saw its fill, it saw A's too.
    const filledB = waitFor(b.orders$, (o) => o.status === 'FILLED', SAFETY_NET_MS, 'B filled');
    const orderB = await b.placeOrder(market);
    await filledB;
    const mentionsA = seenByB.filter((e) => JSON.stringify(e).includes(orderA.clientOrderId));
    expect(mentionsA).toEqual([]);
    expect(seenByB.filter((e) => e.type === 'Alert')).toEqual([]);
    expect(seenByB.filter((e) => e.type === 'Fill').map((e) => e.type === 'Fill' && e.fill.clientOrderId)).toEqual([orderB.clientOrderId]);
    expect((await a.localPositions())[0].quantity.eq(dec('0.01'))).toBe(true);
    expect((await b.localPositions())[0].quantity.eq(dec('0.01'))).toBe(true);
    expect((await b.getPositions())[0].quantity.eq(dec('0.02'))).toBe(true); // the account's, shared
  });

  it("follows the gateway broker's venue connection: RECONNECTING while it is down", async () => {
    await h.startGateway();
    const remote = await h.remote();
    const down = waitFor(remote.state$, (s) => s === 'RECONNECTING', SAFETY_NET_MS, 'RECONNECTING');
    await h.venue.disconnect();
    await down;
    const up = waitFor(remote.state$, (s) => s === 'CONNECTED', SAFETY_NET_MS, 'CONNECTED');
    await h.venue.connect();
    await up;
  });

  it('refuses an undecodable command with an InvalidOrderError naming the field and the rule', async () => {
    await h.startGateway();
    const reply = await rawCommand(h, admin, 'cancel', { clientOrderId: 42 });
    expect(reply).toMatchObject({ ok: false, error: { name: 'InvalidOrderError', field: 'clientOrderId', rule: 'nonEmptyString' } });
    const place = await rawCommand(h, admin, 'place', { request: { ...encodeOrderRequest(limitBuy('bad-1')), quantity: undefined } });
    expect(place).toMatchObject({ ok: false, error: { name: 'InvalidOrderError', field: 'request', rule: 'decode' } });
    expect(await h.venue.getOrder('bad-1')).toBeUndefined();
  });
});
