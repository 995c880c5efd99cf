import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dec } from '@silvertine/core';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: a restart is the journal and the Reconciler of @silvertine/resilience (the adapter itself depends on core only)
import { FileOrderJournal, Reconciler } from '@silvertine/resilience';
import { startVenue, type Venue, venueRequest } from './emulator-harness';

/**
 * A restarted process (a one-shot CLI command) reconciling with the venue and the journal an earlier
 * process wrote: the orders that journal closed cost no `GET /api/v3/order` and add nothing to it.
 */
describe('a restart after filled orders (emulator, FileOrderJournal, Reconciler)', () => {
  const ORDERS = 5;
  let dir: string;
  let path: string;
  let first: Venue;
  const started = Date.now();
  const ids = Array.from({ length: ORDERS }, (_, i) => `earlier-${i}`);

  beforeEach(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'silvertine-journal-restart-'));
    path = join(dir, 'binance.journal');
    const journal = new FileOrderJournal({ path, fsync: 'never' });
    await journal.open();
    first = await startVenue({}, {}, { journal });
    const btc = (await first.broker.instrument('BTCUSDT'))!;
    for (const clientOrderId of ids) {
      // A market order's acknowledgement carries its fills: FILLED (fills applied and journaled) on return.
      expect(await first.broker.placeOrder({ clientOrderId, instrument: btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01') })).toMatchObject({ status: 'FILLED' });
    }
    await first.broker.disconnect();
    await journal.close();
  });
  afterEach(async () => {
    await first.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const lines = async () => (await fs.readFile(path, 'utf8')).split('\n').filter((l) => l.length > 0).length;
  const orderLookups = () => first.emulator.control.restRoutes()['GET /api/v3/order'] ?? 0;
  /** One process: a broker on the same venue and journal, reconciled with the journal's replay. */
  const restart = async () => {
    const journal = new FileOrderJournal({ path, fsync: 'never' });
    await journal.open();
    const v = await startVenue({}, {}, { journal, emulator: first.emulator });
    try {
      const report = await new Reconciler({ bus: v.bus }).reconcile({ broker: v.broker, venue: v.broker.venueState(), journal: await journal.replay(), since: started });
      return { report, order: await v.broker.getOrder(ids[0]) };
    } finally {
      await v.close();
      await journal.close();
    }
  };

  it('restores them from the journal without a venue lookup and without appending to the journal, run after run', async () => {
    const journaled = await lines();
    expect(journaled).toBeGreaterThanOrEqual(ORDERS * 3); // submit, fill and updates of each
    for (let run = 0; run < 2; run++) {
      const before = orderLookups();
      const { report, order } = await restart();
      expect(report).toMatchObject({ adopted: [], journalClosed: ids, positionMismatches: [], blocked: false });
      expect(order).toMatchObject({ status: 'FILLED' });
      expect(orderLookups() - before).toBe(0);
      expect(await lines()).toBe(journaled);
    }
  });

  it('still looks up, adopts and journals an order the journal never had', async () => {
    const placed = await venueRequest(first, 'POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.02', newClientOrderId: 'elsewhere' });
    expect(placed.status).toBe(200);
    const journaled = await lines();
    const before = orderLookups();
    const { report } = await restart();
    expect(report).toMatchObject({ adopted: ['elsewhere'], journalClosed: ids, blocked: false });
    // As before this change, for it alone: its trade names only the venue's orderId (one lookup), it is
    // adopted by clientOrderId (one), its filled quantity is compared with the venue's (one).
    expect(orderLookups() - before).toBe(3);
    expect(await lines()).toBeGreaterThan(journaled);
    // The next run finds it closed in the journal too.
    const grown = await lines();
    const next = orderLookups();
    expect((await restart()).report).toMatchObject({ adopted: [], journalClosed: [...ids, 'elsewhere'] });
    expect(orderLookups() - next).toBe(0);
    expect(await lines()).toBe(grown);
  });
});
