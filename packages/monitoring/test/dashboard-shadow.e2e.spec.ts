/**
 * The dashboard's shadow panel in headless Chromium: a ShadowBroker's prom-client sink
 * (@silvertine/shadow's PrometheusShadowMetrics) on monitoring's registry, as `silvertine shadow` wires
 * it, fed compared orders; the panel's figures are read back from the DOM, and a screenshot is written.
 */
import { Decimal, EventBus, dec } from '@silvertine/core';
import { PrometheusShadowMetrics, type OrderGap } from '@silvertine/shadow';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { Monitoring } from '../src';
import { BROWSER_SAFETY_NET_MS, openDashboardPage } from './dashboard-browser';

const ARTIFACTS = join(__dirname, '..', 'test-artifacts');
jest.setTimeout(4 * BROWSER_SAFETY_NET_MS);

/** A compared MARKET order of 0.01 BTCUSDT: both sides filled unless told otherwise. */
function gap(side: 'BUY' | 'SELL', values: { priceGapBps?: string; timeToFillGapMs?: number; fillRatioGap?: string; fillCountGap?: number; filledOn?: OrderGap['filledOn'] }): OrderGap {
  const leg = { filledQuantity: dec('0.01'), fillCount: 1 };
  return {
    liveClientOrderId: `o-${Math.random().toString(36).slice(2)}`, symbol: 'BTCUSDT', side, type: 'MARKET', quantity: dec('0.01'), live: leg, paper: leg,
    filledOn: values.filledOn ?? 'BOTH',
    priceGapBps: values.priceGapBps === undefined ? undefined : dec(values.priceGapBps),
    timeToFillGapMs: values.timeToFillGapMs,
    filledQuantityGap: Decimal.ZERO,
    fillRatioGap: dec(values.fillRatioGap ?? '0'),
    fillCountGap: values.fillCountGap ?? 0,
  };
}

describe('dashboard shadow panel in headless Chromium', () => {
  let browser: Browser | undefined;
  let monitoring: Monitoring | undefined;

  afterEach(async () => {
    await browser?.close();
    await monitoring?.close();
  });

  it('shows the live − paper gap per symbol, side and type, and writes a screenshot', async () => {
    monitoring = new Monitoring({ bus: new EventBus(), metrics: { venues: { venue: 'binance' } }, http: { port: 0 } });
    const sink = new PrometheusShadowMetrics({ registry: monitoring.metrics.registry });
    const url = await monitoring.start();
    // Three buys slipping 10-14 bps and 50-70 ms slower live, one split in three; a sell filled live only.
    sink.orderCompared('venue', gap('BUY', { priceGapBps: '10', timeToFillGapMs: 50, fillCountGap: 2 }));
    sink.orderCompared('venue', gap('BUY', { priceGapBps: '12', timeToFillGapMs: 60 }));
    sink.orderCompared('venue', gap('BUY', { priceGapBps: '14', timeToFillGapMs: 70 }));
    sink.orderCompared('venue', gap('SELL', { filledOn: 'LIVE_ONLY', fillRatioGap: '1', fillCountGap: 1 }));
    sink.shadowFailure('venue', 'place');

    const opened = await openDashboardPage(`${url}/dashboard`);
    browser = opened.browser;
    const { page, pageErrors } = opened;
    const buy = page.locator('tr[data-shadow="venue:BTCUSDT:BUY:MARKET"]');
    await buy.waitFor();
    const cells = async (row: typeof buy) => Object.fromEntries(await Promise.all(['orders', 'both', 'live-only', 'paper-only', 'price-gap', 'time-gap', 'fill-ratio-gap', 'fill-count-gap'].map(async (id) => [id, await row.locator(`[data-testid="${id}"]`).textContent()] as const)));
    expect(await cells(buy)).toEqual({ orders: '3', both: '3', 'live-only': '0', 'paper-only': '0', 'price-gap': '+12.000', 'time-gap': '+60.0 ms', 'fill-ratio-gap': '0.0000', 'fill-count-gap': '+0.67' });
    const sell = page.locator('tr[data-shadow="venue:BTCUSDT:SELL:MARKET"]');
    expect(await cells(sell)).toEqual({ orders: '1', both: '0', 'live-only': '1', 'paper-only': '0', 'price-gap': '–', 'time-gap': '–', 'fill-ratio-gap': '+1.0000', 'fill-count-gap': '+1.00' });
    expect(await page.locator('#shadow-note').textContent()).toBe('shadow failures (live path unaffected): venue 1');

    // A later order reaches the open page through the event stream (the feed's periodic push).
    sink.orderCompared('venue', gap('BUY', { priceGapBps: '16', timeToFillGapMs: 80 }));
    await buy.locator('[data-testid="orders"]').filter({ hasText: '4' }).waitFor();
    expect(await buy.locator('[data-testid="price-gap"]').textContent()).toBe('+13.000');

    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'dashboard-shadow.png');
    await page.locator('[data-testid="shadow-panel"]').screenshot({ path: file });
    process.stdout.write(`dashboard shadow panel screenshot: ${file}\n`);
    expect(statSync(file).size).toBeGreaterThan(5_000);
    expect(pageErrors).toEqual([]);
  });
});
