import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, dec } from '@silvertine/core';
import { ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { flushMicrotasks } from '../testing/virtual-time';
import { FileOrderJournal, parseJournalText, type FsyncPolicy } from './file-order-journal';

let dir: string;
beforeEach(async () => { dir = await fs.mkdtemp(join(tmpdir(), 'silvertine-journal-')); });
afterEach(async () => { await fs.rm(dir, { recursive: true, force: true }); });

const instrument = testInstrument();

async function tradeSome(journal: FileOrderJournal, clock = new ManualClock(1_000)) {
  const broker = new ReferenceBroker({ id: 'ref', config: { cash: { USDT: dec(1_000_000) } }, clock, journal });
  await broker.connect();
  broker.setPrice('BTCUSDT', dec('50000'));
  await broker.placeOrder({ clientOrderId: 'mkt-1', instrument, side: 'BUY', type: 'MARKET', quantity: dec('0.123456789012345678').roundToStep(instrument.stepSize) });
  await broker.placeOrder({ clientOrderId: 'lmt-1', instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.5'), limitPrice: dec('49000.01') });
  await broker.placeOrder({ clientOrderId: 'lmt-2', instrument, side: 'SELL', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec('60000') });
  await broker.cancelOrder('lmt-2');
  await broker.disconnect();
}

const handleOf = (j: FileOrderJournal) => (j as unknown as { handle: FileHandle }).handle;

describe('FileOrderJournal', () => {
  it('replays orders in flight and fills seen, with exact decimals, after a restart', async () => {
    const path = join(dir, 'orders.jsonl');
    const journal = new FileOrderJournal({ path, fsync: 'always' });
    await journal.open();
    await tradeSome(journal);
    await journal.close();

    const restarted = new FileOrderJournal({ path, fsync: 'always' });
    await restarted.open();
    const replay = await restarted.replay();
    expect(replay.truncatedTail).toBe(false);
    expect(replay.corruptRecords).toBe(0);
    expect(replay.inFlight.map((o) => o.clientOrderId)).toEqual(['lmt-1']);
    expect(replay.inFlight[0].lastOrder!.status).toBe('ACCEPTED');
    expect(replay.inFlight[0].request.limitPrice!.toString()).toBe('49000.01');
    const mkt = replay.orders.get('ref\u0000mkt-1')!;
    expect(mkt.lastOrder!.status).toBe('FILLED');
    expect(mkt.fills.map((f) => f.quantity.toString())).toEqual(['0.12345']);
    expect([...replay.fillsSeen.get('ref')!]).toEqual([mkt.fills[0].tradeId]);
    expect(replay.orders.get('ref\u0000lmt-2')!.lastOrder!.status).toBe('CANCELED');
    await restarted.close();
  });

  it('tolerates a last line cut short by a crash, and cuts it off before appending', async () => {
    const path = join(dir, 'orders.jsonl');
    const journal = new FileOrderJournal({ path, fsync: 'never' });
    await journal.open();
    await tradeSome(journal);
    await journal.close();
    const intact = (await fs.readFile(path, 'utf8')).split('\n').filter(Boolean).length;
    await fs.appendFile(path, '{"v":1,"kind":"submit","brokerId":"ref","at":5,"request":{"clientOrderId":"half');

    const reader = new FileOrderJournal({ path, fsync: 'never' });
    const before = await reader.replay(); // not opened: reads as-is
    expect(before.truncatedTail).toBe(true);
    expect(before.records).toBe(intact);
    expect(before.orders.has('ref\u0000half')).toBe(false);

    await reader.open();
    await reader.recordSubmit('ref', { clientOrderId: 'after', instrument, side: 'BUY', type: 'MARKET', quantity: dec(1), timeInForce: 'GTC' }, 9);
    const after = await reader.replay();
    expect(after.records).toBe(intact + 1);
    expect(after.corruptRecords).toBe(0);
    expect(after.orders.get('ref\u0000after')!.submittedAt).toBe(9);
    expect((await fs.readFile(path, 'utf8')).endsWith('\n')).toBe(true);
    await reader.close();
  });

  it('counts an unreadable line in the middle as corrupt instead of hiding it', async () => {
    const path = join(dir, 'orders.jsonl');
    const journal = new FileOrderJournal({ path, fsync: 'never' });
    await journal.open();
    await tradeSome(journal);
    await journal.close();
    const lines = (await fs.readFile(path, 'utf8')).split('\n');
    lines.splice(2, 0, 'not json');
    await fs.writeFile(path, lines.join('\n'));
    const replay = await new FileOrderJournal({ path, fsync: 'never' }).replay();
    expect(replay.corruptRecords).toBe(1);
    expect(replay.truncatedTail).toBe(false);
  });

  it.each<[FsyncPolicy, number]>([['always', 1], ['interval', 0], ['never', 0]])(
    'fsync policy %s: %i datasync per acknowledged submit; interval syncs on the clock',
    async (policy, perSubmit) => {
      const clock = new ManualClock(0);
      const journal = new FileOrderJournal({ path: join(dir, `${policy}.jsonl`), fsync: policy, fsyncIntervalMs: 100, clock });
      await journal.open();
      const spy = jest.spyOn(handleOf(journal), 'datasync');
      await journal.recordSubmit('b', { clientOrderId: 'x', instrument, side: 'BUY', type: 'MARKET', quantity: dec(1), timeInForce: 'GTC' }, 0);
      expect(spy).toHaveBeenCalledTimes(perSubmit);
      clock.advance(100);
      await flushMicrotasks();
      expect(spy).toHaveBeenCalledTimes(policy === 'never' ? 0 : 1);
      await journal.close();
      expect(clock.pendingTimers).toBe(0);
    },
  );

  it('replays a file read in chunks as the same records: lines across chunk edges, a line longer than a chunk, UTF-8', async () => {
    const path = join(dir, 'big.jsonl');
    const journal = new FileOrderJournal({ path, fsync: 'never' });
    await journal.open();
    const submit = (id: string, note: string) => journal.recordSubmit('b', { clientOrderId: id, instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.5'), limitPrice: dec('40000.01'), timeInForce: 'GTC', tags: { note } }, 1);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 3_000; i++) writes.push(submit(`s${i}`, `€ ${i} ${'x'.repeat(i % 50)}`)); // ≈ 1.3 MB: crosses the 1 MiB chunk
    writes.push(submit('huge', '€'.repeat(900_000))); // 2.7 MB in one line: longer than a chunk
    writes.push(submit('last', 'end'));
    await Promise.all(writes);
    await journal.close();

    const replay = await new FileOrderJournal({ path, fsync: 'never' }).replay();
    const whole = parseJournalText(await fs.readFile(path, 'utf8'));
    expect(replay.records).toBe(3_002);
    expect(replay.corruptRecords).toBe(0);
    expect(replay.truncatedTail).toBe(false);
    expect([...replay.orders.keys()]).toEqual([...whole.orders.keys()]);
    expect(replay.orders.get('b\u0000huge')!.request.tags!.note).toBe('€'.repeat(900_000));
    expect(replay.orders.get('b\u0000s2999')!.request.tags!.note).toBe(`€ 2999 ${'x'.repeat(2999 % 50)}`);
  });

  it('group-commits concurrent submits: one write and one sync for a burst', async () => {
    const journal = new FileOrderJournal({ path: join(dir, 'burst.jsonl'), fsync: 'always' });
    await journal.open();
    const handle = handleOf(journal);
    const writes = jest.spyOn(handle, 'write');
    const syncs = jest.spyOn(handle, 'datasync');
    await Promise.all(Array.from({ length: 50 }, (_, i) =>
      journal.recordSubmit('b', { clientOrderId: `o${i}`, instrument, side: 'BUY', type: 'MARKET', quantity: dec(1), timeInForce: 'GTC' }, i)));
    expect(syncs.mock.calls.length).toBeLessThanOrEqual(2);
    expect(writes.mock.calls.length).toBeLessThanOrEqual(2);
    expect((await journal.replay()).orders.size).toBe(50);
    await journal.close();
  });

  it('a journal that cannot write stops the order before it leaves the process', async () => {
    const journal = new FileOrderJournal({ path: join(dir, 'never-opened.jsonl'), fsync: 'always' });
    const broker = new ReferenceBroker({ id: 'ref', config: { cash: { USDT: dec(1_000_000) } }, journal });
    await broker.connect();
    broker.setPrice('BTCUSDT', dec('50000'));
    await expect(broker.placeOrder({ clientOrderId: 'm', instrument, side: 'BUY', type: 'MARKET', quantity: dec('0.01') })).rejects.toThrow(/not open/);
    expect(await broker.getPositions()).toEqual([]);
    expect(await broker.getOrder('m')).toBeUndefined();
    await broker.disconnect();
  });
});
