import { DEFAULT_VENUE_PROFILE, formatRecoveryTable, runShadowRecovery } from '../shadow/shadow-recovery';

// A real CLI process, emulator sockets and ~0.3 s per order on a shared machine: a safety net only
// (the run has its own, sized by the number of orders).
jest.setTimeout(600_000);

/**
 * The short version of `npx nx run e2e:shadow`: `silvertine shadow` composed from YAML against a Binance
 * emulator with its own seeded slippage, latency and partial-fill profile, the paper mirror on paper's
 * defaults; the report's gap and the calibration recover what the venue was configured with, each within
 * the tolerance the run states (sampling error at this size plus the machinery's rounding).
 */
describe('shadow recovery against the Binance emulator (e2e:shadow, short)', () => {
  it('recovers the venue slippage, latency and partial-fill profile within tolerance', async () => {
    const result = await runShadowRecovery({ orders: 120, venue: DEFAULT_VENUE_PROFILE });
    const table = formatRecoveryTable(result.rows);
    process.stdout.write(`${table}\n`);
    expect({ disagreeing: result.rows.filter((r) => !r.ok), table }).toEqual({ disagreeing: [], table });
    expect(result.report.overall).toMatchObject({ orders: 120, filledBoth: 120, liveOnly: 0, paperOnly: 0, shadowFailures: 0 });
    // One price level only: FIXED and PERCENTAGE explain the data alike, and the calibration says so or
    // picks either; PERCENTAGE's estimate is the one compared above.
    expect(result.calibration.percentage?.model).toBe('PERCENTAGE');
  });
});
