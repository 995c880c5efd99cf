import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal, EventBus, ManualClock, dec, type AlertEvent, type BrokerPosition, type Fill, type Logger, type Order, type OrderRequest } from '@silvertine/core';
import { testInstrument } from '@silvertine/core/testing';
import { FileOrderJournal } from '../journal/file-order-journal';
import type { JournalRecord } from '../journal/journal-record';
import { foldJournal } from '../journal/journal-replay';
import { ReconcilableReferenceBroker } from '../testing/reconcilable-reference-broker';
import { ScriptedVenue } from '../testing/scripted-venue';
import { Reconciler } from './reconciler';

const instrument = testInstrument();
const request = (id: string, extra: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: id, instrument, side: 'BUY', type: 'LIMIT', quantity: dec('0.1'), limitPrice: dec('40000'), timeInForce: 'GTC', ...extra,
});
const venueOrder = (id: string, status: Order['status'], filled = '0', avg?: string, extra: Partial<OrderRequest> = {}): Order => {
  const r = request(id, extra);
  return {
    request: r, clientOrderId: id, status, venueOrderId: `V-${id}`, filledQuantity: dec(filled), remainingQuantity: r.quantity.minus(dec(filled)),
    averageFillPrice: avg ? dec(avg) : undefined, createdAt: 0, updatedAt: 0,
  };
};
const fill = (tradeId: string, clientOrderId: string, qty: string, price: string, timestamp = 100): Fill => ({
  tradeId, clientOrderId, venueOrderId: `V-${clientOrderId}`, symbol: 'BTCUSDT', side: 'BUY', quantity: dec(qty), price: dec(price),
  commission: Decimal.ZERO, commissionAsset: 'USDT', liquidity: 'MAKER', timestamp,
});
const position = (qty: string): BrokerPosition => ({ instrument, quantity: dec(qty), averagePrice: dec('40000'), realizedPnl: Decimal.ZERO, unrealizedPnl: Decimal.ZERO });

/** A logger that keeps what the broker logged (level, message, clientOrderId). */
function recordingLogger(lines: { level: string; message: string; clientOrderId?: unknown }[]): Logger {
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, clientOrderId: fields?.['clientOrderId'] });
  const logger: Logger = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), child: () => logger };
  return logger;
}

async function setup(journal?: FileOrderJournal) {
  const clock = new ManualClock(1_000);
  const bus = new EventBus();
  const alerts: AlertEvent[] = [];
  bus.alerts$.subscribe((a) => alerts.push(a));
  const logs: { level: string; message: string; clientOrderId?: unknown }[] = [];
  const broker = new ReconcilableReferenceBroker({ id: 'ref', config: { cash: { USDT: dec(10_000_000) } }, clock, bus, journal, logger: recordingLogger(logs) });
  const reconciler = new Reconciler({ clock, bus });
  broker.addPreTradeCheck(reconciler.preTradeCheck('ref'));
  await broker.connect();
  broker.setPrice('BTCUSDT', dec('50000'));
  return { clock, bus, alerts, logs, broker, reconciler, venue: new ScriptedVenue() };
}

