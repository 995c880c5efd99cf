import type { Decimal } from '../decimal/decimal';
import type { BrokerCapabilities } from './capabilities';

/**
 * Best bid and ask with their sizes, and the last trade price, of one symbol, as the broker's venue gave
 * them (Binance: REST bookTicker and price; IB: one TWS market data snapshot; paper: the last quote and
 * trade its market data delivered). A side the venue did not quote, or a market with no trade yet, is
 * absent rather than zero. Every figure passed the adapter's decoder (non-negative decimals, else a
 * VenuePayloadError naming the field).
 */
export interface Ticker {
  readonly symbol: string;
  readonly bid?: Decimal;
  readonly bidSize?: Decimal;
  readonly ask?: Decimal;
  readonly askSize?: Decimal;
  readonly last?: Decimal;
  /** When the figures were asked for (epoch ms on the broker's clock: virtual in a replay). */
  readonly at: number;
  /** Where the figures came from, for the operator (`binance REST ticker/bookTicker + ticker/price`, `ib reqMktData snapshot`...). */
  readonly source: string;
}

/**
 * Optional capability: a broker that can tell the current ticker of one of its instruments. Declared with
 * the `TICKER` feature. A symbol the broker does not know is an InvalidOrderError on `symbol`; a venue
 * that does not answer in time is a TimeoutError on the broker's clock; an answer that fails its decoder
 * is a VenuePayloadError. Nothing is ordered and no event is published.
 */
export interface TickerProvider {
  ticker(symbol: string): Promise<Ticker>;
}

/** True when the broker declares `TICKER` and implements `ticker`. */
export function offersTicker<T extends { readonly capabilities: BrokerCapabilities }>(broker: T): broker is T & TickerProvider {
  return broker.capabilities.features.includes('TICKER') && typeof (broker as Partial<TickerProvider>).ticker === 'function';
}
