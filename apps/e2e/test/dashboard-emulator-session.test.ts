import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Decimal } from '@silvertine/core';
import { startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import { binanceEmulatorBrokerYaml } from '@silvertine/binance-emulator/testing';
import type { DashboardSnapshot } from '@silvertine/monitoring';
import type { Browser } from 'playwright-core';
import { SAFETY_NET_MS, eventually } from './support/event-recorder';
import { ShiftedVenueClock, SilvertineProcess, drawnCharts, openDashboard } from './support/silvertine-process';

/**
 * Issue #16 on the emulators, as a user runs it: `silvertine run --config <yaml>` in its own process, the
 * Binance plugin on a Binance emulator in this process, `market_data.sources` on the venue's stream (so
 * the demo SMA crossover trades the failover feed's 1 s bars, on the venue) and monitoring on a free
 * port. The test moves the venue's price one step per bar; the run's bars close on the venue's trade
 * times, which follow a venue clock the test shifts forward a second per step (no waiting for time to
 * pass). The path crosses up, down and up again: BUY, SELL, BUY. Then the dashboard in headless Chromium:
 * the price chart carries exactly one marker per fill the venue made, the positions chart a series for
 * the symbol, the equity/P&L chart its points; a screenshot goes to test-artifacts/.
 */
// A real CLI process, the emulator and Chromium on a loaded machine: safety nets only (each wait has its own).
jest.setTimeout(600_000);

const SYMBOL = 'BTCUSDT';
const ARTIFACTS = path.join(__dirname, '..', 'test-artifacts');

/**
 * The venue's prices, one per bar: 21 flat bars fill the strategy's 20-bar window, then up 5 × 150,
 * down 5 × 300, up 6 × 500. The fast (5) average crosses the slow (20) one up, down, up again — also with
 * a few more flat bars before (quotes of the session's start) or any bar repeated up to 3 times (a fill
 * print opening a bar of its own), checked by simulation when the path was chosen.
 */
const PATH: readonly string[] = (() => {
  const steps: Array<[count: number, step: number]> = [[21, 0], [5, 150], [5, -300], [6, 500]];
  let price = 50_000;
  return steps.flatMap(([count, step]) => Array.from({ length: count }, () => String((price += step))));
})();
const EXPECTED_SIDES = ['BUY', 'SELL', 'BUY'];

describe('dashboard charts of a `silvertine run` session on the Binance emulator (headless Chromium)', () => {
  let emulator: BinanceEmulator | undefined;
  let run: SilvertineProcess | undefined;
  let browser: Browser | undefined;
  let dir: string;

  afterEach(async () => {
    await browser?.close();
    await run?.stop('SIGINT');
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws the price with one marker per venue fill, the position and equity/P&L of the session', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'silvertine-e2e-dashboard-'));
    const clock = new ShiftedVenueClock();
    emulator = await startBinanceEmulator({ port: 0, symbols: [SYMBOL], balances: { USDT: '100000', BTC: '1' }, prices: { [SYMBOL]: '50000' }, clock: clock.now });
    const venue = emulator;
    const config = path.join(dir, 'session.yaml');
    writeFileSync(config, configYaml(venue));
    run = new SilvertineProcess(['run', '--config', config], path.join(dir, 'state'));
    const session = run;
    const url = (await session.printed(/silvertine: dashboard (http:\/\/\S+?)\/ /))[1];
    await session.printed(/demo strategy on the failover feed \(1000 ms bars of BTCUSDT\), orders on venue/);
    const snapshot = async (): Promise<DashboardSnapshot> => (await (await fetch(`${url}/dashboard/snapshot`)).json()) as DashboardSnapshot;
    // The venue's streams send only changes, and nothing before the session has subscribed: the opening
    // price again (a print and the book at 50000, no move) until the session has one on its price chart.
    await eventually(async () => {
      step(venue, '50000');
      return lastPoint(await snapshot()) !== undefined;
    }, 'a first price in the session', SAFETY_NET_MS, () => session.tail());
    await session.printed(/market data from venue:stream: \w+ BTCUSDT/);

    // One step per bar: the venue's clock a second on, a price (trade print, then the book), and before the
    // next step the session has it (the last point of its price series is at the print's time or later)
    // and every order it has submitted is filled at the venue. The print that closes a bar submits the
    // strategy's order within the same bus delivery (no journal write in between: see configYaml), so
    // the snapshot that shows the print counts that order: each order fills at its own step's book.
    const filledOrders = (): number => venue.control.receivedOrders().filter((o) => o.orderId !== undefined && fillsOf(venue, o.orderId).length > 0).length;
    const settled = async (printedAt: number): Promise<boolean> => {
      const s = await snapshot();
      return (lastPoint(s)?.t ?? 0) >= printedAt && filledOrders() >= (s.brokers.find((b) => b.brokerId === 'venue')?.submitted ?? 0);
    };
    clock.advance(2_000); // past the wall-clock stamps of the stream's quotes
    for (const price of PATH) {
      clock.advance(1_000);
      const printedAt = clock.now();
      step(venue, price);
      await eventually(() => settled(printedAt), `the session's price point of ${price} at ${printedAt}, its orders filled`, SAFETY_NET_MS, () => session.tail());
    }

    // The venue's side: every order the session sent, done; its fills are the oracle (not the page).
    await eventually(() => filledOrders() >= EXPECTED_SIDES.length, `${EXPECTED_SIDES.length} filled orders at the venue`, SAFETY_NET_MS, () => `${JSON.stringify(venue.control.receivedOrders())}\n${session.tail()}`);
    const orders = venue.control.receivedOrders();
    const venueFills = orders.flatMap((o) => (o.orderId === undefined ? [] : fillsOf(venue, o.orderId).map((f) => ({ side: o.params['side'], qty: f.qty, price: f.price.toString() }))));
    expect({ sides: orders.map((o) => o.params['side']), rejected: orders.filter((o) => o.errorCode !== undefined) }).toEqual({ sides: EXPECTED_SIDES, rejected: [] });
    // each at the book of a step: a BUY at its ask (price + 1 tick), a SELL at its bid (price − 1 tick)
    const tick = Decimal.from('0.01');
    const books = new Set(PATH.flatMap((p) => [`BUY ${Decimal.from(p).plus(tick)}`, `SELL ${Decimal.from(p).minus(tick)}`]));
    expect(venueFills.filter((f) => !books.has(`${f.side} ${f.price}`))).toEqual([]);
    const venuePosition = Decimal.sum(venueFills.map((f) => (f.side === 'BUY' ? f.qty : f.qty.negated())));
    // ... and the session has taken in every one of them (HTTP state, before the page is opened).
    await eventually(async () => (await snapshot()).charts.markers.length >= venueFills.length, `${venueFills.length} fills in the session`, SAFETY_NET_MS, () => session.tail());

    const opened = await openDashboard(`${url}/dashboard`);
    browser = opened.browser;
    const drawn = await drawnCharts(opened.page);
    expect({
      markers: drawn.markers,
      buys: drawn.prices[SYMBOL]?.buys,
      sells: drawn.prices[SYMBOL]?.sells,
      positionSeries: drawn.positions.series,
    }).toEqual({
      markers: venueFills.length,
      buys: venueFills.filter((f) => f.side === 'BUY').length,
      sells: venueFills.filter((f) => f.side === 'SELL').length,
      positionSeries: 1,
    });
    expect(drawn.prices[SYMBOL]?.points).toBeGreaterThanOrEqual(PATH.length);
    expect(drawn.pnl.points).toBeGreaterThan(0);
    expect(drawn.positions.points).toBeGreaterThanOrEqual(venueFills.length);
    // the positions series is the traded symbol's, and ends at what the venue's fills add up to
    expect(await opened.page.locator('#chart-positions .u-legend').textContent()).toContain(SYMBOL);
    const last = await snapshot();
    expect(last.charts.positions[SYMBOL]?.at(-1)?.v).toBe(venuePosition.toString());
    // one broker row: the failover's republished market data (brokerId market_data:failover) is no broker
    expect(last.brokers.map((b) => [b.brokerId, b.submitted])).toEqual([['venue', EXPECTED_SIDES.length]]);
    const canvases = await Promise.all(['#chart-pnl', '#chart-prices', '#chart-positions'].map((id) => opened.page.locator(`${id} canvas`).count()));
    expect(canvases).toEqual([1, 1, 1]);

    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'dashboard-emulator-session.png');
    await opened.page.screenshot({ path: file, fullPage: true });
    process.stdout.write(`dashboard screenshot of the emulator session: ${file}\n`);
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(opened.pageErrors).toEqual([]);

    // Ctrl-C: the session ends cleanly and its own summary counts the venue's fills.
    const ended = await session.stop('SIGINT');
    expect(ended.code).toBe(0);
    expect(ended.stdout).toMatch(new RegExp(`session summary \\(venue, \\d+ bars\\)[\\s\\S]*\\n\\s+fills\\s+${venueFills.length}\\n`));
  });
});

