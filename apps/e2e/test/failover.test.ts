import { formatResult, runFailover, type FailoverOptions } from '../failover/failover-run';

/**
 * The short version of `npx nx run e2e:failover`: real processes on loopback (two `silvertine gateway`
 * processes under one lease on the Binance emulator, three strategy processes through RemoteBroker,
 * Redis at REDIS_URL or 127.0.0.1:6379); the leader is SIGKILLed half-way. Every wait in the run is on
 * what the processes print; the deadlines are safety nets for a loaded machine.
 */
// Starting five Node processes on the repository's TypeScript sources takes tens of seconds under load.
jest.setTimeout(600_000);

describe('failover across processes: SIGKILL of the leading gateway', () => {
  it('3 strategies × 50 orders: no duplicate order, no orphan, no lost or duplicate fill, balances equal to the venue', async () => {
    const options: FailoverOptions = { orders: 50, strategies: 3, seed: 7 };
    const result = await runFailover(options);
    console.log(formatResult(result, options));
    expect({
      placed: result.ordersPlaced,
      duplicateOrders: result.duplicateOrders,
      orphans: result.orphans,
      lostFills: result.lostFills,
      duplicateFills: result.duplicateFills,
      phantomFills: result.phantomFills,
      unresolved: result.unresolved,
      balanceMismatches: result.balanceMismatches,
    }).toEqual({ placed: 150, duplicateOrders: 0, orphans: 0, lostFills: 0, duplicateFills: 0, phantomFills: 0, unresolved: 0, balanceMismatches: [] });
    // The standby serves (it printed so) and the run went on through it.
    expect(result.firstServedMs).toBeGreaterThanOrEqual(0);
    expect(result.ok).toBe(true);
  });
});
