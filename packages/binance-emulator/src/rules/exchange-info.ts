import type { RateLimitConfig } from '../rate-limit/rate-limit.config';
import { fmt, type SymbolSpec } from './symbol-spec';

/** Order types every emulated symbol allows (all that the emulator implements). */
export const ORDER_TYPES = ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'] as const;

/**
 * Order features each emulated symbol advertises. exchangeInfo publishes exactly these and order entry
 * refuses what they rule out, so the two cannot disagree: the matcher implements neither iceberg slicing
 * nor self-trade prevention (one account trades with the book, never with itself); it does trail stops.
 */
export const SYMBOL_FEATURES = {
  icebergAllowed: false,
  allowTrailingStop: true,
  defaultSelfTradePreventionMode: 'NONE',
  allowedSelfTradePreventionModes: ['NONE'] as readonly string[],
} as const;

/** The TRAILING_DELTA filter's range in basis points, the same above and below (filters.md example values). */
export const TRAILING_DELTA_BIPS = { min: 10, max: 2000 } as const;

/** Every STP mode Binance documents (enums.md "STP Modes"); a value outside them is not an STP mode at all. */
export const STP_MODES = ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH', 'DECREMENT', 'TRANSFER'] as const;

/** The `rateLimits` array of exchangeInfo, from the configured limits. */
export function rateLimitsJson(limits: RateLimitConfig): Record<string, unknown>[] {
  return [
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: limits.requestWeightPerMinute },
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: limits.ordersPer10s },
    { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: limits.ordersPerDay },
    { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
  ];
}

/** The `filters` array of one symbol, shaped as in filters.json. */
export function symbolFiltersJson(spec: SymbolSpec): Record<string, unknown>[] {
  return [
    { filterType: 'PRICE_FILTER', minPrice: fmt(spec.minPrice), maxPrice: fmt(spec.maxPrice), tickSize: fmt(spec.tickSize) },
    { filterType: 'LOT_SIZE', minQty: fmt(spec.minQty), maxQty: fmt(spec.maxQty), stepSize: fmt(spec.stepSize) },
    { filterType: 'MIN_NOTIONAL', minNotional: fmt(spec.minNotional), applyToMarket: true, avgPriceMins: 5 },
    {
      filterType: 'NOTIONAL',
      minNotional: fmt(spec.minNotional),
      applyMinToMarket: true,
      maxNotional: fmt(spec.maxNotional),
      applyMaxToMarket: false,
      avgPriceMins: 5,
    },
    { filterType: 'MAX_NUM_ORDERS', maxNumOrders: spec.maxNumOrders },
    {
      filterType: 'TRAILING_DELTA',
      minTrailingAboveDelta: TRAILING_DELTA_BIPS.min,
      maxTrailingAboveDelta: TRAILING_DELTA_BIPS.max,
      minTrailingBelowDelta: TRAILING_DELTA_BIPS.min,
      maxTrailingBelowDelta: TRAILING_DELTA_BIPS.max,
    },
    {
      filterType: 'PERCENT_PRICE_BY_SIDE',
      bidMultiplierUp: spec.bidMultiplierUp.toString(),
      bidMultiplierDown: spec.bidMultiplierDown.toString(),
      askMultiplierUp: spec.askMultiplierUp.toString(),
      askMultiplierDown: spec.askMultiplierDown.toString(),
      avgPriceMins: 5,
    },
  ];
}

/** One entry of exchangeInfo `symbols`, with the keys of the documented example. */
export function symbolInfoJson(spec: SymbolSpec, status: 'TRADING' | 'BREAK'): Record<string, unknown> {
  return {
    symbol: spec.symbol,
    status,
    baseAsset: spec.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: spec.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: [...ORDER_TYPES],
    icebergAllowed: SYMBOL_FEATURES.icebergAllowed,
    ocoAllowed: true,
    otoAllowed: false,
    opoAllowed: false,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: SYMBOL_FEATURES.allowTrailingStop,
    cancelReplaceAllowed: false,
    amendAllowed: false,
    pegInstructionsAllowed: false,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: symbolFiltersJson(spec),
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: SYMBOL_FEATURES.defaultSelfTradePreventionMode,
    allowedSelfTradePreventionModes: [...SYMBOL_FEATURES.allowedSelfTradePreventionModes],
  };
}

/** The whole GET /api/v3/exchangeInfo body. */
export function exchangeInfoJson(
  specs: readonly SymbolSpec[],
  limits: RateLimitConfig,
  serverTime: number,
  status: 'TRADING' | 'BREAK',
): Record<string, unknown> {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: rateLimitsJson(limits),
    exchangeFilters: [],
    symbols: specs.map((s) => symbolInfoJson(s, status)),
    sors: [],
  };
}
