import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dec, type AlertEvent, type OrderJournal } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: a restart is the journal and the Reconciler of @silvertine/resilience (the adapter itself depends on core only)
import { FileOrderJournal, Reconciler } from '@silvertine/resilience';
import { eventually, SAFETY_NET_MS, startVenue, type Venue, venueRequest } from './emulator-harness';

interface RawOpenOrder {
  readonly clientOrderId: string;
  readonly orderListId: number;
  readonly origQty: string;
  readonly type: string;
}

/** A journal that stops recording when the process "dies" (nothing written after the crash point). */
function killable(file: FileOrderJournal): { journal: OrderJournal; kill: () => void } {
  let dead = false;
  return {
    journal: {
      recordSubmit: (brokerId, request, at) => (dead ? new Promise<never>(() => undefined) : file.recordSubmit(brokerId, request, at)),
      recordUpdate: (brokerId, order) => void (dead || file.recordUpdate(brokerId, order)),
      recordFill: (brokerId, fill) => void (dead || file.recordFill(brokerId, fill)),
    },
    kill: () => {
      dead = true;
    },
  };
}

describe('bracket exits resumed after a restart (emulator, FileOrderJournal, Reconciler)', () => {
  let dir: string;
  const venues: Venue[] = [];
  const journals: FileOrderJournal[] = [];

  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'silvertine-bracket-restart-'));
  });
  afterEach(async () => {
    // Restarted brokers first: the first venue owns the emulator.
    for (const v of venues.splice(0).reverse()) await v.close();
    for (const j of journals.splice(0)) await j.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const openJournal = async (): Promise<FileOrderJournal> => {
    const journal = new FileOrderJournal({ path: join(dir, 'binance.journal'), fsync: 'always' });
    await journal.open();
    journals.push(journal);
    return journal;
  };
  const openOrders = async (v: Venue) => (await venueRequest<RawOpenOrder[]>(v, 'GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' })).body;

  it('sends the exits of an entry that filled just before the crash exactly once, and nothing more on later passes or restarts', async () => {
    const started = Date.now();
    const fileA = await openJournal();
    const a = killable(fileA);
    const first = await startVenue({}, {}, { journal: a.journal });
    venues.push(first);
    const control = first.emulator.control;
    // The exits' order list leaves the process and is never answered: the process dies while waiting.
    control.injectFault({ kind: 'hang', match: '/api/v3/orderList/oco', transport: 'rest' });
    const entry = await first.broker.placeOrder({
      clientOrderId: 'crash1', instrument: (await first.broker.instrument('BTCUSDT'))!, side: 'BUY', type: 'MARKET', quantity: dec('0.01'),
      bracket: { takeProfit: { limitPrice: dec('52000') }, stopLoss: { stopPrice: dec('48000') } },
    });
    expect(entry.status).toBe('FILLED');
    await eventually(async () => (await first.broker.getOrder('crash1.tp'))?.status === 'PENDING_SUBMIT', SAFETY_NET_MS, 'the exits on their way');
    a.kill();
    await fileA.close();
    await first.broker.disconnect();
    expect(await openOrders(first)).toEqual([]); // unprotected: the venue holds no exit
    const ocoBefore = control.requestCount('orderList.place.oco');

    // The restart: a new broker on the same journal and venue, reconciled with the journal's replay.
    const fileB = await openJournal();
    const replay = await fileB.replay();
    const second = await startVenue({}, {}, { journal: fileB, emulator: first.emulator });
    venues.push(second);
    const alerts: AlertEvent[] = [];
    second.bus.alerts$.subscribe((e) => alerts.push(e));
    const reconciler = new Reconciler({ bus: second.bus });
    const report = await reconciler.reconcile({ broker: second.broker, venue: second.broker.venueState(), journal: replay, since: started });

    expect(report.bracketEntries).toEqual(['crash1']);
    expect(control.requestCount('orderList.place.oco')).toBe(ocoBefore + 1);
    const exits = await openOrders(second);
    expect(exits.map((o) => o.clientOrderId).sort()).toEqual(['crash1.sl', 'crash1.tp']);
    expect(new Set(exits.map((o) => o.orderListId)).size).toBe(1);
    expect(exits[0].orderListId).toBeGreaterThanOrEqual(0);
    // Sized as after a live fill: 0.01 bought less the 0.1 % commission taken in BTC (read from the entry's trades).
    expect(exits.map((o) => dec(o.origQty).toString())).toEqual(['0.00999', '0.00999']);
    expect(await second.broker.getOrder('crash1.tp')).toMatchObject({ status: 'ACCEPTED', request: { tags: { parentClientOrderId: 'crash1' } } });
    expect(await second.broker.getOrder('crash1.sl')).toMatchObject({ status: 'ACCEPTED' });
    expect(alerts.filter((e) => e.severity === 'CRITICAL')).toEqual([]);

    // A second pass hands the entry over again and sends nothing.
    const again = await reconciler.reconcile({ broker: second.broker, venue: second.broker.venueState(), journal: replay, since: started });
    expect(again.bracketEntries).toEqual(['crash1']);
    expect(control.requestCount('orderList.place.oco')).toBe(ocoBefore + 1);
    await second.broker.disconnect();

    // Another restart, after the exits went out: the venue holds them, so they are adopted, not resent.
    await fileB.close();
    const fileC = await openJournal();
    const third = await startVenue({}, {}, { journal: fileC, emulator: first.emulator });
    venues.push(third);
    const afterRestart = await new Reconciler({ bus: third.bus }).reconcile({ broker: third.broker, venue: third.broker.venueState(), journal: await fileC.replay(), since: started });
    expect(afterRestart.bracketEntries).toEqual(['crash1']);
    expect(control.requestCount('orderList.place.oco')).toBe(ocoBefore + 1);
    expect(await openOrders(third)).toHaveLength(2);
    expect(await third.broker.getOrder('crash1.tp')).toMatchObject({ status: 'ACCEPTED' });
    expect(await third.broker.getOrder('crash1.sl')).toMatchObject({ status: 'ACCEPTED' });
  });
});
