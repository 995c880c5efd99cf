// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only: the emulator is the venue
import { startBinanceEmulator } from '@silvertine/binance-emulator';
import { dec, type BrokerErrorEvent, type ConnectionState, type Fill, type Instrument, type Order } from '@silvertine/core';
import { waitFor, type ManualClock } from '@silvertine/core/testing';
import type { BinanceConfig } from '../src/binance.config';
import { API_KEY, API_SECRET, eventually, SAFETY_NET_MS, startVenue, type Venue } from './emulator-harness';
import { HostileProxy } from './hostile-proxy';

/** The emulator behind a HostileProxy, and a broker connected through the proxy. */
export interface HostileVenue extends Venue {
  readonly proxy: HostileProxy;
  readonly btc: Instrument;
  /** Every connection state the broker went through since it connected. */
  readonly states: ConnectionState[];
  /** Every fill the broker published since it connected. */
  readonly fills: Fill[];
}

/**
 * Starts the emulator (BTCUSDT at 50000), a hostile proxy in front of it and a broker connected through
 * the proxy. Given a `clock`, broker and emulator run on it (see startVenue).
 */
export async function startHostileVenue(config: Partial<BinanceConfig> = {}, clock?: ManualClock): Promise<HostileVenue> {
  const emulator = await startBinanceEmulator({
    port: 0, apiKey: API_KEY, apiSecret: API_SECRET, symbols: ['BTCUSDT', 'ETHUSDT'],
    balances: { USDT: '100000', BTC: '2', ETH: '10' }, prices: { BTCUSDT: '50000', ETHUSDT: '3000' },
    ...(clock ? { clock: () => clock.now() } : {}),
  });
  const proxy = await HostileProxy.start(emulator.url);
  let venue: Venue;
  try {
    venue = await startVenue({ baseUrl: proxy.url, wsApiUrl: `${proxy.wsUrl}/ws-api/v3`, streamUrl: proxy.wsUrl, ...config }, {}, { emulator, clock });
  } catch (error) {
    await proxy.close();
    await emulator.close();
    throw error;
  }
  const states: ConnectionState[] = [venue.broker.state];
  const fills: Fill[] = [];
  venue.broker.state$.subscribe((s) => s !== states[states.length - 1] && states.push(s));
  venue.broker.fills$.subscribe((f) => fills.push(f));
  return {
    ...venue, proxy, states, fills,
    btc: (await venue.broker.instrument('BTCUSDT'))!,
    close: async () => {
      await venue.close();
      await proxy.close();
      await emulator.close();
    },
  };
}

/** Resolves with the next VENUE_PAYLOAD error the broker publishes (whose message names `kind`, when given). */
export function nextPayloadError(v: Venue, kind?: string, ms = SAFETY_NET_MS): Promise<BrokerErrorEvent> {
  return waitFor(v.bus.errors$, (e) => e.code === 'VENUE_PAYLOAD' && (kind === undefined || e.message.startsWith(`${kind}:`)), ms, `a VENUE_PAYLOAD error${kind ? ` of ${kind}` : ''}`);
}

/** What an attack must leave unchanged: orders, fills and balances, as comparable text. */
export async function stateOf(v: HostileVenue): Promise<string> {
  const orders = (await v.broker.getOpenOrders()).map(describeOrder).sort();
  const balances = v.broker.cachedBalances().map((b) => `${b.asset}:${b.free}/${b.locked}`).sort();
  return JSON.stringify({ orders, fills: v.fills.map((f) => f.tradeId), balances });
}

function describeOrder(o: Order): string {
  return `${o.clientOrderId}:${o.status}:${o.filledQuantity}:${o.venueOrderId}`;
}

/** Waits until the broker's balance cache holds what the venue holds (its stream has caught up). */
export async function balancesSettled(v: HostileVenue): Promise<void> {
  await eventually(() => ['USDT', 'BTC'].every((asset) => {
    const cached = v.broker.cachedBalances().find((b) => b.asset === asset);
    const venue = v.emulator.control.balance(asset);
    return cached !== undefined && cached.free.eq(venue.free) && cached.locked.eq(venue.locked);
  }), SAFETY_NET_MS, 'balance cache in line with the venue');
}

/**
 * Proves the broker still trades: a MARKET buy fills with exactly one fill of its quantity, and the venue
 * received it once. Waits for the balance cache to settle afterwards, so the next attack starts quiet.
 */
export async function tradesCorrectly(v: HostileVenue): Promise<void> {
  const order = await v.broker.placeOrder({ instrument: v.btc, side: 'BUY', type: 'MARKET', quantity: dec('0.01') });
  expect(order.status).toBe('FILLED');
  expect(order.filledQuantity.toString()).toBe('0.01');
  expect(v.fills.filter((f) => f.clientOrderId === order.clientOrderId)).toHaveLength(1);
  expect(v.emulator.control.receivedOrders(order.clientOrderId)).toHaveLength(1);
  await balancesSettled(v);
}
