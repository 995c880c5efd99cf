import { createEvent, dec, type EventBus, type Instrument } from '@silvertine/core';
import { BinanceBroker } from '@silvertine/binance';
import type { E2eEnvironment } from './e2e-environment';
import type { Route } from './quote-follower.strategy';

/** Paper's instrument as the YAML declares it. */
export const ETHUSDT: Instrument = {
  symbol: 'ETHUSDT', assetClass: 'CRYPTO', baseAsset: 'ETH', quoteAsset: 'USDT',
  tickSize: dec('0.01'), stepSize: dec('0.0001'), minNotional: dec('5'), multiplier: dec('1'),
};

/** AAPL as the TWS emulator's default contract table has it. */
export const AAPL: Instrument = { symbol: 'AAPL', assetClass: 'STK', quoteAsset: 'USD', tickSize: dec('0.01'), stepSize: dec(1), multiplier: dec(1), exchange: 'SMART' };

/**
 * One symbol per broker, so that a quote reaches exactly one venue's orders: the paper broker consumes
 * every MarketDataEvent of its symbols whatever their source, so sharing a symbol would couple them.
 */
export async function venueRoutes(env: E2eEnvironment): Promise<ReadonlyMap<string, Route>> {
  const binance = env.brokers.binance;
  if (!(binance instanceof BinanceBroker)) throw new Error('binance broker is not a BinanceBroker');
  const btc = (await binance.instrument('BTCUSDT'));
  if (!btc) throw new Error('BTCUSDT not loaded from the emulator');
  return new Map<string, Route>([
    ['ETHUSDT', { brokerId: 'paper', instrument: ETHUSDT, quantity: dec('0.5') }],
    ['BTCUSDT', { brokerId: 'binance', instrument: btc, quantity: dec('0.01') }],
    ['AAPL', { brokerId: 'ib', instrument: AAPL, quantity: dec('10') }],
  ]);
}

/** Publishes one quote per routed symbol (the feed the strategy and the paper venue see). */
export function publishQuotes(bus: EventBus, symbols: readonly string[] = ['ETHUSDT', 'BTCUSDT', 'AAPL']): void {
  const prices: Record<string, [string, string]> = { ETHUSDT: ['2999.99', '3000.01'], BTCUSDT: ['49999.99', '50000.01'], AAPL: ['150.00', '150.02'] };
  const ample = dec('100000000');
  for (const symbol of symbols) {
    const [bid, ask] = prices[symbol];
    const now = Date.now();
    bus.publish(createEvent({ type: 'MarketData', data: { kind: 'quote', symbol, bid: dec(bid), ask: dec(ask), bidSize: ample, askSize: ample, timestamp: now } }, now));
  }
}