/** The YAML a user writes: the Binance plugin on the emulator, the failover on its stream, monitoring on a free port. */
function configYaml(venue: BinanceEmulator): string {
  // Binance's largest recvWindow: the venue clock runs up to ~40 s ahead of the session's (see ShiftedVenueClock)
  const broker = binanceEmulatorBrokerYaml(venue, { requestTimeoutMs: 30_000 });
  const connection = broker.pop()?.replace(/ }$/, ', recv_window_ms: 60000 }');
  if (!connection?.includes('recv_window_ms')) throw new Error(`no connection: line to extend in ${broker.join('\n')}`);
  return [
    ...broker,
    connection,
    `    trading: { symbols: [${SYMBOL}] }`,
    'market_data:',
    `  symbols: [${SYMBOL}]`,
    // one source, never stale while the test is between steps
    '  sources:',
    '    - { broker: venue, stale_ms: 600000 }',
    'monitoring: { enabled: true, host: 127.0.0.1, port: 0 }',
    // No order journal: without its asynchronous write, the order a bar's close asks for is submitted
    // within the same bus delivery as the print that closed the bar, which the test's per-step wait
    // relies on. Reconciliation and the kill switch stay on; the journal has its own e2e tests.
    'resilience: { journal: { enabled: false } }',
    'logging: { level: warn }',
    '',
  ].join('\n');
}

/**
 * The venue at `price`: a print there (stamped by the shifted venue clock), then the book one tick either
 * side (its quote reaches the session stamped on the session's own clock, seconds behind the venue's).
 * In this order, the chart's rule for a value stamped before its last point (moved to that point's time,
 * and replacing it within the same slot) lands the quote on the print at the same price. Book first, as
 * setPrice does, would put each price on the previous print's time: one step early, next to the markers.
 */
function step(venue: BinanceEmulator, price: string): void {
  const p = Decimal.from(price);
  venue.control.trade(SYMBOL, p, '1');
  venue.control.setQuote(SYMBOL, { bid: p.minus('0.01'), ask: p.plus('0.01') });
}

/** The last point of the session's price series for the symbol. */
function lastPoint(snapshot: DashboardSnapshot): { t: number } | undefined {
  return snapshot.charts.prices[SYMBOL]?.at(-1);
}

/** The venue's trades of one order. */
function fillsOf(venue: BinanceEmulator, orderId: number): ReadonlyArray<{ qty: Decimal; price: Decimal }> {
  return venue.control.trades(SYMBOL).filter((t) => t.orderId === orderId);
}
