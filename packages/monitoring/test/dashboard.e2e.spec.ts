/**
 * The dashboard in headless Chromium (Debian's package, driven by playwright-core). Uses core's
 * ReferenceBroker: @silvertine/paper does not export PaperTradingBroker yet, and monitoring (type:infra)
 * may not import an adapter package under the lint boundaries anyway.
 */
import { EventBus, createEvent, dec, type Order } from '@silvertine/core';
import { ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { Monitoring } from '../src';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'test-artifacts');
/**
 * Safety nets sized by the work, not by how fast it usually goes: Chromium is a child of the test
 * process and shares its CPU share (npm run test:load runs it at nice 12 beside two busy loops), so
 * starting it and rendering can take many times the quiet figure. Every step waits for an element.
 */
const BROWSER_SAFETY_NET_MS = 120_000;
jest.setTimeout(4 * BROWSER_SAFETY_NET_MS);

describe('dashboard in headless Chromium', () => {
  // A missing browser fails loudly rather than skipping: CI installs Debian's chromium (.ci/run).
  it('has Debian chromium to drive', () => {
    expect({ chromium: existsSync(CHROMIUM) ? CHROMIUM : 'missing: apt-get install -y chromium' }).toEqual({ chromium: CHROMIUM });
  });

  let browser: Browser | undefined;
  let monitoring: Monitoring | undefined;
  let broker: ReferenceBroker | undefined;

  afterEach(async () => {
    await browser?.close();
    await broker?.disconnect();
    await monitoring?.close();
  });

  it('loads, shows the broker CONNECTED, updates when an order fills, and writes a screenshot', async () => {
    const bus = new EventBus();
    monitoring = new Monitoring({ bus, metrics: { venues: { 'reference-1': 'reference' } }, http: { port: 0 } });
    broker = new ReferenceBroker({ id: 'reference-1', bus, metrics: monitoring.metrics, config: { cash: { USDT: dec(100_000) } } });
    const url = await monitoring.start();
    await broker.connect();

    browser = await chromium.launch({
      timeout: BROWSER_SAFETY_NET_MS,
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(BROWSER_SAFETY_NET_MS);
    page.setDefaultNavigationTimeout(BROWSER_SAFETY_NET_MS);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${url}/dashboard`);
    const row = page.locator('tr[data-broker="reference-1"]');
    await row.locator('[data-testid="state"]').filter({ hasText: 'CONNECTED' }).waitFor();
    await page.locator('[data-testid="live"]').filter({ hasText: 'live' }).waitFor();
    expect(await row.locator('[data-testid="filled"]').textContent()).toBe('0');
    expect(await page.locator('tbody#fills tr').count()).toBe(0);

    // A resting LIMIT order, filled when the market reaches it.
    broker.setPrice('BTCUSDT', dec('50000.10'));
    const placed: Order = await broker.placeOrder({ instrument: testInstrument(), side: 'BUY', type: 'LIMIT', quantity: dec('0.12345'), limitPrice: dec('49999.99') });
    await row.locator('[data-testid="submitted"]').filter({ hasText: '1' }).waitFor();
    broker.setPrice('BTCUSDT', dec('49990'));
    bus.publish(createEvent({ type: 'Alert', severity: 'WARNING', source: 'kill-switch', message: 'test alert from the e2e' }, Date.now()));

    await row.locator('[data-testid="filled"]').filter({ hasText: '1' }).waitFor();
    const fillRow = page.locator('tbody#fills tr').first();
    await fillRow.waitFor();
    const cells = await fillRow.locator('td').allTextContents();
    // Money as Decimal strings: 0.12345 × 49999.99 computed exactly by core's Decimal, not by float.
    expect(cells.slice(1, 7)).toEqual(['reference-1', 'BTCUSDT', 'BUY', '0.12345', '49999.99', dec('49999.99').times(dec('0.12345')).toString()]);
    expect(cells[6]).toBe('6172.4987655');
    expect(await fillRow.getAttribute('data-trade')).toBeTruthy();
    await page.locator('ul#alerts li').filter({ hasText: 'test alert from the e2e' }).waitFor();
    await page.locator('[data-series="reference-1:ack"] div').first().waitFor();
    expect(await page.locator('#rss').textContent()).toMatch(/MiB$/);
    expect(placed.status).toBe('ACCEPTED');

    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'dashboard.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(pageErrors).toEqual([]);
  });
});
