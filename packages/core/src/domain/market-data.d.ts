import type { Decimal } from '../decimal/decimal';
/** Top of book. */
export interface Quote {
    readonly kind: 'quote';
    readonly symbol: string;
    readonly bid: Decimal;
    readonly bidSize: Decimal;
    readonly ask: Decimal;
    readonly askSize: Decimal;
    readonly timestamp: number;
}
/** A print on the tape. */
export interface Trade {
    readonly kind: 'trade';
    readonly symbol: string;
    readonly price: Decimal;
    readonly size: Decimal;
    readonly timestamp: number;
    readonly aggressor?: 'BUY' | 'SELL';
}
/** OHLCV bar; `timestamp` is the bar's open time, `durationMs` its length. */
export interface Bar {
    readonly kind: 'bar';
    readonly symbol: string;
    readonly open: Decimal;
    readonly high: Decimal;
    readonly low: Decimal;
    readonly close: Decimal;
    readonly volume: Decimal;
    readonly timestamp: number;
    readonly durationMs: number;
}
export type MarketData = Quote | Trade | Bar;
