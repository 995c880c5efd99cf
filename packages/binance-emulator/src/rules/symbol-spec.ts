import { dec, type Decimal } from '@silvertine/core';

/** Trading rules of one emulated symbol; every field has a Binance-like default. */
export interface SymbolSpec {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly tickSize: Decimal;
  readonly minPrice: Decimal;
  readonly maxPrice: Decimal;
  readonly stepSize: Decimal;
  readonly minQty: Decimal;
  readonly maxQty: Decimal;
  readonly minNotional: Decimal;
  readonly maxNotional: Decimal;
  readonly maxNumOrders: number;
  /** PERCENT_PRICE_BY_SIDE multipliers around the average price. */
  readonly bidMultiplierUp: Decimal;
  readonly bidMultiplierDown: Decimal;
  readonly askMultiplierUp: Decimal;
  readonly askMultiplierDown: Decimal;
}

/** Overrides for a symbol's rules, as strings or Decimals (CLI and code use the same shape). */
export type SymbolSpecInput = { readonly symbol: string } & Partial<Record<Exclude<keyof SymbolSpec, 'symbol' | 'baseAsset' | 'quoteAsset' | 'maxNumOrders'>, Decimal | string>> & {
  readonly baseAsset?: string;
  readonly quoteAsset?: string;
  readonly maxNumOrders?: number;
};

// Longest first so that "BTCFDUSD" splits as BTC/FDUSD and not BTCFD/USD.
const QUOTE_ASSETS = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'BTC', 'ETH', 'BNB', 'EUR', 'TRY', 'USD'];

/** Splits a symbol into base and quote by the usual Binance quote assets. */
export function splitSymbol(symbol: string): { baseAsset: string; quoteAsset: string } {
  for (const quote of QUOTE_ASSETS) {
    if (symbol.length > quote.length && symbol.endsWith(quote)) {
      return { baseAsset: symbol.slice(0, -quote.length), quoteAsset: quote };
    }
  }
  throw new Error(`cannot split symbol "${symbol}" into base and quote; give baseAsset and quoteAsset`);
}

/** Fills the defaults (BTCUSDT-like: tick 0.01, step 0.00001, min notional 5). */
export function resolveSymbolSpec(input: SymbolSpecInput): SymbolSpec {
  const symbol = input.symbol.toUpperCase();
  const assets = input.baseAsset && input.quoteAsset ? { baseAsset: input.baseAsset, quoteAsset: input.quoteAsset } : splitSymbol(symbol);
  const d = (v: Decimal | string | undefined, fallback: string): Decimal => dec(v ?? fallback);
  return {
    symbol,
    ...assets,
    tickSize: d(input.tickSize, '0.01'),
    minPrice: d(input.minPrice, '0.01'),
    maxPrice: d(input.maxPrice, '1000000'),
    stepSize: d(input.stepSize, '0.00001'),
    minQty: d(input.minQty, '0.00001'),
    maxQty: d(input.maxQty, '9000'),
    minNotional: d(input.minNotional, '5'),
    maxNotional: d(input.maxNotional, '9000000'),
    maxNumOrders: input.maxNumOrders ?? 200,
    bidMultiplierUp: d(input.bidMultiplierUp, '5'),
    bidMultiplierDown: d(input.bidMultiplierDown, '0.2'),
    askMultiplierUp: d(input.askMultiplierUp, '5'),
    askMultiplierDown: d(input.askMultiplierDown, '0.2'),
  };
}

/** Binance's wire format for amounts: eight decimals ("0.10000000"). */
export function fmt(value: Decimal): string {
  return value.toFixed(8);
}
