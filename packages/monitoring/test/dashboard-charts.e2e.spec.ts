/**
 * The dashboard's charts in headless Chromium: a session on core's ReferenceBroker through the bus (trade
 * prints as MarketData, MARKET orders filling at the last price), then the page's uPlot charts are read
 * back from `window.silvertineCharts` and the canvases, and a screenshot is written to test-artifacts/.
 * The broker runs on virtual time (one tick a second, in the last minutes before the wall clock), so every
 * point lands at a distinct time.
 */
import { EventBus, ManualClock, createEvent, dec, type OrderSide } from '@silvertine/core';
import { ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { Monitoring, type DashboardSnapshot } from '../src';
import { BROWSER_SAFETY_NET_MS, openDashboardPage } from './dashboard-browser';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts');
jest.setTimeout(4 * BROWSER_SAFETY_NET_MS);

/** What the page exposes as `window.silvertineCharts` (the spec compiles without the DOM lib). */
interface ChartsState {
  loaded: boolean;
  pnl: { points: number };
  prices: Record<string, { points: number; buys: number; sells: number }>;
  positions: { series: number; points: number };
  markers: number;
}
type PageGlobals = { silvertineCharts: ChartsState; document: { querySelectorAll(selector: string): { length: number } } };

const TICKS = 40;
/** Tick index → the MARKET order placed right after that tick's print. */
const ORDERS: ReadonlyMap<number, { side: OrderSide; quantity: string }> = new Map([
  [5, { side: 'BUY', quantity: '0.1' }],
  [15, { side: 'BUY', quantity: '0.1' }],
  [25, { side: 'SELL', quantity: '0.15' }],
  [35, { side: 'SELL', quantity: '0.05' }],
]);

/** A price path with a trend and a wave, as exact Decimal strings. */
function priceAt(i: number): string {
  return dec(50_000).plus(dec(i * 12)).plus(dec(Math.round(Math.sin(i / 4) * 150))).toString();
}

describe('dashboard charts in headless Chromium', () => {
  let browser: Browser | undefined;
  let monitoring: Monitoring | undefined;
  let broker: ReferenceBroker | undefined;

  afterEach(async () => {
    await browser?.close();
    await broker?.disconnect();
    await monitoring?.close();
  });

  it('draws equity/P&L, price with fill markers and positions from a session on the bus', async () => {
    const bus = new EventBus();
    // Virtual time that ends before the wall clock (which the health monitor reads): no time runs backwards.
    const clock = new ManualClock(Date.now() - 2 * TICKS * 1000);
    monitoring = new Monitoring({ bus, metrics: { venues: { 'reference-1': 'reference' } }, http: { port: 0 } });
    broker = new ReferenceBroker({ id: 'reference-1', bus, clock, metrics: monitoring.metrics, config: { cash: { USDT: dec(100_000) } } });
    const url = await monitoring.start();
    await broker.connect();
    const opened = await openDashboardPage(`${url}/dashboard`);
    browser = opened.browser;
    const { page, pageErrors } = opened;
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).silvertineCharts.loaded);
    expect(await page.locator('#charts-note').textContent()).toContain('no market data');

    for (let i = 0; i < TICKS; i++) {
      clock.advance(1000);
      const price = dec(priceAt(i));
      bus.publish(createEvent({ type: 'MarketData', brokerId: 'reference-1', data: { kind: 'trade', symbol: 'BTCUSDT', price, size: dec('0.5'), timestamp: clock.now() } }, clock.now()));
      broker.setPrice('BTCUSDT', price);
      const order = ORDERS.get(i);
      if (order) await broker.placeOrder({ instrument: testInstrument(), side: order.side, type: 'MARKET', quantity: dec(order.quantity) });
    }

    // One P&L point per fill, and one per print once a position exists (the first fill is at tick 5).
    const expected = { pnl: 1 + (TICKS - 6) + (ORDERS.size - 1), prices: TICKS, markers: ORDERS.size, buys: 2, sells: 2, positions: ORDERS.size };
    const snapshot = (await (await fetch(`${url}/dashboard/snapshot`)).json()) as DashboardSnapshot;
    expect({
      pnl: snapshot.charts.pnl.length, prices: snapshot.charts.prices['BTCUSDT']?.length, markers: snapshot.charts.markers.length,
      positions: snapshot.charts.positions['BTCUSDT']?.map((p) => p.v),
    }).toEqual({ pnl: expected.pnl, prices: expected.prices, markers: expected.markers, positions: ['0.1', '0.2', '0.05', '0'] });
    const last = snapshot.charts.pnl[snapshot.charts.pnl.length - 1];
    // Flat at the end: nothing unrealized, and equity is realized minus commissions, all exact Decimal strings.
    expect(last.unrealized).toBe('0');
    expect(typeof last.realized).toBe('string');

    await page.waitForFunction((markers) => (globalThis as unknown as PageGlobals).silvertineCharts.markers === markers, expected.markers);
    const drawn = await page.evaluate(() => {
      const { silvertineCharts: s, document } = globalThis as unknown as PageGlobals;
      return {
        pnl: s.pnl.points, prices: s.prices['BTCUSDT']?.points, markers: s.markers, buys: s.prices['BTCUSDT']?.buys, sells: s.prices['BTCUSDT']?.sells,
        positions: s.positions.points,
        canvases: ['#chart-pnl', '#chart-prices', '#chart-positions'].map((id) => document.querySelectorAll(`${id} canvas`).length),
      };
    });
    expect(drawn).toEqual({ ...expected, canvases: [1, 1, 1] });
    expect(await page.locator('#charts-note').textContent()).toBe('');

    // The library is served by this server, not a CDN, with its content type.
    const js = await fetch(`${url}/dashboard/uplot.js`);
    expect([js.status, js.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await js.text()).length).toBeGreaterThan(10_000);

    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'dashboard-charts.png');
    await page.screenshot({ path: file, fullPage: true });
    process.stdout.write(`dashboard charts screenshot: ${file}\n`);
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(pageErrors).toEqual([]);
  });
});
