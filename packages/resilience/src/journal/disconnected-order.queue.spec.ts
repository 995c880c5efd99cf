import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus, ManualClock, TemporaryConnectionError, dec, type AlertEvent, type OrderRequest } from '@silvertine/core';
import { ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { flushMicrotasks } from '../testing/virtual-time';
import { DisconnectedOrderQueue } from './disconnected-order.queue';
import { FileOrderJournal } from './file-order-journal';

let dir: string;
beforeEach(async () => { dir = await fs.mkdtemp(join(tmpdir(), 'silvertine-queue-')); });
afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

const instrument = testInstrument();
const limit = (id: string, extra: Partial<OrderRequest> = {}) => ({ clientOrderId: id, instrument, side: 'BUY' as const, type: 'LIMIT' as const, quantity: dec('0.01'), limitPrice: dec('40000'), ...extra });

async function open(path: string, clock: ManualClock, bus?: EventBus) {
  const journal = new FileOrderJournal({ path, fsync: 'always', clock });
  await journal.open();
  const queue = new DisconnectedOrderQueue({ store: journal, clock, bus, timeoutMs: 60_000, immediateTimeoutMs: 2_000 });
  await queue.restore(await journal.replay());
  return { journal, queue };
}

describe('DisconnectedOrderQueue', () => {
  it('survives a restart and sends queued orders once the broker is connected', async () => {
    const clock = new ManualClock(0);
    const path = join(dir, 'j.jsonl');
    const first = await open(path, clock);
    const queued = await first.queue.enqueue('ref', { instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.01'), limitPrice: dec('40000') });
    expect(queued.clientOrderId).toBeTruthy();
    await first.queue.enqueue('ref', limit('q2'));
    first.queue.close();
    await first.journal.close();

    const second = await open(path, clock);
    expect(second.queue.pending('ref').map((e) => e.request.clientOrderId)).toEqual([queued.clientOrderId, 'q2']);
    const broker = new ReferenceBroker({ id: 'ref', config: { cash: { USDT: dec(1_000_000) } }, clock, journal: second.journal });
    // Still disconnected: nothing leaves, nothing is lost.
    const notYet = await second.queue.drain('ref', (r) => broker.placeOrder(r));
    expect(notYet).toMatchObject({ sent: [], remaining: 2 });
    await broker.connect();
    const report = await second.queue.drain('ref', (r) => broker.placeOrder(r));
    expect(report).toMatchObject({ sent: [queued.clientOrderId, 'q2'], expired: [], refused: [], remaining: 0 });
    expect((await broker.getOpenOrders()).map((o) => o.clientOrderId).sort()).toEqual([queued.clientOrderId, 'q2'].sort());
    await flushMicrotasks();
    const replay = await second.journal.replay();
    expect(replay.queued).toEqual([]);
    expect(replay.orders.get('ref\u0000q2')!.lastOrder!.status).toBe('ACCEPTED');
    second.queue.close();
    await broker.disconnect();
    await second.journal.close();
  });

  it('expires orders by timeout, by GTD expiry and IOC/FOK sooner, on the clock, with an alert', async () => {
    const clock = new ManualClock(0);
    const bus = new EventBus();
    const alerts: AlertEvent[] = [];
    bus.alerts$.subscribe((a) => alerts.push(a));
    const { journal, queue } = await open(join(dir, 'j.jsonl'), clock, bus);
    await queue.enqueue('ref', limit('gtc'));
    await queue.enqueue('ref', limit('gtd', { timeInForce: 'GTD', expireAt: 10_000 }));
    await queue.enqueue('ref', limit('ioc', { timeInForce: 'IOC' }));
    clock.advance(2_000);
    await flushMicrotasks();
    expect(queue.pending().map((e) => e.request.clientOrderId)).toEqual(['gtc', 'gtd']);
    clock.advance(8_000);
    await flushMicrotasks();
    expect(queue.pending().map((e) => e.request.clientOrderId)).toEqual(['gtc']);
    clock.advance(50_000);
    await flushMicrotasks();
    expect(queue.size).toBe(0);
    expect(alerts.map((a) => a.details?.clientOrderId)).toEqual(['ioc', 'gtd', 'gtc']);
    expect((await journal.replay()).queued).toEqual([]);
    queue.close();
    await journal.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('never sends twice when the process died between placeOrder and the dequeue record', async () => {
    const clock = new ManualClock(0);
    const path = join(dir, 'j.jsonl');
    const first = await open(path, clock);
    const request = await first.queue.enqueue('ref', limit('once'));
    // placeOrder journaled the submit (and maybe sent it), then the process died.
    await first.journal.recordSubmit('ref', request, 1);
    first.queue.close();
    await first.journal.close();
    const second = await open(path, clock);
    expect(second.queue.size).toBe(0);
    const sends: string[] = [];
    await second.queue.drain('ref', async (r) => { sends.push(r.clientOrderId); });
    expect(sends).toEqual([]);
    expect((await second.journal.replay()).inFlight.map((o) => o.clientOrderId)).toEqual(['once']);
    second.queue.close();
    await second.journal.close();
  });

  it('stops draining at a not-ready refusal and drops orders refused on their merits', async () => {
    const clock = new ManualClock(0);
    const { journal, queue } = await open(join(dir, 'j.jsonl'), clock);
    for (const id of ['a', 'b', 'c']) await queue.enqueue('ref', limit(id));
    let n = 0;
    const report = await queue.drain('ref', async (r) => {
      n++;
      if (r.clientOrderId === 'a') throw Object.assign(new Error('bad'), { code: 'INVALID_ORDER', severity: 'NON_RECOVERABLE' });
      if (r.clientOrderId === 'b') throw new TemporaryConnectionError('dropped again');
    });
    expect(n).toBe(2);
    expect(report).toMatchObject({ sent: [], refused: [{ clientOrderId: 'a', code: 'INVALID_ORDER' }], remaining: 2 });
    queue.close();
    await journal.close();
  });
});
