import { EventBus, dec, type Instrument, type Logger, type Order } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
import { ReplaySubject } from 'rxjs';
// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the emulator is the venue
import { startTwsEmulator, type TwsEmulator, type TwsEmulatorOptions } from '@silvertine/tws-emulator';
import { InteractiveBrokersBroker, type IbBrokerConfigInput } from '../../src';

/** Instruments matching the emulator's default contract table. */
export const AAPL: Instrument = { symbol: 'AAPL', assetClass: 'STK', quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1), exchange: 'SMART' };
export const EURUSD: Instrument = { symbol: 'EUR.USD', assetClass: 'CASH', baseAsset: 'EUR', quoteAsset: 'USD', tickSize: dec('0.00005'), stepSize: dec(1), multiplier: dec(1) };
export const ESZ6: Instrument = { symbol: 'ESZ6', assetClass: 'FUT', baseAsset: 'ES', quoteAsset: 'USD', tickSize: dec('0.25'), stepSize: dec(1), multiplier: dec(50), expiry: '20261218', exchange: 'CME' };
export const AAPL_C150: Instrument = {
  symbol: 'AAPL 261218C150', assetClass: 'OPT', baseAsset: 'AAPL', quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(100),
  expiry: '20261218', strike: dec(150), right: 'C',
};
export const BTC: Instrument = { symbol: 'BTC.USD', assetClass: 'CRYPTO', baseAsset: 'BTC', quoteAsset: 'USD', tickSize: dec('0.25'), stepSize: dec('0.0001'), minQuantity: dec('0.0001'), multiplier: dec(1) };

/** One entry of the broker's structured log. */
export interface LogEntry {
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** The broker's log kept in memory, replayed to late subscribers: a test waits on what the broker reported. */
export class LogTap implements Logger {
  readonly entries$ = new ReplaySubject<LogEntry>();
  error(message: string, fields: Record<string, unknown> = {}): void {
    this.entries$.next({ level: 'error', message, fields });
  }
  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.entries$.next({ level: 'warn', message, fields });
  }
  info(message: string, fields: Record<string, unknown> = {}): void {
    this.entries$.next({ level: 'info', message, fields });
  }
  debug(message: string, fields: Record<string, unknown> = {}): void {
    this.entries$.next({ level: 'debug', message, fields });
  }
  child(): Logger {
    return this;
  }
}

/** An emulator and a connected broker on it, with a teardown that releases both. */
export interface Rig {
  readonly emulator: TwsEmulator;
  readonly broker: InteractiveBrokersBroker;
  readonly bus: EventBus;
  /** Everything the broker logged. */
  readonly logs: LogTap;
  close(): Promise<void>;
}

let nextClientId = 1;

/** Starts an emulator on port 0 and connects a broker to it (fast reconnect policy for tests). */
export async function startRig(config: IbBrokerConfigInput = {}, emulatorOptions: TwsEmulatorOptions = {}): Promise<Rig> {
  const emulator = await startTwsEmulator({ port: 0, timerIntervalMs: 0, ...emulatorOptions });
  const bus = new EventBus();
  const logs = new LogTap();
  const broker = new InteractiveBrokersBroker({
    id: `ib-${nextClientId}`,
    bus,
    logger: logs,
    // The emulator sends each commission report right behind its execution: the wait for it is a safety
    // net here (tests of the wait itself set their own), so a slow loop never releases a fill without it.
    config: { host: emulator.host, port: emulator.port, clientId: nextClientId++, commissionWaitMs: 30_000, reconnect: { initialDelayMs: 50, maxDelayMs: 400 }, ...config },
  });
  try {
    await broker.connect();
  } catch (error) {
    await emulator.close();
    throw error;
  }
  return {
    emulator, broker, bus, logs,
    close: async () => {
      await broker.disconnect();
      await emulator.close();
    },
  };
}

/**
 * A deadline that only ends a test that is really stuck (the emulator shares the test's process, which
 * may get a fraction of the CPU: npm run test:load); never what decides an outcome.
 */
export const SAFETY_NET_MS = 20_000;

/** Resolves with the broker's first snapshot of order `id` in `status` (`ms` is a safety net). */
export function orderIn(rig: Pick<Rig, 'broker'>, id: string, status: Order['status'], ms = SAFETY_NET_MS): Promise<Order> {
  return waitFor(rig.broker.orders$, (o) => o.clientOrderId === id && o.status === status, ms, `${id} ${status}`);
}

/** Polls `check` until it holds, for state that changes without an event (e.g. the emulator's sessions). */
export async function until(check: () => boolean, what: string, ms = SAFETY_NET_MS): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Resolves once the broker has handled everything TWS sent it before the call: the answer to a request
 * on the same socket (all open orders) comes behind it, and @stoqey/ib decodes the stream in order.
 */
export async function roundTrip(rig: Pick<Rig, 'broker'>): Promise<void> {
  await rig.broker.venueState().openOrders();
}

/**
 * A TWS downtime the test ends itself: pass `until` to the emulator's `restart` or `refuseConnections`
 * and call `end()` once the test has seen what must happen while TWS is away (a fixed downtime races it).
 */
export function downtime(): { readonly until: Promise<void>; end(): void } {
  let end!: () => void;
  const until = new Promise<void>((resolve) => (end = resolve));
  return { until, end };
}

/** Resolves once the broker has logged its `attempts`-th reconnect attempt failing (TWS refused it). */
export async function refusedAttempts(rig: Pick<Rig, 'logs'>, attempts = 1, ms = SAFETY_NET_MS): Promise<void> {
  await waitFor(rig.logs.entries$, (e) => e.message === 'ib reconnect attempt failed' && Number(e.fields['attempt']) >= attempts, ms, `reconnect attempt ${attempts} refused`);
}
