import { Decimal, dec, seededRandom, type ConnectionState, type Fill } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: resilience's Reconciler is the oracle's second opinion
import { Reconciler } from '@silvertine/resilience';
import { AAPL, SAFETY_NET_MS, startRig, type Rig } from './support/harness';

const SEED = 20261125;
const ROUNDS = 6;

/**
 * TWS's nightly restart, several times, with partial fills before, during and after each outage
 * (seeded, so a failure replays). After every restart the adapter reconciles by itself; then
 * resilience's Reconciler asks TWS again and must find nothing left to do: zero lost fills (nothing
 * to apply or infer) and zero duplicates (each execId once on fills$), checked against the emulator's
 * own record of executions.
 */
describe('InteractiveBrokersBroker across emulator restarts with execution replay', () => {
  let rig: Rig;
  afterEach(() => rig.close());

  it(`loses and duplicates no fill over ${ROUNDS} restarts with random partial fills (seed ${SEED})`, async () => {
    rig = await startRig();
    const random = seededRandom(SEED);
    const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const fills: Fill[] = [];
    rig.broker.fills$.subscribe((f) => fills.push(f));
    const reconciler = new Reconciler();
    const since = Date.now() - 1_000;
    const ours = new Set<string>();
    const stateIs = (s: ConnectionState) => waitFor(rig.broker.state$, (x) => x === s, SAFETY_NET_MS, `state ${s}`);
    /** A thin offer at the limit: the order trades `size` at most, the rest rests. */
    const trickle = (size: number) => rig.emulator.setQuote('AAPL', { bid: 149.99, ask: 150, last: 150, bidSize: 1000, askSize: size });
    rig.emulator.setQuote('AAPL', { bid: 149.99, ask: 151, bidSize: 1000, askSize: 1000 });

    for (let round = 1; round <= ROUNDS; round++) {
      const quantity = int(10, 40);
      const order = await rig.broker.placeOrder({ instrument: AAPL, side: 'BUY', type: 'LIMIT', quantity: dec(quantity), limitPrice: dec(150) });
      ours.add(order.clientOrderId);
      for (let i = int(0, 2); i > 0; i--) trickle(int(1, 6)); // partial fills seen live
      const executedBefore = rig.emulator.executions().length;
      const outage = rig.emulator.restart({ downtimeMs: int(50, 250) });
      await stateIs('RECONNECTING');
      for (let i = int(1, 3); i > 0; i--) trickle(int(1, 6)); // partial fills while we are away
      if (random() < 0.5) trickle(1000); // some rounds complete during the outage
      rig.emulator.setQuote('AAPL', { ask: 151, askSize: 1000 });
      expect(rig.emulator.executions().length).toBeGreaterThan(executedBefore); // TWS traded while we were away
      await outage;
      await stateIs('CONNECTED');

      const report = await reconciler.reconcile({ broker: rig.broker, venue: rig.broker.venueState(), since });
      expect({ round, applied: report.appliedFills, inferred: report.inferredFills, adopted: report.adopted, mismatches: report.positionMismatches })
        .toEqual({ round, applied: [], inferred: [], adopted: [], mismatches: [] });

      // the emulator's record is the oracle: every execution of our orders once, nothing else
      const venue = rig.emulator.executions().filter((e) => ours.has(e.orderRef));
      const tradeIds = fills.map((f) => f.tradeId);
      expect(new Set(tradeIds).size).toBe(tradeIds.length);
      expect([...tradeIds].sort()).toEqual(venue.map((e) => e.execId).sort());
      const local = (await rig.broker.getOrder(order.clientOrderId))!;
      const executed = Decimal.sum(venue.filter((e) => e.orderRef === order.clientOrderId).map((e) => e.shares));
      expect(local.filledQuantity.eq(executed)).toBe(true);
      if (executed.eq(quantity)) expect(local.status).toBe('FILLED');
    }
    // every round traded something across an outage, and the positions still agree with TWS
    expect(fills.length).toBeGreaterThanOrEqual(ROUNDS);
    const atVenue = rig.emulator.positions('DU1234567').find((p) => p.contract.symbol === 'AAPL')!;
    expect((await rig.broker.localPositions()).find((p) => p.instrument.symbol === 'AAPL')!.quantity.eq(atVenue.quantity)).toBe(true);
  });
});
