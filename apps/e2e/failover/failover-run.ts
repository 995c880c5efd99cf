import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Decimal, dec } from '@silvertine/core';
import { hmacSha256Hex, startBinanceEmulator, type BinanceEmulator } from '@silvertine/binance-emulator';
import { binanceEmulatorBrokerYaml } from '@silvertine/binance-emulator/testing';
import { connectRedis, createRedisClient } from '@silvertine/redis';
import type { StrategyOptions, StrategyReport } from './failover-types';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const REGISTER_TS = path.join(ROOT, 'tools', 'scripts', 'register-ts.js');
const CLI_SOURCE = path.join(ROOT, 'apps', 'silvertine', 'src', 'main.ts');
const STRATEGY = path.join(__dirname, 'strategy-process.ts');
/** Safety nets only (the run waits on what the processes print): a loaded machine starts Node slowly. */
const START_SAFETY_NET_MS = 180_000;
const INITIAL = { USDT: '100000000', BTC: '1000' } as const;

export interface FailoverOptions {
  readonly orders: number;
  readonly strategies: number;
  readonly seed: number;
  readonly redisUrl?: string;
  /** Lease of the gateways (ms; default 2,000). */
  readonly leaseMs?: number;
  /** Kill the leader once this share of all orders was placed (default 0.5). */
  readonly killAt?: number;
  /** Where progress goes (default nowhere). */
  readonly log?: (line: string) => void;
}

/** The figures of one run; `ok` when every count is zero. */
export interface FailoverResult {
  readonly ordersPlaced: number;
  readonly acceptedAtVenue: number;
  readonly fillsAtVenue: number;
  readonly takeoverMs: number;
  /** From the kill to the first order answered by the new leader, as a strategy saw it. */
  readonly firstServedMs: number;
  readonly durationMs: number;
  readonly duplicateOrders: number;
  readonly orphans: number;
  readonly lostFills: number;
  readonly duplicateFills: number;
  /** Strategy fills the venue does not have (an invented trade). */
  readonly phantomFills: number;
  /** Orders a strategy still holds as not terminal (UNKNOWN, open) at its end. */
  readonly unresolved: number;
  /** Assets whose venue balance differs from initial + the strategies' fills. */
  readonly balanceMismatches: readonly string[];
  /** Net BTC of the strategies' ledgers vs the venue's trades. */
  readonly positionStrategies: string;
  readonly positionVenue: string;
  readonly errors: Readonly<Record<string, number>>;
  /** True when the standby took the lease before the kill (the leader's renewals came late): takeoverMs is then ~0. */
  readonly leaderMovedBeforeKill?: boolean;
  /** The new leader's takeover reconciliation (its log line's fields), when it logged one. */
  readonly reconciliation?: Readonly<Record<string, unknown>>;
  readonly ok: boolean;
}

/** A child process whose stdout lines are watched. */
class Child {
  /** Log lines (stderr) kept whole: the gateway's takeover reconciliation report. */
  static readonly KEEP = 'takeover reconciliation';
  readonly lines: string[] = [];
  readonly kept: string[] = [];
  private stderrTail = '';
  private readonly watchers: Array<(line: string) => void> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly name: string, readonly process: ChildProcess) {
    let buffer = '';
    process.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let at;
      while ((at = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 1);
        this.lines.push(line);
        for (const w of [...this.watchers]) w(line);
      }
    });
    let errBuffer = '';
    process.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-4_000);
      errBuffer += chunk;
      let at;
      while ((at = errBuffer.indexOf('\n')) >= 0) {
        const line = errBuffer.slice(0, at);
        errBuffer = errBuffer.slice(at + 1);
        if (line.includes(Child.KEEP)) this.kept.push(line);
      }
    });
    this.exited = new Promise((resolve) => process.once('close', (code, signal) => resolve({ code, signal })));
  }

  get stderr(): string {
    return this.stderrTail;
  }

  /** Calls `watch` with every line from now on. */
  onLine(watch: (line: string) => void): void {
    this.watchers.push(watch);
  }

  /** Resolves on the first line containing `text` (printed already or to come); rejects if the process ends first. */
  waitFor(text: string, safetyNetMs = START_SAFETY_NET_MS): Promise<void> {
    if (this.lines.some((l) => l.includes(text))) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no "${text}" within ${safetyNetMs} ms; stderr: ${this.stderr}`)), safetyNetMs);
      this.onLine((line) => {
        if (!line.includes(text)) return;
        clearTimeout(timer);
        resolve();
      });
      void this.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code ?? signal}) before "${text}"; stderr: ${this.stderr}`));
      });
    });
  }
}

