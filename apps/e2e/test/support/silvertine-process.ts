import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SAFETY_NET_MS } from './event-recorder';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
/** Debian's chromium package, as the monitoring specs and e2e:shadow use it. */
const CHROMIUM = '/usr/bin/chromium';

/** How a `silvertine` process ended. */
export interface SilvertineExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A real `silvertine <args>` process (Node on the TypeScript entry through the repository's swc loader), read as it runs. */
export class SilvertineProcess {
  private out = '';
  private err = '';
  private readonly ended: Promise<SilvertineExit>;
  private readonly listeners = new Set<() => void>();
  private readonly child;

  constructor(args: readonly string[], stateDir: string) {
    this.child = spawn(process.execPath, ['-r', path.join(ROOT, 'tools', 'scripts', 'register-ts.js'), path.join(ROOT, 'apps', 'silvertine', 'src', 'main.ts'), ...args], {
      // live brokers' journal and kill-switch state go to the test's directory, never the user's home
      cwd: ROOT, env: { ...process.env, SILVERTINE_STATE_DIR: stateDir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.out += chunk;
      for (const listener of [...this.listeners]) listener();
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.err = (this.err + chunk).slice(-50_000)));
    this.ended = new Promise((resolve) => this.child.once('close', (code, signal) => {
      for (const listener of [...this.listeners]) listener();
      resolve({ code, signal, stdout: this.out, stderr: this.err });
    }));
  }

  get stdout(): string {
    return this.out;
  }

  /**
   * The first match of `pattern` in stdout (printed already or still to come). Fails at once when the
   * process ends without printing it, and after the safety net when it is stuck, with what it said.
   */
  printed(pattern: RegExp, ms = SAFETY_NET_MS): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        this.listeners.delete(check);
        clearTimeout(timer);
      };
      const check = (): void => {
        const match = pattern.exec(this.out);
        if (match) {
          done();
          resolve(match);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          done();
          reject(new Error(`silvertine ended (${this.child.exitCode ?? this.child.signalCode}) before printing ${pattern}: ${this.tail()}`));
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`no ${pattern} within ${ms} ms: ${this.tail()}`));
      }, ms);
      this.listeners.add(check);
      check();
    });
  }

  /** Sends `signal` (once) and resolves with how the process ended; SIGKILL after the safety net. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<SilvertineExit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const net = setTimeout(() => this.child.kill('SIGKILL'), SAFETY_NET_MS);
    try {
      return await this.ended;
    } finally {
      clearTimeout(net);
    }
  }

  /** The last of what the process printed, for a failure message. */
  tail(): string {
    return `${this.out.slice(-3000)}\n${this.err.slice(-3000)}`;
  }
}

/**
 * A venue clock that runs with the wall clock plus a shift the test moves forward: every trade the
 * emulator prints is stamped with it, so the run's one-second bars close on the test's command instead
 * of on the passing of time. The shift stays below Binance's largest recvWindow (60 s), so the session's
 * signed requests (stamped on its own clock, synchronised at connect) are still accepted.
 */
export class ShiftedVenueClock {
  private shiftMs = 0;

  constructor(private readonly maxShiftMs = 55_000) {}

  readonly now = (): number => Date.now() + this.shiftMs;

  /** Moves the venue's time forward by `ms` (a RangeError past the recvWindow the session is configured with). */
  advance(ms: number): void {
    if (this.shiftMs + ms > this.maxShiftMs) throw new RangeError(`venue clock shift ${this.shiftMs + ms} ms exceeds ${this.maxShiftMs} ms`);
    this.shiftMs += ms;
  }
}

/** What the dashboard page exposes as `window.silvertineCharts` (these sources compile without the DOM lib). */
export interface PageCharts {
  loaded: boolean;
  rendered?: number;
  pnl: { points: number };
  prices: Record<string, { points: number; buys: number; sells: number }>;
  positions: { series: number; points: number };
  markers: number;
}
type PageGlobals = { silvertineCharts: PageCharts };

/** Headless Chromium on a dashboard, its page errors collected. Close `browser` when done. */
export async function openDashboard(url: string): Promise<{ browser: Browser; page: Page; pageErrors: string[] }> {
  const browser = await chromium.launch({
    timeout: 2 * SAFETY_NET_MS,
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(2 * SAFETY_NET_MS);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(url);
  return { browser, page, pageErrors };
}

/** Waits until uPlot has loaded and the page has drawn a snapshot; returns what each chart holds. */
export async function drawnCharts(page: Page): Promise<PageCharts> {
  await page.waitForFunction(() => {
    const s = (globalThis as unknown as PageGlobals).silvertineCharts;
    return s.loaded && (s.rendered ?? 0) > 0;
  });
  return page.evaluate(() => JSON.parse(JSON.stringify((globalThis as unknown as PageGlobals).silvertineCharts)) as PageCharts);
}
