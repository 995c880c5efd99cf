import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Decimal, seededRandom } from '@silvertine/core';
import { startBinanceEmulator, type BinanceEmulator, type VenueBehaviour } from '@silvertine/binance-emulator';
import { binanceEmulatorBrokerYaml } from '@silvertine/binance-emulator/testing';
import { screenshotDashboard } from './dashboard-screenshot';
import { calibrateShadow, decodeShadowReport, type OrderGap, type ShadowCalibration, type ShadowReport } from '@silvertine/shadow';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SYMBOL = 'BTCUSDT';

/**
 * The venue's own behaviour, deliberately unlike paper's defaults (paper: fills at the touch, at once,
 * in one piece): 12 bps of slippage, 30–70 ms of latency, 30 % of fills reported as 3 partial fills.
 */
export interface VenueProfile {
  readonly slippageBps: string;
  readonly latencyMinMs: number;
  readonly latencyMaxMs: number;
  readonly partialProbability: number;
  readonly partialParts: number;
  readonly seed: number;
}

export const DEFAULT_VENUE_PROFILE: VenueProfile = { slippageBps: '12', latencyMinMs: 30, latencyMaxMs: 70, partialProbability: 0.3, partialParts: 3, seed: 20 };

/** What a run is asked to do. */
export interface ShadowRecoveryOptions {
  readonly orders: number;
  readonly venue?: VenueProfile;
  /** Lines of progress and the CLI's own output (default: nothing). */
  readonly log?: (line: string) => void;
  /**
   * Also run the session with monitoring on and write a screenshot of its dashboard (headless Chromium)
   * to this file once half of the orders reached the venue.
   */
  readonly screenshot?: string;
}

/** One parameter: what the venue was configured with, what the shadow session recovered, and whether they agree. */
export interface RecoveryRow {
  readonly parameter: string;
  readonly configured: string;
  readonly recovered: string;
  readonly tolerance: string;
  readonly ok: boolean;
}

/** A run's outcome. */
export interface ShadowRecoveryResult {
  readonly rows: readonly RecoveryRow[];
  readonly ok: boolean;
  readonly report: ShadowReport;
  readonly calibration: ShadowCalibration;
  /** The `silvertine shadow` summary as the command printed it. */
  readonly summary: string;
  /** Measured, for the note: mean one-way order transport (decision → venue arrival), ms. */
  readonly transportMs: number;
}

/**
 * Runs `silvertine shadow --config <yaml> --orders <n>` (a child process, as a user runs it) against a
 * Binance emulator in this process whose venue has its own seeded slippage, latency and partial-fill
 * profile, with the paper mirror on paper's defaults; then decodes the written report, calibrates from it,
 * and compares what was recovered with what was configured. The emulator's own trade times and arrival
 * stamps are the oracle that separates the venue's latency from the order's transport (the calibrated
 * latency is decision → fill, both together, which is what a paper broker should model).
 */
