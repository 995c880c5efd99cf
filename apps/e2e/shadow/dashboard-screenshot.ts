import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
/** Chromium shares a loaded machine with the session it photographs: a safety net, not a measure. */
const SAFETY_NET_MS = 120_000;

/**
 * Opens the monitoring dashboard of a running `silvertine shadow` session in headless Chromium (Debian's
 * package), waits until its shadow panel shows compared orders, and writes a full-page PNG to `file`.
 * Returns the panel's rows as text (what the picture shows).
 */
export async function screenshotDashboard(baseUrl: string, file: string): Promise<string[]> {
  const browser = await chromium.launch({
    timeout: SAFETY_NET_MS,
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(SAFETY_NET_MS);
    await page.goto(`${baseUrl}/dashboard`);
    await page.locator('tr[data-shadow] [data-testid="orders"]').first().waitFor();
    await page.locator('[data-testid="live"]').filter({ hasText: 'live' }).waitFor();
    await page.screenshot({ path: file, fullPage: true });
    return (await page.locator('tbody#shadow tr').allTextContents()).map((row) => row.trim());
  } finally {
    await browser.close();
  }
}