describe('Reconciler', () => {
  it('resolves UNKNOWN submits by clientOrderId without ever resending them', async () => {
    const { broker, reconciler, venue } = await setup();
    broker.loseNextAcknowledgement();
    await expect(broker.placeOrder(request('took'))).rejects.toMatchObject({ code: 'UNKNOWN_ORDER_STATUS' });
    broker.loseNextAcknowledgement();
    await expect(broker.placeOrder(request('lost'))).rejects.toMatchObject({ code: 'UNKNOWN_ORDER_STATUS' });
    expect((await broker.getOrder('took'))!.status).toBe('UNKNOWN');
    venue.setOrder(venueOrder('took', 'ACCEPTED'));
    // 'lost' never reached the venue.
    const report = await reconciler.reconcile({ broker, venue });
    expect(report.resolvedUnknown).toEqual([{ clientOrderId: 'took', status: 'ACCEPTED' }, { clientOrderId: 'lost', status: 'REJECTED' }]);
    expect(await broker.getOrder('took')).toMatchObject({ status: 'ACCEPTED', venueOrderId: 'V-took' });
    expect(await broker.getOrder('lost')).toMatchObject({ status: 'REJECTED', rejectReason: 'not found at venue' });
    expect(broker.sent).toEqual(['took', 'lost']);
    expect(venue.lookups).toContain('lost'); // 'took' was answered by the open-orders list
    expect(report.blocked).toBe(false);
    await broker.disconnect();
  });

  it('adopts orders it did not know, applies missed fills once, and infers fills the venue no longer lists', async () => {
    const { broker, reconciler, venue, alerts } = await setup();
    await broker.placeOrder(request('mine', { limitPrice: dec('40000') }));
    // While we were disconnected: 'mine' filled 0.06 (fill listed) then 0.04 more (aged out of the list);
    // another process placed 'foreign', which is open and partly filled.
    venue.setOrder(venueOrder('mine', 'FILLED', '0.1', '40000'));
    venue.setOrder(venueOrder('foreign', 'PARTIALLY_FILLED', '0.02', '39000', { limitPrice: dec('39000') }));
    venue.fills = [fill('T-1', 'mine', '0.06', '40000', 500), fill('T-2', 'foreign', '0.02', '39000', 600)];
    venue.positionList = [position('0.12')];
    const report = await reconciler.reconcile({ broker, venue, since: 0 });
    expect(report.adopted).toEqual(['foreign']);
    expect(report.appliedFills).toEqual(['T-1', 'T-2']);
    expect(report.inferredFills).toEqual(['inferred:mine:0.1']);
    expect(await broker.getOrder('mine')).toMatchObject({ status: 'FILLED' });
    expect((await broker.getOrder('mine'))!.averageFillPrice!.toString()).toBe('40000');
    expect(await broker.getOrder('foreign')).toMatchObject({ status: 'PARTIALLY_FILLED' });
    expect(report.positionMismatches).toEqual([]);
    expect(alerts.at(-1)).toMatchObject({ severity: 'WARNING', source: 'reconciliation' });
    // A second pass changes nothing: fills are deduplicated by tradeId, inferred ids are stable.
    const again = await reconciler.reconcile({ broker, venue, since: 0 });
    expect(again).toMatchObject({ adopted: [], appliedFills: [], inferredFills: [], closed: [], resolvedUnknown: [] });
    await broker.disconnect();
  });

  it('fails closed while positions disagree: orders refused with an alert, until a pass agrees', async () => {
    const { broker, reconciler, venue, alerts } = await setup();
    venue.positionList = [position('1.5')];
    const report = await reconciler.reconcile({ broker, venue });
    expect(report.positionMismatches).toEqual([{ symbol: 'BTCUSDT', local: '0', venue: '1.5' }]);
    expect(report.blocked).toBe(true);
    expect(alerts.at(-1)).toMatchObject({ severity: 'CRITICAL', brokerId: 'ref' });
    await expect(broker.placeOrder(request('blocked'))).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(broker.sent).toEqual([]);
    venue.positionList = [];
    await reconciler.reconcile({ broker, venue });
    expect(reconciler.isBlocked('ref')).toBe(false);
    await expect(broker.placeOrder(request('ok'))).resolves.toMatchObject({ status: 'ACCEPTED' });
    await broker.disconnect();
  });

  it('blocks a broker when a pass fails (venue unreachable)', async () => {
    const { broker, reconciler, venue } = await setup();
    venue.openOrders = async () => { throw new Error('venue down'); };
    await expect(reconciler.reconcile({ broker, venue })).rejects.toThrow('venue down');
    await expect(broker.placeOrder(request('x'))).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    await broker.disconnect();
  });

  it('after a restart, restores in-flight orders from the journal and resolves them at the venue', async () => {
    const dir = await fs.mkdtemp(join(tmpdir(), 'silvertine-recon-'));
    try {
      const path = join(dir, 'j.jsonl');
      const journal = new FileOrderJournal({ path, fsync: 'always' });
      await journal.open();
      const first = await setup(journal);
      await first.broker.placeOrder(request('resting'));
      await first.broker.placeOrder(request('filled-later'));
      // The process dies after journaling 'ghost' but before sending it.
      await journal.recordSubmit('ref', request('ghost'), 2_000);
      await journal.close();

      const reopened = new FileOrderJournal({ path, fsync: 'always' });
      await reopened.open();
      const replay = await reopened.replay();
      expect(replay.inFlight.map((o) => o.clientOrderId)).toEqual(['resting', 'filled-later', 'ghost']);
      const second = await setup(reopened);
      second.venue.setOrder(venueOrder('resting', 'ACCEPTED')).setOrder(venueOrder('filled-later', 'FILLED', '0.1', '40000'));
      second.venue.fills = [fill('T-9', 'filled-later', '0.1', '40000', 1_500)];
      second.venue.positionList = [position('0.1')];
      const linesBefore = (await fs.readFile(path, 'utf8')).split('\n').filter((l) => l.length > 0).length;
      const report = await second.reconciler.reconcile({ broker: second.broker, venue: second.venue, journal: replay, since: 0 });
      expect(report.restored).toEqual(['resting', 'filled-later', 'ghost']);
      // 'resting' is at the venue as the journal left it: ours, restored without a warning and without a
      // journal record; the two that changed meanwhile are reported (and journaled) as found at the venue.
      expect(second.logs.filter((l) => l.level === 'warn').map((l) => l.clientOrderId)).toEqual(['filled-later', 'ghost']);
      const appended = (await fs.readFile(path, 'utf8')).split('\n').filter((l) => l.length > 0).slice(linesBefore);
      expect(appended.some((l) => l.includes('"resting"'))).toBe(false);
      expect(report.blocked).toBe(false);
      expect(await second.broker.getOrder('resting')).toMatchObject({ status: 'ACCEPTED' });
      expect(await second.broker.getOrder('filled-later')).toMatchObject({ status: 'FILLED' });
      expect(await second.broker.getOrder('ghost')).toMatchObject({ status: 'REJECTED' });
      expect(second.broker.sent).toEqual([]);
      await second.broker.disconnect();
      await reopened.close();
      const final = await new FileOrderJournal({ path, fsync: 'never' }).replay();
      expect(final.inFlight.map((o) => o.clientOrderId)).toEqual(['resting']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('Reconciler: orders an earlier process closed in the journal', () => {
  const sell = (tradeId: string, clientOrderId: string, qty: string): Fill => ({ ...fill(tradeId, clientOrderId, qty, '41000', 300), side: 'SELL' });
  /** An earlier process's journal: 'done' bought 0.1 in two fills, 'sold' sold 0.04, 'part' was canceled after 0.06. */
  const history: readonly JournalRecord[] = [
    { kind: 'submit', brokerId: 'ref', at: 1, request: request('done') },
    { kind: 'fill', brokerId: 'ref', fill: fill('T-1', 'done', '0.06', '40000', 100) },
    { kind: 'fill', brokerId: 'ref', fill: fill('T-2', 'done', '0.04', '40000', 200) },
    { kind: 'update', brokerId: 'ref', order: venueOrder('done', 'FILLED', '0.1', '40000') },
    { kind: 'submit', brokerId: 'ref', at: 2, request: request('sold', { side: 'SELL', quantity: dec('0.04'), limitPrice: dec('41000') }) },
    { kind: 'fill', brokerId: 'ref', fill: sell('T-3', 'sold', '0.04') },
    { kind: 'update', brokerId: 'ref', order: { ...venueOrder('sold', 'FILLED', '0.04', '41000', { side: 'SELL', quantity: dec('0.04'), limitPrice: dec('41000') }) } },
    { kind: 'submit', brokerId: 'ref', at: 3, request: request('part') },
    { kind: 'fill', brokerId: 'ref', fill: fill('T-4', 'part', '0.06', '40000', 400) },
    { kind: 'update', brokerId: 'ref', order: venueOrder('part', 'CANCELED', '0.06', '40000') },
  ];
  const earlier = () => foldJournal(history);
  /** The venue's side of the same history. */
  const script = (venue: ScriptedVenue) => {
    venue.setOrder(venueOrder('done', 'FILLED', '0.1', '40000'));
    venue.setOrder(venueOrder('sold', 'FILLED', '0.04', '41000', { side: 'SELL', quantity: dec('0.04'), limitPrice: dec('41000') }));
    venue.setOrder(venueOrder('part', 'CANCELED', '0.06', '40000'));
    venue.fills = [fill('T-1', 'done', '0.06', '40000', 100), fill('T-2', 'done', '0.04', '40000', 200), sell('T-3', 'sold', '0.04'), fill('T-4', 'part', '0.06', '40000', 400)];
    venue.positionList = [position('0.12')];
  };
  const warnings = (logs: readonly { level: string }[]) => logs.filter((l) => l.level === 'warn');
  /** The cancel of 'part' raced a last fill: the venue filled it; the journal closed it CANCELED at 0.06. */
  const raced = (venue: ScriptedVenue) => {
    script(venue);
    venue.setOrder(venueOrder('part', 'FILLED', '0.1', '40000'));
    venue.fills = [...venue.fills, fill('T-5', 'part', '0.04', '40000', 450)];
    venue.positionList = [position('0.16')];
  };

  it('tracks them again from the journal with their fills: no venue lookup, no warning, not adopted, positions agree', async () => {
    const { broker, reconciler, venue, logs, alerts } = await setup();
    script(venue);
    const report = await reconciler.reconcile({ broker, venue, journal: earlier(), since: 0 });
    expect(report).toMatchObject({ adopted: [], journalClosed: ['done', 'sold', 'part'], appliedFills: [], inferredFills: [], positionMismatches: [], conflicts: [], blocked: false });
    expect(venue.lookups).toEqual([]);
    expect(warnings(logs)).toEqual([]);
    expect(alerts.filter((a) => a.source === 'reconciliation')).toEqual([]);
    expect(await broker.getOrder('done')).toMatchObject({ status: 'FILLED', venueOrderId: 'V-done' });
    expect((await broker.getOrder('part'))!.filledQuantity.toString()).toBe('0.06');
    // The ledger holds the journaled fills, as it held the venue's when these orders were adopted.
    expect((await broker.localPositions()).map((p) => [p.instrument.symbol, p.quantity.toString()])).toEqual([['BTCUSDT', '0.12']]);
    // A later pass (a reconnect: no journal) knows them.
    const again = await reconciler.reconcile({ broker, venue, since: 0 });
    expect(again).toMatchObject({ adopted: [], journalClosed: [], appliedFills: [], inferredFills: [], blocked: false });
    expect(venue.lookups).toEqual([]);
    await broker.disconnect();
  });

  it('still compares positions: a venue position the fills do not explain blocks the broker', async () => {
    const { broker, reconciler, venue } = await setup();
    script(venue);
    venue.positionList = [position('0.5')];
    const report = await reconciler.reconcile({ broker, venue, journal: earlier(), since: 0 });
    expect(report.journalClosed).toEqual(['done', 'sold', 'part']);
    expect(report.positionMismatches).toEqual([{ symbol: 'BTCUSDT', local: '0.12', venue: '0.5' }]);
    expect(report.blocked).toBe(true);
    await broker.disconnect();
  });

  it('repairs an order whose venue fills the journal lacks exactly as an order it never had', async () => {
    const withJournal = await setup();
    raced(withJournal.venue);
    const report = await withJournal.reconciler.reconcile({ broker: withJournal.broker, venue: withJournal.venue, journal: earlier(), since: 0 });
    expect(report).toMatchObject({ adopted: ['part'], journalClosed: ['done', 'sold'], appliedFills: ['T-4', 'T-5'], positionMismatches: [], blocked: false });
    expect(withJournal.venue.lookups).toContain('part');
    expect(warnings(withJournal.logs)).toEqual([{ level: 'warn', message: 'adopted an order found at the venue', clientOrderId: 'part' }]);
    expect(await withJournal.broker.getOrder('part')).toMatchObject({ status: 'FILLED' });

    // The same pass without the journal's help: 'part' is handled the same way, lookups included.
    const without = await setup();
    raced(without.venue);
    const plain = await without.reconciler.reconcile({ broker: without.broker, venue: without.venue, since: 0 });
    const part = (ids: readonly string[]) => ids.filter((x) => x === 'part' || x === 'T-4' || x === 'T-5');
    expect([part(report.adopted), part(report.appliedFills), report.inferredFills]).toEqual([part(plain.adopted), part(plain.appliedFills), plain.inferredFills]);
    expect(withJournal.venue.lookups).toEqual(without.venue.lookups.filter((x) => x === 'part'));
    await withJournal.broker.disconnect();
    await without.broker.disconnect();
  });

  describe('the journal itself', () => {
    let dir: string;
    let path: string;
    beforeEach(async () => {
      dir = await fs.mkdtemp(join(tmpdir(), 'silvertine-recon-journal-'));
      path = join(dir, 'j.jsonl');
      const writer = new FileOrderJournal({ path, fsync: 'never' });
      await writer.open();
      for (const record of history) await writer.append(record);
      await writer.close();
    });
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));
    const lines = async () => (await fs.readFile(path, 'utf8')).split('\n').filter((l) => l.length > 0);
    /** One process: opens the journal, reconciles with its replay, closes (a one-shot CLI command). */
    const oneShot = async (scriptVenue: (venue: ScriptedVenue) => void) => {
      const journal = new FileOrderJournal({ path, fsync: 'never' });
      await journal.open();
      const run = await setup(journal);
      scriptVenue(run.venue);
      const report = await run.reconciler.reconcile({ broker: run.broker, venue: run.venue, journal: await journal.replay(), since: 0 });
      await run.broker.disconnect();
      await journal.close();
      return report;
    };

    it('is not appended to by orders restored from it, pass after pass', async () => {
      expect(await lines()).toHaveLength(history.length);
      for (let pass = 0; pass < 2; pass++) {
        const report = await oneShot(script);
        expect(report).toMatchObject({ adopted: [], journalClosed: ['done', 'sold', 'part'], blocked: false });
        expect(await lines()).toHaveLength(history.length);
      }
    });

    it('still records, once, an order adopted from the venue with the fill the journal missed', async () => {
      const first = await oneShot(raced);
      expect(first).toMatchObject({ adopted: ['part'], journalClosed: ['done', 'sold'], appliedFills: ['T-4', 'T-5'], blocked: false });
      const t5 = async () => (await lines()).filter((l) => l.includes('"fill"') && l.includes('"T-5"'));
      expect(await t5()).toHaveLength(1);
      const grown = (await lines()).length;
      expect(grown).toBeGreaterThan(history.length);
      // The next process finds 'part' closed in the journal with T-5: restored, nothing appended.
      const second = await oneShot(raced);
      expect(second).toMatchObject({ adopted: [], journalClosed: ['done', 'sold', 'part'], blocked: false });
      expect(await t5()).toHaveLength(1);
      expect(await lines()).toHaveLength(grown);
    });
  });

  it('adopts an order the journal never had, with its warning', async () => {
    const { broker, reconciler, venue, logs } = await setup();
    script(venue);
    venue.setOrder(venueOrder('foreign', 'FILLED', '0.02', '39000', { limitPrice: dec('39000') }));
    venue.fills = [...venue.fills, fill('T-9', 'foreign', '0.02', '39000', 600)];
    venue.positionList = [position('0.14')];
    const report = await reconciler.reconcile({ broker, venue, journal: earlier(), since: 0 });
    expect(report).toMatchObject({ adopted: ['foreign'], journalClosed: ['done', 'sold', 'part'], appliedFills: ['T-9'], positionMismatches: [], blocked: false });
    expect(venue.lookups).toContain('foreign');
    expect(venue.lookups.filter((x) => x !== 'foreign')).toEqual([]);
    expect(warnings(logs)).toEqual([{ level: 'warn', message: 'adopted an order found at the venue', clientOrderId: 'foreign' }]);
    await broker.disconnect();
  });
});

describe('Reconciler: bracket exits after a restart', () => {
  const bracket = { takeProfit: { limitPrice: dec('52000') }, stopLoss: { stopPrice: dec('48000') } };
  const entry = (id: string, status: Order['status'], filled: string): Order => ({ ...venueOrder(id, status, filled, '40000', { bracket }), venueOrderId: undefined });

  it('hands the journaled bracket entries that closed filled to resumeBracketExits, with their journaled request, after the rest of the pass', async () => {
    const { broker, reconciler, venue } = await setup();
    const handed: Order[][] = [];
    const seenAt: string[] = [];
    const withExits = Object.assign(broker, {
      resumeBracketExits: async (entries: readonly Order[]) => {
        handed.push([...entries]);
        // The rest of the pass is done by then: the in-flight entry was restored and its fill applied.
        seenAt.push((await broker.getOrder('inflight'))!.status);
      },
    });
    const replay = foldJournal([
      { kind: 'submit', brokerId: 'ref', at: 1, request: request('filled', { bracket }) },
      { kind: 'update', brokerId: 'ref', order: entry('filled', 'FILLED', '0.1') },
      { kind: 'submit', brokerId: 'ref', at: 2, request: request('canceled-empty', { bracket }) },
      { kind: 'update', brokerId: 'ref', order: entry('canceled-empty', 'CANCELED', '0') },
      { kind: 'submit', brokerId: 'ref', at: 3, request: request('plain') },
      { kind: 'update', brokerId: 'ref', order: entry('plain', 'FILLED', '0.1') },
      { kind: 'submit', brokerId: 'other', at: 4, request: request('elsewhere', { bracket }) },
      { kind: 'update', brokerId: 'other', order: entry('elsewhere', 'FILLED', '0.1') },
      // In flight at the crash: the venue filled it meanwhile.
      { kind: 'submit', brokerId: 'ref', at: 5, request: request('inflight', { bracket }) },
    ]);
    venue.setOrder(venueOrder('inflight', 'FILLED', '0.1', '40000'));
    venue.fills = [fill('T-1', 'inflight', '0.1', '40000', 500)];
    venue.positionList = [position('0.1')];

    const report = await reconciler.reconcile({ broker: withExits, venue, journal: replay, since: 0 });
    expect(report.bracketEntries).toEqual(['filled', 'inflight']);
    expect(handed).toHaveLength(1);
    expect(seenAt).toEqual(['FILLED']);
    // The venue's copy of 'inflight' has no bracket: the journaled request is what is handed over.
    expect(handed[0].map((o) => [o.clientOrderId, o.status, o.filledQuantity.toString(), o.request.bracket !== undefined])).toEqual([
      ['filled', 'FILLED', '0.1', true],
      ['inflight', 'FILLED', '0.1', true],
    ]);
    expect(report.blocked).toBe(false);

    // Without a journal (a reconnect, not a restart) nothing is handed over.
    expect((await reconciler.reconcile({ broker: withExits, venue, since: 0 })).bracketEntries).toEqual([]);
    expect(handed).toHaveLength(1);
    await broker.disconnect();
  });

  it('fails the pass, blocking the broker, when the exits cannot be resumed', async () => {
    const { broker, reconciler, venue } = await setup();
    const withExits = Object.assign(broker, { resumeBracketExits: () => Promise.reject(new Error('venue unreachable')) });
    const replay = foldJournal([
      { kind: 'submit', brokerId: 'ref', at: 1, request: request('filled', { bracket }) },
      { kind: 'update', brokerId: 'ref', order: entry('filled', 'FILLED', '0.1') },
    ]);
    await expect(reconciler.reconcile({ broker: withExits, venue, journal: replay })).rejects.toThrow('venue unreachable');
    expect(reconciler.isBlocked('ref')).toBe(true);
    await broker.disconnect();
  });

  it('reports no entries for a broker without the capability', async () => {
    const { broker, reconciler, venue } = await setup();
    const replay = foldJournal([
      { kind: 'submit', brokerId: 'ref', at: 1, request: request('filled', { bracket }) },
      { kind: 'update', brokerId: 'ref', order: entry('filled', 'FILLED', '0.1') },
    ]);
    expect((await reconciler.reconcile({ broker, venue, journal: replay })).bracketEntries).toEqual([]);
    await broker.disconnect();
  });
});

describe('Reconciler conflicts', () => {
  it('names an order closed here that the venue reports working or trading, and blocks the broker', async () => {
    const { broker, reconciler, venue, alerts } = await setup();
    broker.loseNextAcknowledgement();
    await expect(broker.placeOrder(request('late'))).rejects.toMatchObject({ code: 'UNKNOWN_ORDER_STATUS' });
    broker.reconcileStatus('late', 'REJECTED', { rejectReason: 'inferred: not found' });
    // the request arrived after all and traded at the venue
    venue.setOrder(venueOrder('late', 'PARTIALLY_FILLED', '0.05', '40000'));
    venue.fills = [fill('T-late', 'late', '0.05', '40000')];
    venue.positionList = [position('0.05')];
    const report = await reconciler.reconcile({ broker, venue });
    expect(report.conflicts).toEqual(['late']);
    expect(report.blocked).toBe(true);
    expect((await broker.getOrder('late'))!.status).toBe('REJECTED');
    expect(alerts.some((a) => a.severity === 'CRITICAL' && a.details?.['orders'] === 'late')).toBe(true);
    await expect(broker.placeOrder(request('next'))).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' });
    await broker.disconnect();
  });
});