export async function runShadowRecovery(options: ShadowRecoveryOptions): Promise<ShadowRecoveryResult> {
  const venue = options.venue ?? DEFAULT_VENUE_PROFILE;
  const log = options.log ?? (() => undefined);
  const dir = mkdtempSync(path.join(tmpdir(), 'silvertine-e2e-shadow-'));
  const behaviour: VenueBehaviour = {
    slippage: { model: 'PERCENTAGE', bps: Decimal.from(venue.slippageBps) },
    latency: { model: 'UNIFORM', minMs: venue.latencyMinMs, maxMs: venue.latencyMaxMs },
    partialFills: { probability: venue.partialProbability, parts: venue.partialParts },
    seed: venue.seed,
  };
  const emulator = await startBinanceEmulator({
    port: 0, symbols: [SYMBOL], balances: { USDT: '100000000', BTC: '1000' }, prices: { [SYMBOL]: '50000' }, venue: behaviour,
    // The probe sends an order every ~70 ms: Binance's 50 orders / 10 s would only pace it.
    rateLimits: { ordersPer10s: 1_000_000, ordersPerDay: 10_000_000, requestWeightPerMinute: 10_000_000 },
  });
  const walk = new QuoteWalk(emulator, venue.seed);
  try {
    walk.start();
    const config = path.join(dir, 'shadow-binance.yaml');
    writeFileSync(config, configYaml(emulator, options.screenshot !== undefined));
    const reportFile = path.join(dir, 'report.json');
    log(`e2e:shadow: venue on ${emulator.url}: PERCENTAGE ${venue.slippageBps} bps, latency UNIFORM ${venue.latencyMinMs}-${venue.latencyMaxMs} ms, partial fills p=${venue.partialProbability} x${venue.partialParts}, seed ${venue.seed}; ${options.orders} orders`);
    const args = ['shadow', '--config', config, '--orders', String(options.orders), '--report', reportFile, ...(options.screenshot ? [] : ['--no-monitoring'])];
    const screenshot = options.screenshot;
    const stdout = await runCli(args, dir, options.orders, log, screenshot ? (url, running) => photograph(url, screenshot, emulator, options.orders, running, log) : undefined);
    const report = decodeShadowReport(readFileSync(reportFile, 'utf8'));
    const calibration = calibrateShadow(report.orders ?? [], report.paperModels ?? {}, report.liquidity ?? {});
    const transport = transportMs(emulator, report.orders ?? []);
    const rows = compare(venue, options.orders, report, calibration, transport);
    return { rows, ok: rows.every((r) => r.ok), report, calibration, summary: stdout.slice(stdout.indexOf('Shadow report')).trimEnd(), transportMs: mean(transport.map((t) => t.transport)) };
  } finally {
    walk.stop();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The YAML a user writes: the Binance plugin on the emulator, its market data on, and a `shadow:` section on paper's defaults. */
function configYaml(emulator: BinanceEmulator, monitoring: boolean): string {
  return [
    ...binanceEmulatorBrokerYaml(emulator, { requestTimeoutMs: 10_000 }),
    `    trading: { symbols: [${SYMBOL}], market_data: true }`,
    '    # the paper mirror: paper\'s defaults (no slippage, no latency, one fill), the venue\'s commission',
    '    shadow: { initial_balances: { USDT: "100000000", BTC: "1000" }, commission: { model: PERCENTAGE, maker_bps: "10", taker_bps: "10" } }',
    monitoring ? 'monitoring: { enabled: true, host: 127.0.0.1, port: 0 }' : 'monitoring: { enabled: false }',
    'logging: { level: warn }',
    '',
  ].join('\n');
}

/** `silvertine <args>` in its own process; resolves with its stdout, rejects on a non-zero exit. */
function runCli(args: readonly string[], dir: string, orders: number, log: (line: string) => void, onDashboard?: (url: string, running: () => boolean) => Promise<void>): Promise<string> {
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'tools', 'scripts', 'register-ts.js'), path.join(ROOT, 'apps', 'silvertine', 'src', 'main.ts'), ...args], {
    cwd: ROOT, env: { ...process.env, SILVERTINE_STATE_DIR: path.join(dir, 'state') }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let closed = false;
  let photo: Promise<void> = Promise.resolve();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const before = stdout;
    stdout += chunk;
    const url = /dashboard (http:\/\/\S+?)\/ /.exec(stdout)?.[1];
    if (url && onDashboard && !/dashboard (http:\/\/\S+?)\/ /.test(before)) photo = onDashboard(url, () => !closed);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  // A safety net sized by the work (a loaded machine can take many times the quiet ~0.1 s per order).
  const safetyNetMs = 120_000 + orders * 1_000;
  const deadline = setTimeout(() => child.kill('SIGKILL'), safetyNetMs);
  return new Promise((resolve, reject) => {
    child.once('close', (code, signal) => {
      closed = true;
      clearTimeout(deadline);
      for (const line of stdout.split('\n')) if (line.startsWith('silvertine shadow:')) log(line);
      if (code === 0) void photo.then(() => resolve(stdout));
      else reject(new Error(`silvertine ${args.join(' ')} exited ${code ?? signal}${signal === 'SIGKILL' ? ` (safety net of ${safetyNetMs / 1000} s)` : ''}\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`));
    });
  });
}

/**
 * Once half of the orders reached the venue (the emulator's journal, polled: this is a script, not a
 * test), a screenshot of the session's dashboard. A failure is logged: the picture is not the verdict.
 */
async function photograph(url: string, file: string, emulator: BinanceEmulator, orders: number, running: () => boolean, log: (line: string) => void): Promise<void> {
  while (running() && emulator.control.receivedOrders().length < Math.ceil(orders * 0.5)) await new Promise((resolve) => setTimeout(resolve, 250));
  if (!running()) return;
  try {
    const rows = await screenshotDashboard(url, file);
    log(`e2e:shadow: dashboard screenshot written to ${path.resolve(file)} (${rows.length} shadow rows: ${rows.join(' | ')})`);
  } catch (error) {
    log(`e2e:shadow: no dashboard screenshot: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Per order, from the emulator's own stamps: the venue's latency (first trade time − arrival) and the
 * order's one-way transport (live time to first fill − that latency: decision → signed request → venue).
 */
function transportMs(emulator: BinanceEmulator, gaps: readonly OrderGap[]): { venue: number; transport: number }[] {
  const firstTrade = new Map<number, number>();
  for (const t of emulator.control.trades(SYMBOL)) if (!firstTrade.has(t.orderId)) firstTrade.set(t.orderId, t.time);
  return gaps.flatMap((g) => {
    const received = emulator.control.receivedOrders(g.liveClientOrderId).find((r) => r.orderId !== undefined);
    const traded = received?.orderId === undefined ? undefined : firstTrade.get(received.orderId);
    if (received === undefined || traded === undefined || g.live.timeToFirstFillMs === undefined) return [];
    const venue = traded - received.receivedAt;
    return [{ venue, transport: g.live.timeToFirstFillMs - venue }];
  });
}

/**
 * Configured against recovered, each with its tolerance: the sampling error of the figure at this
 * number of orders (4 standard errors) plus what the machinery adds (whole-ms latency draws, cent ticks,
 * the quote walk while an order is in flight), stated in the row.
 */
function compare(venue: VenueProfile, orders: number, report: ShadowReport, calibration: ShadowCalibration, transport: readonly { venue: number; transport: number }[]): RecoveryRow[] {
  const gaps = report.orders ?? [];
  const both = gaps.filter((g) => g.filledOn === 'BOTH');
  const n = Math.max(1, both.length);
  const rows: RecoveryRow[] = [];
  const row = (parameter: string, configured: number, recovered: number | undefined, tolerance: number, places: number, unit = ''): void => {
    const ok = recovered !== undefined && Number.isFinite(recovered) && Math.abs(recovered - configured) <= tolerance;
    rows.push({ parameter, configured: `${configured.toFixed(places)}${unit}`, recovered: recovered === undefined ? 'n/a' : `${recovered.toFixed(places)}${unit}`, tolerance: `±${tolerance.toFixed(places)}${unit}`, ok });
  };
  row('orders filled on both sides', orders, both.length, 0, 0);
  const bps = Number(venue.slippageBps);
  // Slippage: the quote walks 0.5 (0.1 bps) every 25 ms while an order is in flight (zero mean); ticks of a cent.
  const slippageTolerance = 0.05 + 4 * (0.2 / Math.sqrt(n));
  row('slippage PERCENTAGE bps (fitted)', bps, calibration.percentage?.value.toNumber(), slippageTolerance, 3, ' bps');
  row('mean price gap bps (report)', bps, report.overall.meanPriceGapBps?.toNumber(), slippageTolerance, 3, ' bps');
  // Latency: UNIFORM(a, b) has mean (a+b)/2 and sd (b−a)/√12; draws are whole ms (±0.5 each, mean ~0).
  const latencyMean = (venue.latencyMinMs + venue.latencyMaxMs) / 2;
  const latencySd = (venue.latencyMaxMs - venue.latencyMinMs) / Math.sqrt(12);
  // The fitted latency is what paper should add to its own time to fill (here: the wait for its next
  // quote) to match live's decision → fill time, which holds the order's one-way transport too; the venue's
  // part is therefore fitted + paper's own time to fill − transport (measured by the emulator's stamps).
  // An identity, not a second estimate: it checks that the venue ran its configured latency and that the
  // report's timings add up to it (a shadow report alone cannot tell venue latency from transport).
  const transportMean = mean(transport.map((t) => t.transport));
  const paperOwn = mean(both.flatMap((g) => (g.paper.timeToFirstFillMs === undefined ? [] : [g.paper.timeToFirstFillMs])));
  const fittedMean = calibration.latency?.meanMs;
  row('venue latency mean ms (fit + paper − transport)', latencyMean, fittedMean === undefined ? undefined : fittedMean + paperOwn - transportMean, 0.5 + (4 * latencySd) / Math.sqrt(n), 2, ' ms');
  // The venue's part of each order's latency: its sample sd (uniform: se of the sd ≈ 0.45 sd / √n).
  const venueParts = transport.map((t) => t.venue);
  row('venue latency sd ms (emulator stamps)', latencySd, sd(venueParts), 0.3 + (4 * 0.45 * latencySd) / Math.sqrt(n), 2, ' ms');
  rows.push({ parameter: 'latency fitted (decision → fill)', configured: `NORMAL ≥ ${latencyMean.toFixed(2)} ms`, recovered: fittedMean === undefined ? 'n/a' : `NORMAL ${fittedMean.toFixed(2)} ± ${calibration.latency?.stdDevMs.toFixed(2)} ms`, tolerance: `transport ${transportMean.toFixed(1)} ms, paper ${paperOwn.toFixed(1)} ms`, ok: fittedMean !== undefined && transportMean >= -1 });
  // Partial fills: the share of orders split (binomial) and the parts of a split order (exact).
  const split = both.filter((g) => g.fillCountGap > 0);
  const p = venue.partialProbability;
  row('partial-fill probability', p, split.length / n, 4 * Math.sqrt((p * (1 - p)) / n), 3);
  row('partial-fill parts', venue.partialParts, split.length === 0 ? undefined : 1 + mean(split.map((g) => g.fillCountGap)), 0, 3);
  row('fill ratio gap (mean)', 0, report.overall.meanFillRatioGap?.toNumber(), 0, 4);
  return rows;
}

/** The rows as a fixed-width table. */
export function formatRecoveryTable(rows: readonly RecoveryRow[]): string {
  const header: RecoveryRow = { parameter: 'parameter', configured: 'configured', recovered: 'recovered', tolerance: 'tolerance', ok: true };
  const all = [header, ...rows];
  const width = (key: keyof Omit<RecoveryRow, 'ok'>) => Math.max(...all.map((r) => r[key].length));
  const w = { parameter: width('parameter'), configured: width('configured'), recovered: width('recovered'), tolerance: width('tolerance') };
  return all
    .map((r, i) => `${r.parameter.padEnd(w.parameter)}  ${r.configured.padStart(w.configured)}  ${r.recovered.padStart(w.recovered)}  ${r.tolerance.padStart(w.tolerance)}  ${i === 0 ? 'result' : r.ok ? 'ok' : 'DISAGREES'}`)
    .join('\n');
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

function sd(values: readonly number[]): number {
  const m = mean(values);
  return values.length < 2 ? Number.NaN : Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * A seeded random walk of the emulator's quote (half a dollar every 25 ms, spread one dollar), so the
 * market both sides fill against moves, and the adapter streams a first quote at once.
 */
class QuoteWalk {
  private timer?: ReturnType<typeof setInterval>;
  private mid = 50_000;
  private readonly random: () => number;

  constructor(private readonly emulator: BinanceEmulator, seed: number) {
    this.random = seededRandom(seed + 100);
  }

  start(): void {
    this.quote();
    this.timer = setInterval(() => {
      this.mid += this.random() < 0.5 ? -0.5 : 0.5;
      this.quote();
    }, 25);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private quote(): void {
    const mid = Decimal.from(this.mid.toFixed(1));
    this.emulator.control.setQuote(SYMBOL, { bid: mid.minus('0.5'), ask: mid.plus('0.5'), bidQty: '5', askQty: '5' });
  }
}
