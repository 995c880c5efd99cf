import { NotSupportedError, offersTicker, type Broker, type Ticker } from '@silvertine/core';

/** Core's Ticker, re-exported for the app's readers of this module. */
export type { Ticker };

/**
 * The ticker of `symbol` from the broker, through core's TickerProvider capability (`TICKER`): Binance
 * answers from REST ticker/bookTicker and ticker/price, IB from one TWS market data snapshot, paper from
 * the last quote and trade its market data delivered. Each adapter decodes its venue's answer. A broker
 * that does not declare the capability refuses with NotSupportedError('ticker').
 */
export async function readTicker(broker: Broker, symbol: string): Promise<Ticker> {
  if (!offersTicker(broker)) {
    throw new NotSupportedError('ticker', `broker ${broker.id} offers no ticker (it does not declare the TICKER capability)`, { brokerId: broker.id });
  }
  return broker.ticker(symbol);
}
