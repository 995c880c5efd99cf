// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the emulator is the venue
import { hmacSha256Hex, startBinanceEmulator, type BinanceEmulator, type BinanceEmulatorOptions } from '@silvertine/binance-emulator';
import { EventBus, type Logger, type MarketData, type Order, type OrderJournal } from '@silvertine/core';
import { waitFor, type ManualClock } from '@silvertine/core/testing';
import { BinanceBroker } from '../src/binance.broker';
import { binanceConfig, type BinanceConfig } from '../src/binance.config';

export const API_KEY = 'testKey123';
export const API_SECRET = 'testSecretThatMustNeverBeLogged42';

/** An emulator on port 0 and a connected BinanceBroker pointed at it, over real sockets. */
export interface Venue {
  readonly emulator: BinanceEmulator;
  readonly broker: BinanceBroker;
  readonly bus: EventBus;
  close(): Promise<void>;
}

/**
 * A deadline that only ends a test that is really stuck (the emulator shares the test's process, which
 * may get a fraction of the CPU: npm run test:load); never what decides an outcome.
 */
export const SAFETY_NET_MS = 20_000;

/** Longer than any test advances a ManualClock: timers set this far out never fire unless a test means them to. */
export const NEVER_MS = 86_400_000;

/** Reconnect backoff of the harness: every reconnect is due within this after its socket went down. */
export const RECONNECT_MAX_DELAY_MS = 400;

/**
 * Starts an emulator (BTCUSDT at 50000, 100000 USDT and 2 BTC) and connects a broker to it. Given an
 * `emulator`, connects to that one instead (a restarted process on the same venue) and leaves it open on close.
 *
 * Timing: deadlines that are not what a test tests are safety nets (request timeouts, recvWindow) and
 * client pings are rare, so a slow answer from the in-process emulator is never taken for a lost
 * request or a half-open link. Given a `clock` (a ManualClock), the broker's timers (pings and pong
 * deadlines, reconnect backoff, unknown-order checks, Retry-After, rate-limit windows) and the emulator's
 * clock (signatures' recvWindow, its rate limits) run on it: time moves only when the test advances it.
 * Only the REST transports' request timeouts stay on real timers (they take no clock).
 */
export async function startVenue(
  config: Partial<BinanceConfig> = {},
  emulatorOptions: BinanceEmulatorOptions = {},
  extra: { logger?: Logger; id?: string; journal?: OrderJournal; emulator?: BinanceEmulator; clock?: ManualClock } = {},
): Promise<Venue> {
  const owned = !extra.emulator;
  const clock = extra.clock;
  const emulator = extra.emulator ?? await startBinanceEmulator({
    port: 0,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    symbols: ['BTCUSDT', 'ETHUSDT'],
    balances: { USDT: '100000', BTC: '2', ETH: '10' },
    prices: { BTCUSDT: '50000', ETHUSDT: '3000' },
    ...(clock ? { clock: () => clock.now() } : {}),
    ...emulatorOptions,
  });
  const bus = new EventBus();
  const broker = new BinanceBroker({
    id: extra.id ?? 'binance-1',
    bus,
    logger: extra.logger,
    journal: extra.journal,
    clock,
    config: binanceConfig({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      environment: 'custom',
      baseUrl: emulator.url,
      wsApiUrl: `${emulator.wsUrl}/ws-api/v3`,
      symbols: ['BTCUSDT', 'ETHUSDT'],
      // On a ManualClock the request timeout of the WebSocket API must not be reached by the advances
      // that drive reconnects; on the real clock it is also the REST transports' timeout: a safety net.
      requestTimeoutMs: clock ? NEVER_MS : 60_000,
      recvWindowMs: 60_000,
      pingIntervalMs: clock ? NEVER_MS : 60_000,
      pongTimeoutMs: 30_000,
      reconnectMinDelayMs: 50,
      reconnectMaxDelayMs: RECONNECT_MAX_DELAY_MS,
      unknownOrderCheckDelayMs: clock ? NEVER_MS : 50,
      ...config,
    }),
  });
  try {
    await broker.connect();
  } catch (error) {
    if (owned) await emulator.close();
    throw error;
  }
  return {
    emulator,
    broker,
    bus,
    close: async () => {
      await broker.disconnect();
      if (owned) await emulator.close();
    },
  };
}

