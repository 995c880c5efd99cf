/**
 * The dashboard in headless Chromium (Debian's package, driven by playwright-core). Uses core's
 * ReferenceBroker: @silvertine/paper does not export PaperTradingBroker yet, and monitoring (type:infra)
 * may not import an adapter package under the lint boundaries anyway.
 */
import { EventBus, createEvent, dec, type Order } from '@silvertine/core';
import { ReferenceBroker, testInstrument } from '@silvertine/core/testing';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { Monitoring } from '../src';
import { BROWSER_SAFETY_NET_MS, CHROMIUM, openDashboardPage } from './dashboard-browser';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts');
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

    const opened = await openDashboardPage(`${url}/dashboard`);
    browser = opened.browser;
    const { page, pageErrors } = opened;
    const row = page.locator('tr[data-broker="reference-1"]');
    await row.locator('[data-testid="state"]').filter({ hasText: 'CONNECTED' }).waitFor();
    await page.locator('[data-testid="live"]').filter({ hasText: 'live' }).waitFor();
    expect(await row.locator('[data-testid="filled"]').textContent()).toBe('0');
    expect(await page.locator('tbody#fills tr').count()).toBe(0);
    expect(await page.locator('#shadow-note').textContent()).toContain('no shadow session');

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
