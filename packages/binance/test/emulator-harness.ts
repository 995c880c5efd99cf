// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the emulator is the venue
import { hmacSha256Hex, startBinanceEmulator, type BinanceEmulator, type BinanceEmulatorOptions } from '@silvertine/binance-emulator';
import { EventBus, type Logger, type Order, type OrderJournal } from '@silvertine/core';
import { waitFor } from '@silvertine/core/testing';
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
 * Starts an emulator (BTCUSDT at 50000, 100000 USDT and 2 BTC) and connects a broker to it. Given an
 * `emulator`, connects to that one instead (a restarted process on the same venue) and leaves it open on close.
 */
export async function startVenue(
  config: Partial<BinanceConfig> = {},
  emulatorOptions: BinanceEmulatorOptions = {},
  extra: { logger?: Logger; id?: string; journal?: OrderJournal; emulator?: BinanceEmulator } = {},
): Promise<Venue> {
  const owned = !extra.emulator;
  const emulator = extra.emulator ?? await startBinanceEmulator({
    port: 0,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    symbols: ['BTCUSDT', 'ETHUSDT'],
    balances: { USDT: '100000', BTC: '2', ETH: '10' },
    prices: { BTCUSDT: '50000', ETHUSDT: '3000' },
    ...emulatorOptions,
  });
  const bus = new EventBus();
  const broker = new BinanceBroker({
    id: extra.id ?? 'binance-1',
    bus,
    logger: extra.logger,
    journal: extra.journal,
    config: binanceConfig({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      environment: 'custom',
      baseUrl: emulator.url,
      wsApiUrl: `${emulator.wsUrl}/ws-api/v3`,
      symbols: ['BTCUSDT', 'ETHUSDT'],
      requestTimeoutMs: 2_000,
      pingIntervalMs: 200,
      pongTimeoutMs: 300,
      reconnectMinDelayMs: 50,
      reconnectMaxDelayMs: 400,
      unknownOrderCheckDelayMs: 50,
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

/** Polls `check` until it holds (for state that changes without an event, like cached balances). */
/** Resolves with the order once `v`'s broker reports it in `status` (within `ms`). */
export function orderStatus(v: Venue, clientOrderId: string, status: Order['status'], ms = 3_000): Promise<Order> {
  return waitFor(v.broker.orders$, (o) => o.clientOrderId === clientOrderId && o.status === status, ms, `${clientOrderId} ${status}`);
}

export async function eventually(check: () => boolean | Promise<boolean>, ms = 3_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A signed request straight to the emulator's REST API, as another client of the same account would send
 * it (not through the adapter): for orders placed or canceled behind the broker's back.
 */
export async function venueRequest<T>(v: Venue, method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, string>): Promise<{ status: number; body: T }> {
  const query = new URLSearchParams({ ...params, recvWindow: '5000', timestamp: String(Date.now()) }).toString();
  const res = await fetch(`${v.emulator.url}${path}?${query}&signature=${hmacSha256Hex(API_SECRET, query)}`, { method, headers: { 'X-MBX-APIKEY': API_KEY } });
  return { status: res.status, body: (await res.json()) as T };
}
