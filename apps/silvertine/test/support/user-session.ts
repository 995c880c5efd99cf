import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { dec } from '@silvertine/core';
import { parseJournalText, type JournalReplay } from '@silvertine/resilience';
import { EXIT } from '../../src/cli/exit-codes';
import { runSilvertine, startSilvertine, type CliRun, type RunningSilvertine } from '../cli-process';
import { SAFETY_NET_MS, until } from './until';

/**
 * A trader's session on one venue's emulator, each step a separate `silvertine` process composed from
 * YAML as a user writes it; the venue side is read from the emulator itself. Each venue's test file
 * starts its emulator, describes it as a SessionVenue and calls defineUserSession.
 */
export interface SessionVenue {
  /** The YAML of every step: one live broker, the safety stack on by default (journal, reconciliation, kill switch). */
  readonly config: string;
  /** The same broker with a synthetic `market_data` feed on another symbol: `silvertine run` trades it continuously. */
  readonly runConfig: string;
  /** The state directory every step shares (journal, its lock, the kill switch's file). */
  readonly stateDir: string;
  /** What the steps trade: a limit below the market rests, one above it fills at once. */
  readonly symbol: string;
  readonly quantity: string;
  readonly restingLimit: string;
  readonly marketableLimit: string;
  /** Client order ids of the orders open at the venue, as the venue answers. */
  openOrderIds(): Promise<string[]>;
  /** The client order id of every order the venue created, once per creation: a resend would show twice. */
  createdOrderIds(): string[];
  /** Net position per symbol at the venue (non-zero only), canonical decimals. */
  positions(): Record<string, string>;
  /** Total balance per asset at the venue, where the emulator exposes them (canonical decimals). */
  balances?(): Record<string, string>;
  /**
   * Resolves once an order of the running `run` is in flight at the venue: journaled and sent, and
   * either not answered yet or resting open. Called after the run has journaled some orders.
   */
  orderInFlight(): Promise<void>;
  /** orderInFlight holds an order the venue never processes (it must come back REJECTED, never resent). */
  readonly inFlightNeverReachesVenue?: boolean;
}

/** The line `run` prints matching `pattern`; a run stuck before printing it is killed and its output shown. */
async function printed(run: RunningSilvertine, pattern: RegExp): Promise<RegExpExecArray> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => void run.stop('SIGKILL').then((r) => reject(new Error(`silvertine run printed no ${pattern} within ${SAFETY_NET_MS} ms: ${`${r.stdout}${r.stderr}`.slice(-4000)}`))), SAFETY_NET_MS);
  });
  try {
    return await Promise.race([run.waitForOutput(pattern), stuck]);
  } finally {
    clearTimeout(timer);
  }
}

/** Canonical decimals per key, zero entries dropped. */
export function canonical(entries: Iterable<readonly [string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of entries) if (!dec(value).isZero()) out[key] = dec(value).toString();
  return out;
}

interface JsonOrder {
  readonly clientOrderId: string;
  readonly status: string;
}

function ok(run: CliRun): CliRun {
  expect({ code: run.code, messages: run.messages }).toEqual({ code: EXIT.OK, messages: [] });
  return run;
}

