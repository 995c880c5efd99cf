import type { Decimal } from '../decimal/decimal';
/** Asset classes, with IB's names: stock, forex (cash), future, option, crypto. */
export type AssetClass = 'STK' | 'CASH' | 'FUT' | 'OPT' | 'CRYPTO';
/** Option right: call or put. */
export type OptionRight = 'C' | 'P';
/**
 * A tradable instrument with the venue rules that every order is validated against before it
 * leaves the process.
 */
export interface Instrument {
    /** Silvertine's symbol, e.g. "BTCUSDT", "AAPL", "EUR.USD", "ESZ6". */
    readonly symbol: string;
    readonly assetClass: AssetClass;
    /** Base asset for pairs (BTC in BTCUSDT); the underlying for derivatives. */
    readonly baseAsset?: string;
    /** Quote asset or trading currency (USDT, USD). Prices, P&L and commissions are in this unit. */
    readonly quoteAsset: string;
    /** Smallest price increment. */
    readonly tickSize: Decimal;
    /** Smallest quantity increment. */
    readonly stepSize: Decimal;
    /** Smallest accepted quantity (defaults to stepSize). */
    readonly minQuantity?: Decimal;
    /** Smallest accepted quantity × price × multiplier. */
    readonly minNotional?: Decimal;
    /** Contract multiplier (1 for spot and stocks, 100 for US equity options, 50 for ES). */
    readonly multiplier: Decimal;
    /** Expiry as YYYYMMDD for futures and options. */
    readonly expiry?: string;
    readonly strike?: Decimal;
    readonly right?: OptionRight;
    /** The venue's own symbol when it differs from `symbol`. */
    readonly venueSymbol?: string;
    /** Listing or routing exchange (SMART, CME, IDEALPRO...). */
    readonly exchange?: string;
}
