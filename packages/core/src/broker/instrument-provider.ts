import type { Instrument } from '../domain/instrument';

/**
 * Where a broker's instruments come from: exchangeInfo on Binance, contract details on IB, the config
 * on paper. Every Broker offers it, so a CLI or a strategy can build an order for a symbol without
 * knowing the venue.
 */
export interface InstrumentProvider {
  /** The instrument for Silvertine's symbol, or undefined when the venue does not list it. */
  instrument(symbol: string): Promise<Instrument | undefined>;
  /** Every instrument known so far (loaded at connect, or looked up since). */
  instruments(): Promise<readonly Instrument[]>;
}