function node(name: string, script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, ['-r', REGISTER_TS, script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Child(name, child);
}

/**
 * The failover run: a Binance emulator (here), two `silvertine gateway` processes on it under one lease,
 * `strategies` strategy processes placing `orders` orders each through RemoteBroker; the leader is
 * SIGKILLed once `killAt` of the orders were placed; at the end the strategies' reports are compared with
 * the emulator's own orders, trades and balances.
 */
export async function runFailover(options: FailoverOptions): Promise<FailoverResult> {
  const log = options.log ?? (() => undefined);
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const run = randomUUID().slice(0, 8);
  const prefix = `silvertine-e2e:failover:${run}:`;
  const dir = mkdtempSync(path.join(tmpdir(), 'silvertine-failover-'));
  const children: Child[] = [];
  let emulator: BinanceEmulator | undefined;
  const started = Date.now();
  try {
    const venue = await startBinanceEmulator({
      port: 0, symbols: ['BTCUSDT'], balances: INITIAL, prices: { BTCUSDT: '50000' }, levelQty: '1000000',
      // One account, three strategies: Binance's 50 orders / 10 s would make this a rate-limit test.
      rateLimits: { ordersPer10s: 1_000_000, ordersPerDay: 10_000_000, requestWeightPerMinute: 10_000_000 },
    });
    emulator = venue;
    const gateway = (consumer: string) => {
      const config = path.join(dir, `${consumer}.yaml`);
      writeFileSync(config, gatewayYaml(venue, redisUrl, prefix, consumer, options.leaseMs ?? 2_000));
      const child = node(consumer, CLI_SOURCE, ['gateway', '--config', config, '--no-monitoring'], { SILVERTINE_STATE_DIR: path.join(dir, `state-${consumer}`) });
      children.push(child);
      return child;
    };
    const leader = gateway('gw-a');
    await leader.waitFor('serving venue');
    const standby = gateway('gw-b');
    await standby.waitFor('standing by');
    log(`gateways up (${Date.now() - started} ms): gw-a serving, gw-b standing by; prefix ${prefix}`);

    const total = options.orders * options.strategies;
    const killAt = Math.max(1, Math.floor(total * (options.killAt ?? 0.5)));
    const placed = new Array<number>(options.strategies).fill(0);
    let killedAt = 0;
    let firstServedAt = 0;
    let servingAt = 0;
    let kill: () => void = () => undefined;
    const killed = new Promise<void>((resolve) => (kill = resolve));
    const strategies: Child[] = [];
    for (let index = 0; index < options.strategies; index++) {
      const strategyOptions: StrategyOptions = {
        index, orders: options.orders, seed: options.seed, redisUrl, prefix, tag: run, report: path.join(dir, `strategy-${index}.json`),
      };
      const child = node(`strategy-${index}`, STRATEGY, [JSON.stringify(strategyOptions)]);
      children.push(child);
      strategies.push(child);
      child.onLine((line) => {
        const progress = parse(line)?.placed;
        if (typeof progress !== 'number') return;
        // The first order answered once the new leader serves (its progress line comes after that).
        if (servingAt && !firstServedAt && progress > placed[index]) firstServedAt = Date.now();
        placed[index] = progress;
        if (!killedAt && placed.reduce((a, b) => a + b, 0) >= killAt) kill();
      });
    }
    await Promise.all(strategies.map((s) => s.waitFor('"ready"')));
    log(`${options.strategies} strategies connected; placing ${options.orders} orders each`);

    // Watches both: a strategy that dies before the kill point must fail the run, not hang it.
    await Promise.race([killed, Promise.all(strategies.map((s) => s.exited)).then(() => undefined)]);
    // Under heavy load the leader's renewals can come late enough for the standby to take over before the
    // kill: the run still counts, the table says so.
    const movedEarly = standby.lines.some((l) => l.includes('serving venue'));
    const serving = standby.waitFor('serving venue');
    killedAt = Date.now();
    leader.process.kill('SIGKILL');
    log(`SIGKILL gw-a after ${placed.reduce((a, b) => a + b, 0)} orders`);
    await serving;
    servingAt = Date.now();
    const takeoverMs = servingAt - killedAt;
    log(`gw-b serving ${takeoverMs} ms after the kill`);

    const exits = await Promise.all(strategies.map((s) => s.exited));
    exits.forEach((exit, i) => {
      if (exit.code !== 0) throw new Error(`strategy-${i} exited ${exit.code ?? exit.signal}: ${strategies[i].stderr}`);
    });
    log(`strategies done (${Date.now() - started} ms)`);
    standby.process.kill('SIGTERM');
    await standby.exited;

    const reports = strategies.map((_s, i) => JSON.parse(readFileSync(path.join(dir, `strategy-${i}.json`), 'utf8')) as StrategyReport);
    const venueTrades = await myTrades(venue, 'BTCUSDT');
    const result = compare({
      reports, emulator: venue, venueTrades, takeoverMs, firstServedMs: firstServedAt ? firstServedAt - killedAt : -1, durationMs: Date.now() - started,
    });
    return { ...result, leaderMovedBeforeKill: movedEarly, reconciliation: standby.kept.map(parse).find((r) => r !== undefined) };
  } finally {
    for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
    await deleteKeys(redisUrl, prefix);
  }
}

interface VenueTrade {
  readonly id: number;
  readonly orderId: number;
  readonly qty: string;
  readonly price: string;
  readonly commission: string;
  readonly commissionAsset: string;
  readonly isBuyer: boolean;
}

function compare(input: { reports: readonly StrategyReport[]; emulator: BinanceEmulator; venueTrades: readonly VenueTrade[]; takeoverMs: number; firstServedMs: number; durationMs: number }): FailoverResult {
  const { reports, emulator, venueTrades } = input;
  const ours = new Set(reports.flatMap((r) => r.orders.map((o) => o.clientOrderId)));
  // The venue's orders: every placement it accepted, by client order id.
  const accepted = new Map<string, number>();
  for (const received of emulator.control.receivedOrders()) {
    if (received.orderId === undefined || received.clientOrderId === undefined) continue;
    accepted.set(received.clientOrderId, (accepted.get(received.clientOrderId) ?? 0) + 1);
  }
  const duplicateOrders = [...accepted.values()].filter((n) => n > 1).length;
  const orphans = [...accepted.keys()].filter((id) => !ours.has(id)).length;

  const seen = new Map<string, number>();
  for (const fill of reports.flatMap((r) => r.fills)) seen.set(fill.tradeId, (seen.get(fill.tradeId) ?? 0) + 1);
  const venueIds = new Set(venueTrades.map((t) => String(t.id)));
  const lostFills = venueTrades.filter((t) => !seen.has(String(t.id))).length;
  const duplicateFills = [...seen.values()].reduce((sum, n) => sum + (n - 1), 0);
  const phantomFills = [...seen.keys()].filter((id) => !venueIds.has(id)).length;
  const unresolved = reports.flatMap((r) => r.orders).filter((o) => !['FILLED', 'CANCELED', 'REJECTED', 'EXPIRED'].includes(o.status)).length;

  // Balances: the venue's now, against its initial ones moved by the fills the strategies know (once each).
  const expected = new Map<string, Decimal>(Object.entries(INITIAL).map(([asset, amount]) => [asset, dec(amount)]));
  const add = (asset: string, amount: Decimal) => expected.set(asset, (expected.get(asset) ?? Decimal.ZERO).plus(amount));
  const counted = new Set<string>();
  for (const fill of reports.flatMap((r) => r.fills)) {
    if (counted.has(fill.tradeId)) continue;
    counted.add(fill.tradeId);
    const quantity = dec(fill.quantity);
    const notional = quantity.times(dec(fill.price));
    add('BTC', fill.side === 'BUY' ? quantity : quantity.negated());
    add('USDT', fill.side === 'BUY' ? notional.negated() : notional);
    add(fill.commissionAsset, dec(fill.commission).negated());
  }
  const balanceMismatches: string[] = [];
  for (const [asset, amount] of expected) {
    const { free, locked } = emulator.control.balance(asset);
    const venue = free.plus(locked);
    if (!venue.eq(amount)) balanceMismatches.push(`${asset}: venue ${venue} vs strategies ${amount}`);
  }
  const positionStrategies = Decimal.sum(reports.flatMap((r) => r.positions.filter((p) => p.symbol === 'BTCUSDT').map((p) => dec(p.quantity))));
  const positionVenue = Decimal.sum(venueTrades.map((t) => (t.isBuyer ? dec(t.qty) : dec(t.qty).negated())));
  if (!positionStrategies.eq(positionVenue)) balanceMismatches.push(`BTCUSDT position: venue ${positionVenue} vs strategies ${positionStrategies}`);

  const errors: Record<string, number> = {};
  for (const r of reports) for (const [code, n] of Object.entries(r.errors)) errors[code] = (errors[code] ?? 0) + n;
  const result = {
    ordersPlaced: ours.size, acceptedAtVenue: accepted.size, fillsAtVenue: venueTrades.length, takeoverMs: input.takeoverMs, firstServedMs: input.firstServedMs,
    durationMs: input.durationMs, duplicateOrders, orphans, lostFills, duplicateFills, phantomFills, unresolved, balanceMismatches,
    positionStrategies: positionStrategies.toString(), positionVenue: positionVenue.toString(), errors,
  };
  return { ...result, ok: duplicateOrders + orphans + lostFills + duplicateFills + phantomFills + unresolved + balanceMismatches.length === 0 };
}

/** The table the run prints. */
export function formatResult(r: FailoverResult, options: FailoverOptions): string {
  const rows: Array<[string, string]> = [
    ['strategies × orders', `${options.strategies} × ${options.orders} (seed ${options.seed})`],
    ['orders placed', String(r.ordersPlaced)],
    ['orders accepted at the venue', String(r.acceptedAtVenue)],
    ['fills at the venue', String(r.fillsAtVenue)],
    ['takeover (kill → standby serving)', `${r.takeoverMs} ms (lease ${options.leaseMs ?? 2_000} ms)${r.leaderMovedBeforeKill ? ': the standby had taken over before the kill (late renewals)' : ''}`],
    ['kill → first order answered after it', r.firstServedMs >= 0 ? `${r.firstServedMs} ms` : 'n/a'],
    ['run duration', `${(r.durationMs / 1000).toFixed(1)} s`],
    ['reconciled at takeover', r.reconciliation ? describeReconciliation(r.reconciliation) : 'n/a'],
    ['duplicate orders at the venue', String(r.duplicateOrders)],
    ['orphans (venue orders no strategy knows)', String(r.orphans)],
    ['lost fills', String(r.lostFills)],
    ['duplicate fills', String(r.duplicateFills)],
    ['phantom fills (not at the venue)', String(r.phantomFills)],
    ['unresolved orders (not terminal)', String(r.unresolved)],
    ['positions/balances equal to the emulator', r.balanceMismatches.length ? `NO: ${r.balanceMismatches.join('; ')}` : `yes (net BTC ${r.positionVenue})`],
    ['place/cancel errors seen by strategies', Object.entries(r.errors).map(([c, n]) => `${c} ${n}`).join(', ') || 'none'],
    ['result', r.ok ? 'PASS' : 'FAIL'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

function describeReconciliation(r: Readonly<Record<string, unknown>>): string {
  return `${r.unsettled} unsettled; adopted ${r.adoptedOpen} open, ${r.adoptedClosed} closed; ${r.neverSent} never sent; `
    + `fills ${r.fillsFromStream} from the stream, ${r.fillsFromVenue} from the venue; ${r.durationMs} ms`;
}

function gatewayYaml(emulator: BinanceEmulator, redisUrl: string, prefix: string, consumer: string, leaseMs: number): string {
  return [
    ...binanceEmulatorBrokerYaml(emulator, { requestTimeoutMs: 10_000 }),
    '    trading: { symbols: [BTCUSDT] }',
    'logging: { level: warn, format: json }',
    'redis:',
    `  url: ${redisUrl}`,
    `  gateway: { prefix: "${prefix}", consumer: ${consumer}, lease_ms: ${leaseMs} }`,
    '',
  ].join('\n');
}

/** Every trade of the account on `symbol`, from the emulator's signed REST (its own record). */
async function myTrades(emulator: BinanceEmulator, symbol: string): Promise<VenueTrade[]> {
  const out: VenueTrade[] = [];
  for (let fromId = 0; ;) {
    const query = `symbol=${symbol}&fromId=${fromId}&limit=1000&timestamp=${Date.now()}&recvWindow=60000`;
    const response = await fetch(`${emulator.url}/api/v3/myTrades?${query}&signature=${hmacSha256Hex(emulator.apiSecret, query)}`, { headers: { 'X-MBX-APIKEY': emulator.apiKey } });
    if (!response.ok) throw new Error(`myTrades: HTTP ${response.status} ${await response.text()}`);
    const page = (await response.json()) as VenueTrade[];
    out.push(...page);
    if (page.length < 1000) return out;
    fromId = page[page.length - 1].id + 1;
  }
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const admin = createRedisClient({ url });
  try {
    await connectRedis(admin);
    const keys: string[] = [];
    for await (const batch of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) keys.push(...(batch as unknown as string[]));
    for (let i = 0; i < keys.length; i += 500) await admin.del(keys.slice(i, i + 500));
  } finally {
    if (admin.isOpen) admin.destroy();
  }
}

function parse(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
