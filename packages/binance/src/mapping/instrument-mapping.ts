import { Decimal, dec, type Instrument } from '@silvertine/core';
import type { RawExchangeInfo, RawFilter, RawRateLimit, RawSymbolInfo } from './binance-types';

/** Venue rules beyond what `Instrument` carries, checked before an order is sent (see filter-check.ts). */
export interface SymbolRules {
  readonly symbol: string;
  readonly trading: boolean;
  readonly orderTypes: readonly string[];
  readonly minPrice?: Decimal;
  readonly maxPrice?: Decimal;
  readonly maxQuantity?: Decimal;
  readonly maxNotional?: Decimal;
  /** Whether NOTIONAL's minimum applies to MARKET orders (applyMinToMarket / MIN_NOTIONAL.applyToMarket). */
  readonly minNotionalAppliesToMarket: boolean;
  readonly maxNumOrders?: number;
  /**
   * The TRAILING_DELTA filter, in basis points (filters.md): `above` bounds the orders whose trigger lies above
   * the market (a BUY STOP_LOSS, a SELL TAKE_PROFIT), `below` those whose trigger lies below it (a SELL STOP_LOSS).
   */
  readonly trailingDelta?: { readonly above: BipsRange; readonly below: BipsRange };
}

/** An inclusive range of basis points. */
export interface BipsRange {
  readonly min: number;
  readonly max: number;
}

/** Limits of the account's rate-limit windows, from exchangeInfo.rateLimits. */
export interface RateLimitSeeds {
  readonly requestWeightPerMinute?: number;
  readonly ordersPer10s?: number;
  readonly ordersPerDay?: number;
}

// A filter disabled by Binance has "0" as its value; "0" is not a usable step, so it maps to undefined.
function positive(filter: RawFilter | undefined, field: string): Decimal | undefined {
  const raw = filter?.[field];
  if (typeof raw !== 'string') return undefined;
  const value = dec(raw);
  return value.isPositive() ? value : undefined;
}

const FALLBACK_STEP = dec('0.00000001');

/** exchangeInfo symbol → core Instrument (tick, step, min quantity and min notional from its filters). */
export function toInstrument(info: RawSymbolInfo): Instrument {
  const f = filtersOf(info);
  const minNotional = positive(f.NOTIONAL, 'minNotional') ?? positive(f.MIN_NOTIONAL, 'minNotional');
  return {
    symbol: info.symbol,
    venueSymbol: info.symbol,
    assetClass: 'CRYPTO',
    baseAsset: info.baseAsset,
    quoteAsset: info.quoteAsset,
    tickSize: positive(f.PRICE_FILTER, 'tickSize') ?? FALLBACK_STEP,
    stepSize: positive(f.LOT_SIZE, 'stepSize') ?? FALLBACK_STEP,
    minQuantity: positive(f.LOT_SIZE, 'minQty'),
    minNotional,
    multiplier: Decimal.ONE,
    exchange: 'BINANCE',
  };
}

/** exchangeInfo symbol → the rules core's validator does not cover. */
export function toSymbolRules(info: RawSymbolInfo): SymbolRules {
  const f = filtersOf(info);
  const applyToMarket = f.NOTIONAL ? f.NOTIONAL.applyMinToMarket !== false : f.MIN_NOTIONAL?.applyToMarket !== false;
  const maxNum = f.MAX_NUM_ORDERS?.maxNumOrders;
  return {
    symbol: info.symbol,
    trading: info.status === 'TRADING',
    orderTypes: info.orderTypes ?? [],
    minPrice: positive(f.PRICE_FILTER, 'minPrice'),
    maxPrice: positive(f.PRICE_FILTER, 'maxPrice'),
    maxQuantity: positive(f.LOT_SIZE, 'maxQty'),
    maxNotional: positive(f.NOTIONAL, 'maxNotional'),
    minNotionalAppliesToMarket: applyToMarket,
    maxNumOrders: typeof maxNum === 'number' ? maxNum : undefined,
    trailingDelta: trailingDeltaRule(f.TRAILING_DELTA),
  };
}

function trailingDeltaRule(filter: RawFilter | undefined): SymbolRules['trailingDelta'] {
  if (!filter) return undefined;
  const n = (field: string): number | undefined => (typeof filter[field] === 'number' ? (filter[field] as number) : undefined);
  const [minA, maxA, minB, maxB] = [n('minTrailingAboveDelta'), n('maxTrailingAboveDelta'), n('minTrailingBelowDelta'), n('maxTrailingBelowDelta')];
  if (minA === undefined || maxA === undefined || minB === undefined || maxB === undefined) return undefined;
  return { above: { min: minA, max: maxA }, below: { min: minB, max: maxB } };
}

/** exchangeInfo.rateLimits → the limits the client-side limiter starts from. */
export function toRateLimitSeeds(limits: readonly RawRateLimit[]): RateLimitSeeds {
  const find = (type: RawRateLimit['rateLimitType'], interval: RawRateLimit['interval'], num: number) =>
    limits.find((l) => l.rateLimitType === type && l.interval === interval && l.intervalNum === num)?.limit;
  return {
    requestWeightPerMinute: find('REQUEST_WEIGHT', 'MINUTE', 1),
    ordersPer10s: find('ORDERS', 'SECOND', 10),
    ordersPerDay: find('ORDERS', 'DAY', 1),
  };
}

/** Every symbol of an exchangeInfo answer, as instruments and rules keyed by symbol. */
export function mapExchangeInfo(info: RawExchangeInfo): { instruments: Map<string, Instrument>; rules: Map<string, SymbolRules>; rateLimits: RateLimitSeeds } {
  const instruments = new Map<string, Instrument>();
  const rules = new Map<string, SymbolRules>();
  for (const s of info.symbols) {
    instruments.set(s.symbol, toInstrument(s));
    rules.set(s.symbol, toSymbolRules(s));
  }
  return { instruments, rules, rateLimits: toRateLimitSeeds(info.rateLimits ?? []) };
}

function filtersOf(info: RawSymbolInfo): Partial<Record<string, RawFilter>> {
  return Object.fromEntries((info.filters ?? []).map((f) => [f.filterType, f]));
}