/** Resolves with the order once `v`'s broker reports it in `status` (`ms` is a safety net). */
export function orderStatus(v: Venue, clientOrderId: string, status: Order['status'], ms = SAFETY_NET_MS): Promise<Order> {
  return waitFor(v.broker.orders$, (o) => o.clientOrderId === clientOrderId && o.status === status, ms, `${clientOrderId} ${status}`);
}

/** Polls `check` until it holds (for state that changes without an event, like cached balances); `ms` is a safety net. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = SAFETY_NET_MS, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * On a ManualClock: advances it by `stepMs` (default: the longest reconnect delay) at a time, letting
 * real socket I/O run in between, until `done` holds. Safe only where every other timer of the broker is
 * set NEVER_MS out (startVenue does that with a clock): then each step can fire nothing but reconnects,
 * however many steps a slow machine needs.
 */
export async function advanceUntil(clock: ManualClock, done: () => boolean, what: string, stepMs = RECONNECT_MAX_DELAY_MS): Promise<void> {
  const end = Date.now() + SAFETY_NET_MS;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out after ${SAFETY_NET_MS} ms waiting for ${what}`);
    clock.advance(stepMs);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A marker asset the user-data barrier deposits: no test trades or counts it. */
export const BARRIER_ASSET = 'BARRIER';
let barriers = 0;

/**
 * Resolves once the broker has handled every user-data event the emulator pushed before the call, so a
 * test may then assert that something did NOT happen (no second fill, no stale status). The emulator
 * pushes a deposit of BARRIER_ASSET behind those events on the same socket; frames are handled in arrival
 * order, so the deposit showing in the broker's balance cache proves everything before it was handled.
 */
export async function userStreamBarrier(v: Venue): Promise<void> {
  const mark = String(++barriers);
  v.emulator.control.setBalance(BARRIER_ASSET, mark);
  await eventually(() => v.broker.cachedBalances().some((b) => b.asset === BARRIER_ASSET && b.free.eq(mark)), SAFETY_NET_MS, `user-data barrier ${mark}`);
}

/**
 * The same for the market streams: a print on `symbol` travels behind every market frame the emulator
 * sent before the call, on each market-stream socket; once the broker has published it, everything
 * before it was handled. The print's size is unique to the call; it moves no quote and fills nothing
 * unless an order rests at `price` on that symbol.
 */
export async function marketStreamBarrier(v: Venue, symbol = 'ETHUSDT', price = '3000'): Promise<MarketData> {
  const size = `0.${String(++barriers).padStart(6, '0')}`;
  const seen = waitFor(v.bus.marketData$, (e) => e.data.kind === 'trade' && e.data.symbol === symbol && e.data.size.eq(size), SAFETY_NET_MS, `market barrier ${size}`);
  v.emulator.control.trade(symbol, price, size);
  return (await seen).data;
}

/**
 * A signed request straight to the emulator's REST API, as another client of the same account would send
 * it (not through the adapter): for orders placed or canceled behind the broker's back. Signed with the
 * emulator's own time, which may be a ManualClock's.
 */
export async function venueRequest<T>(v: Venue, method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, string>): Promise<{ status: number; body: T }> {
  const { serverTime } = (await (await fetch(`${v.emulator.url}/api/v3/time`)).json()) as { serverTime: number };
  const query = new URLSearchParams({ ...params, recvWindow: '5000', timestamp: String(serverTime) }).toString();
  const res = await fetch(`${v.emulator.url}${path}?${query}&signature=${hmacSha256Hex(API_SECRET, query)}`, { method, headers: { 'X-MBX-APIKEY': API_KEY } });
  return { status: res.status, body: (await res.json()) as T };
}
