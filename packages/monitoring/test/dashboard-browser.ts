import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium package (CI installs it: .ci/run). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Safety nets sized by the work, not by how fast it usually goes: Chromium is a child of the test
 * process and shares its CPU share (npm run test:load runs it at nice 12 beside two busy loops), so
 * starting it and rendering can take many times the quiet figure. Every step waits for an element.
 */
export const BROWSER_SAFETY_NET_MS = 120_000;

/** Headless Chromium and one page whose errors are collected. */
export async function openDashboardPage(url: string): Promise<{ browser: Browser; page: Page; pageErrors: string[] }> {
  const browser = await chromium.launch({
    timeout: BROWSER_SAFETY_NET_MS,
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(BROWSER_SAFETY_NET_MS);
  page.setDefaultNavigationTimeout(BROWSER_SAFETY_NET_MS);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(url);
  return { browser, page, pageErrors };
}