/** Defines the session's steps, in order, on the venue `venue()` describes once its beforeAll has run. */
export function defineUserSession(venue: () => SessionVenue): void {
  const cli = (...args: string[]) => runSilvertine([...args, '--config', venue().config], { stateDir: venue().stateDir });
  const journal = (): JournalReplay => {
    const file = path.join(venue().stateDir, 'orders.journal');
    return parseJournalText(existsSync(file) ? readFileSync(file, 'utf8') : '');
  };
  const listedIds = async () => (JSON.parse(ok(await cli('orders', '--json')).stdout) as JsonOrder[]).map((o) => o.clientOrderId).sort();
  const listedPositions = async () => {
    const positions = JSON.parse(ok(await cli('positions', '--json')).stdout) as Array<{ instrument: { symbol: string }; quantity: string }>;
    return canonical(positions.map((p) => [p.instrument.symbol, p.quantity] as const));
  };
  let resting = '';

  it('order buy <symbol> <qty> --limit <p>: the limit order rests at the venue, ACCEPTED', async () => {
    const { symbol, quantity, restingLimit } = venue();
    const placed = ok(await cli('order', 'buy', symbol, quantity, '--limit', restingLimit, '--json'));
    const order = JSON.parse(placed.stdout) as JsonOrder & { request: { limitPrice: string } };
    expect(order).toMatchObject({ status: 'ACCEPTED', request: { limitPrice: restingLimit } });
    resting = order.clientOrderId;
    expect(await venue().openOrderIds()).toEqual([resting]);
  });

  it('orders (and --json) in a new process list it from the venue', async () => {
    const { symbol, quantity, restingLimit } = venue();
    const text = ok(await cli('orders'));
    expect(text.stdout).toMatch(new RegExp(`^${resting}  ACCEPTED  BUY ${quantity.replace('.', '\\.')} ${symbol} LIMIT @ ${restingLimit}`, 'm'));
    expect(await listedIds()).toEqual([resting]);
  });

  it('cancel <clientOrderId> from another process cancels it at the venue', async () => {
    const canceled = ok(await cli('cancel', resting));
    expect(canceled.stdout).toMatch(new RegExp(`^${resting}  (CANCELED|PENDING_CANCEL)  `));
    await until(() => venue().openOrderIds(), (ids) => ids.length === 0, 'the venue to cancel the order');
    expect(await listedIds()).toEqual([]);
  });

  it('balances and positions read the venue, before and after a fill', async () => {
    const { symbol, quantity, marketableLimit } = venue();
    const balances = async () => {
      const listed = JSON.parse(ok(await cli('balances', '--json')).stdout) as Array<{ asset: string; total: string }>;
      return canonical(listed.map((b) => [b.asset, b.total] as const));
    };
    const before = await balances();
    expect(Object.keys(before).length).toBeGreaterThan(0);
    if (venue().balances) expect(before).toEqual(venue().balances?.());
    expect(await listedPositions()).toEqual(venue().positions());

    const filled = ok(await cli('order', 'buy', symbol, quantity, '--limit', marketableLimit, '--json'));
    expect((JSON.parse(filled.stdout) as JsonOrder).status).toMatch(/^(ACCEPTED|PARTIALLY_FILLED|FILLED)$/);
    const held = await until(() => venue().positions(), (p) => p[symbol] !== undefined && p[symbol] !== before[symbol], `a position in ${symbol} at the venue`);
    expect(await listedPositions()).toEqual(held);
    if (venue().balances) expect(await balances()).toEqual(venue().balances?.());
  });

  it('kill-switch engage: an order is refused with exit 7 before reaching the venue; release: accepted again', async () => {
    const { symbol, quantity, restingLimit } = venue();
    expect(ok(await cli('kill-switch', 'engage', '--reason', 'session test')).stdout).toMatch(/^kill switch ENGAGED since \S+: session test\n/);
    const created = venue().createdOrderIds().length;
    const refused = await cli('order', 'buy', symbol, quantity, '--limit', restingLimit);
    expect(refused.code).toBe(EXIT.ORDER_REJECTED);
    expect(refused.messages).toEqual([expect.stringMatching(/^silvertine order: .*kill switch engaged: session test/)]);
    expect(venue().createdOrderIds()).toHaveLength(created);

    expect(ok(await cli('kill-switch', 'release')).stdout).toMatch(/^kill switch released\n/);
    const accepted = JSON.parse(ok(await cli('order', 'buy', symbol, quantity, '--limit', restingLimit, '--json')).stdout) as JsonOrder;
    expect(accepted.status).toBe('ACCEPTED');
    expect(await venue().openOrderIds()).toEqual([accepted.clientOrderId]);
    ok(await cli('cancel', accepted.clientOrderId));
    await until(() => venue().openOrderIds(), (ids) => ids.length === 0, 'the venue to cancel the order');
  });

  it('a run killed (SIGKILL) mid-session with an order in flight restarts on its journal: reconciled, nothing resent, no orphans', async () => {
    const { runConfig, stateDir } = venue();
    const createdBefore = venue().createdOrderIds().length;
    const journaledBefore = journal().orders.size;
    let killed: CliRun;
    const first = startSilvertine(['run', '--config', runConfig, '--no-monitoring'], { stateDir });
    try {
      await printed(first, /1 broker\(s\) connected/);
      // the run journals its orders before sending them: wait until it has placed a few, then hold one in flight
      await until(() => journal().orders.size, (n) => n >= journaledBefore + 2, 'the run to journal orders');
      await venue().orderInFlight();
    } finally {
      killed = await first.stop('SIGKILL');
    }
    expect(killed.signal).toBe('SIGKILL');
    const atKill = journal();
    const inFlight = atKill.inFlight.map((o) => o.clientOrderId);
    expect(inFlight.length).toBeGreaterThan(0);
    const createdAtKill = venue().createdOrderIds().length;
    expect(createdAtKill).toBeGreaterThan(createdBefore);

    let stopped: CliRun;
    const second = startSilvertine(['run', '--config', runConfig, '--no-monitoring'], { stateDir });
    try {
      const replayed = await printed(second, /order journal replayed: (\d+) records, (\d+) order\(s\) in flight at the last stop/);
      expect({ records: Number(replayed[1]), inFlight: Number(replayed[2]) }).toEqual({ records: atKill.records, inFlight: inFlight.length });
      const reconciled = await printed(second, /: \S+ reconciled with the venue at connect: (\d+) in-flight order\(s\) restored, none resent: (.*)/);
      expect(Number(reconciled[1])).toBe(inFlight.length);
      expect(reconciled[2]).not.toMatch(/untracked/);
      // the restarted run trades on: its own orders reach the venue after the restored ones
      await until(() => venue().createdOrderIds().length, (n) => n > createdAtKill, 'the restarted run to place an order');
    } finally {
      stopped = await second.stop('SIGTERM');
    }
    expect({ code: stopped.code, messages: stopped.messages }).toEqual({ code: EXIT.OK, messages: [] });

    // zero duplicates: no client order id was created twice at the venue, none of the in-flight ones resent
    const created = venue().createdOrderIds();
    expect(created.length).toBeGreaterThan(createdAtKill);
    expect(new Set(created).size).toBe(created.length);
    // an in-flight order the venue never saw is closed as rejected in the journal, not sent again
    const neverReached = inFlight.filter((id) => !created.includes(id));
    if (venue().inFlightNeverReachesVenue) expect(neverReached.length).toBeGreaterThan(0);
    const final = journal();
    for (const id of neverReached) {
      expect([...final.orders.values()].find((o) => o.clientOrderId === id)?.lastOrder).toMatchObject({ status: 'REJECTED', rejectReason: 'not found at venue after restart' });
    }
    // no orphans: what is open at the venue is exactly what the journal and a new process hold open
    const open = (await venue().openOrderIds()).sort();
    expect(await listedIds()).toEqual(open);
    expect(final.inFlight.map((o) => o.clientOrderId).sort()).toEqual(open);
    expect(await listedPositions()).toEqual(venue().positions());
  });
}
