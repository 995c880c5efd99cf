import { dec, type Decimal } from '@silvertine/core';
import type {
  BookLevel, BracketRequest, BrokerPosition, Fill, Instrument, MarketData, Order, OrderBookSnapshot, OrderRequest, OrderRequestInput,
} from '@silvertine/core';

/**
 * Lossless JSON codecs for the domain types that journals and streams persist. Every Decimal becomes its
 * exact string and comes back through `dec()`; field lists are explicit (not guessed from key names) so a
 * user tag called "price" can never be mistaken for money.
 */

/** A JSON value as stored. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** A JSON object as stored. */
export type JsonObject = { [key: string]: Json };

const s = (d: Decimal | undefined): string | undefined => (d === undefined ? undefined : d.toString());

/**
 * Interns what one bulk decode (a journal replay) produces over and over: Decimals by their text (the same
 * prices, quantities and tick sizes recur) and instruments by their stored fields. Values are immutable, so
 * sharing them is safe; both maps are bounded. Without one, every field is decoded afresh.
 */
export class DecodeCache {
  private readonly decimals = new Map<string, Decimal>();
  private readonly instruments = new Map<string, Instrument>();
  private lastStored?: R;
  private lastFieldCount = 0;
  private lastDecoded?: Instrument;

  constructor(private readonly maxEntries = 10_000) {}

  decimal(text: string): Decimal {
    let value = this.decimals.get(text);
    if (value === undefined) {
      value = dec(text);
      if (this.decimals.size < this.maxEntries) this.decimals.set(text, value);
    }
    return value;
  }

  /** The instrument stored as `j`, decoded once per distinct content (fields that are not scalars are not interned). */
  instrument(j: Record<string, unknown>, decode: (j: Record<string, unknown>) => Instrument): Instrument {
    // Most records name the instrument of the record before: compared field by field, no key built.
    if (this.lastStored && this.lastDecoded && sameScalars(this.lastStored, this.lastFieldCount, j)) return this.lastDecoded;
    let key = '';
    let fields = 0;
    for (const field in j) {
      const value = j[field];
      if (typeof value === 'object' && value !== null) return decode(j);
      // JSON text of each field and scalar: distinct instruments never share a key.
      key += `${JSON.stringify(field)}:${typeof value === 'string' ? JSON.stringify(value) : String(value)},`;
      fields++;
    }
    let instrument = this.instruments.get(key);
    if (instrument === undefined) {
      instrument = decode(j);
      if (this.instruments.size < this.maxEntries) this.instruments.set(key, instrument);
    }
    this.lastStored = j;
    this.lastFieldCount = fields;
    this.lastDecoded = instrument;
    return instrument;
  }
}

/** `b` has exactly the `count` fields of `a`, each the same scalar. */
function sameScalars(a: R, count: number, b: R): boolean {
  let n = 0;
  for (const field in b) {
    const value = b[field];
    if (a[field] !== value || (typeof value === 'object' && value !== null)) return false;
    n++;
  }
  return n === count;
}

/** A stored value that does not decode; `field` names it (its contents are never quoted: untrusted input). */
export class CodecFieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(`codec: ${field} ${message}`);
    this.name = 'CodecFieldError';
  }
}

function toDecimal(v: unknown, field: string, cache: DecodeCache | undefined): Decimal {
  if (typeof v !== 'string' && typeof v !== 'number') throw new CodecFieldError(field, `is not a decimal (${v === null ? 'null' : typeof v})`);
  try {
    return cache && typeof v === 'string' ? cache.decimal(v) : dec(String(v));
  } catch {
    throw new CodecFieldError(field, 'is not a valid decimal');
  }
}
const req = (v: unknown, field: string, cache?: DecodeCache): Decimal => {
  if (v === undefined || v === null) throw new CodecFieldError(field, 'is missing (a required decimal)');
  return toDecimal(v, field, cache);
};

/**
 * A copy of `j` with its decimal fields decoded: `required` must be there, `optional` are dropped when
 * absent or null. Assigned onto one spread copy (no intermediate objects, no deletes).
 */
function withDecimals(j: R, required: readonly string[], optional: readonly string[], cache: DecodeCache | undefined): R {
  if (typeof j !== 'object' || j === null) throw new CodecFieldError(required[0], 'has no enclosing object');
  const out: R = { ...j };
  for (const field of required) out[field] = req(j[field], field, cache);
  for (const field of optional) {
    const v = j[field];
    if (v === undefined) continue;
    out[field] = v === null ? undefined : toDecimal(v, field, cache);
  }
  return compact(out);
}

/**
 * Without the undefined values, so that encode/decode round trips compare equal. A copy rather than
 * `delete` in place: deleting turns an object into a slow dictionary, for every later read and for GC.
 */
function compact<T extends Record<string, unknown>>(value: T): T {
  let hasUndefined = false;
  for (const key in value) {
    if (value[key] === undefined) {
      hasUndefined = true;
      break;
    }
  }
  if (!hasUndefined) return value;
  const out: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out as T;
}

type R = Record<string, unknown>;

/**
 * A copy of `v` with its decimal fields as exact strings; absent (or undefined) optional ones are left
 * out. Assigned onto one spread copy, as withDecimals decodes them.
 */
function decimalsAsText(v: object, required: readonly string[], optional: readonly string[]): R {
  const out: R = { ...v };
  const source = v as R;
  for (const field of required) out[field] = String(source[field]);
  for (const field of optional) if (source[field] !== undefined) out[field] = String(source[field]);
  return compact(out);
}

/** Instruments are immutable and few: each one's encoding is made once (and frozen: it is shared). */
const encodedInstruments = new WeakMap<Instrument, JsonObject>();

export function encodeInstrument(i: Instrument): JsonObject {
  let encoded = encodedInstruments.get(i);
  if (encoded === undefined) {
    encoded = Object.freeze(decimalsAsText(i, INSTRUMENT_DECIMALS, INSTRUMENT_OPTIONAL_DECIMALS)) as JsonObject;
    encodedInstruments.set(i, encoded);
  }
  return encoded;
}

const INSTRUMENT_DECIMALS = ['tickSize', 'stepSize', 'multiplier'] as const;
const INSTRUMENT_OPTIONAL_DECIMALS = ['minQuantity', 'minNotional', 'strike'] as const;

export function decodeInstrument(j: R, cache?: DecodeCache): Instrument {
  if (cache) return cache.instrument(j, decodeInstrumentFields);
  return decodeInstrumentFields(j);
}

function decodeInstrumentFields(j: R): Instrument {
  return withDecimals(j, INSTRUMENT_DECIMALS, INSTRUMENT_OPTIONAL_DECIMALS, undefined) as unknown as Instrument;
}

function encodeBracket(b: BracketRequest | undefined): JsonObject | undefined {
  if (!b) return undefined;
  return compact({
    takeProfit: b.takeProfit ? { limitPrice: b.takeProfit.limitPrice.toString() } : undefined,
    stopLoss: b.stopLoss ? compact({ stopPrice: b.stopLoss.stopPrice.toString(), limitPrice: s(b.stopLoss.limitPrice) }) : undefined,
  }) as JsonObject;
}

function decodeBracket(j: R | undefined | null, cache?: DecodeCache): BracketRequest | undefined {
  if (!j) return undefined;
  const tp = j.takeProfit as R | undefined;
  const sl = j.stopLoss as R | undefined;
  return compact({
    takeProfit: tp ? { limitPrice: req(tp.limitPrice, 'bracket.takeProfit.limitPrice', cache) } : undefined,
    stopLoss: sl ? compact({ stopPrice: req(sl.stopPrice, 'bracket.stopLoss.stopPrice', cache), limitPrice: sl.limitPrice == null ? undefined : toDecimal(sl.limitPrice, 'bracket.stopLoss.limitPrice', cache) }) : undefined,
  });
}

/** Encodes an OrderRequest (or a user's OrderRequestInput, whose id and time in force may be absent). */
export function encodeOrderRequest(r: OrderRequest | OrderRequestInput): JsonObject {
  const out = decimalsAsText(r, REQUEST_DECIMALS, REQUEST_OPTIONAL_DECIMALS);
  out.instrument = encodeInstrument(r.instrument);
  if (r.bracket !== undefined) out.bracket = encodeBracket(r.bracket);
  return compact(out) as JsonObject;
}

const REQUEST_DECIMALS = ['quantity'] as const;
const REQUEST_OPTIONAL_DECIMALS = ['limitPrice', 'stopPrice', 'trailingAmount', 'trailingPercent', 'trailingLimitOffset'] as const;

export function decodeOrderRequest(j: R, cache?: DecodeCache): OrderRequest {
  const out = withDecimals(j, REQUEST_DECIMALS, REQUEST_OPTIONAL_DECIMALS, cache);
  if (typeof j.instrument !== 'object' || j.instrument === null) throw new CodecFieldError('instrument', 'is missing');
  out.instrument = decodeInstrument(j.instrument as R, cache);
  if (j.bracket != null) out.bracket = decodeBracket(j.bracket as R, cache);
  else if ('bracket' in out) delete out.bracket; // null: the object is a fresh copy, shaped once
  return out as unknown as OrderRequest;
}

export function encodeOrder(o: Order): JsonObject {
  const out = decimalsAsText(o, ORDER_DECIMALS, ORDER_OPTIONAL_DECIMALS);
  out.request = encodeOrderRequest(o.request);
  return out as JsonObject;
}

const ORDER_DECIMALS = ['filledQuantity', 'remainingQuantity'] as const;
const ORDER_OPTIONAL_DECIMALS = ['averageFillPrice'] as const;

export function decodeOrder(j: R, cache?: DecodeCache): Order {
  const out = withDecimals(j, ORDER_DECIMALS, ORDER_OPTIONAL_DECIMALS, cache);
  if (typeof j.request !== 'object' || j.request === null) throw new CodecFieldError('request', 'is missing');
  out.request = decodeOrderRequest(j.request as R, cache);
  return out as unknown as Order;
}

export function encodeFill(f: Fill): JsonObject {
  return compact({ ...f, quantity: f.quantity.toString(), price: f.price.toString(), commission: f.commission.toString() }) as JsonObject;
}

const FILL_DECIMALS = ['quantity', 'price', 'commission'] as const;

export function decodeFill(j: R, cache?: DecodeCache): Fill {
  return withDecimals(j, FILL_DECIMALS, [], cache) as unknown as Fill;
}

export function encodePosition(p: BrokerPosition): JsonObject {
  return compact({
    ...p, instrument: encodeInstrument(p.instrument), quantity: p.quantity.toString(), averagePrice: p.averagePrice.toString(),
    realizedPnl: p.realizedPnl.toString(), unrealizedPnl: p.unrealizedPnl.toString(), marketPrice: s(p.marketPrice),
  }) as JsonObject;
}

export function decodePosition(j: R): BrokerPosition {
  return compact({
    ...(j as unknown as BrokerPosition), instrument: decodeInstrument(j.instrument as R), quantity: req(j.quantity, 'quantity'),
    averagePrice: req(j.averagePrice, 'averagePrice'), realizedPnl: req(j.realizedPnl, 'realizedPnl'),
    unrealizedPnl: req(j.unrealizedPnl, 'unrealizedPnl'), marketPrice: j.marketPrice == null ? undefined : toDecimal(j.marketPrice, 'marketPrice', undefined),
  });
}

const MARKET_DATA_DECIMALS: Record<Exclude<MarketData['kind'], 'book'>, readonly string[]> = {
  quote: ['bid', 'bidSize', 'ask', 'askSize'],
  trade: ['price', 'size'],
  bar: ['open', 'high', 'low', 'close', 'volume'],
};

/** Book levels as [price, size] string pairs, the shape venues send them in. */
function encodeLevels(levels: readonly BookLevel[]): string[][] {
  return levels.map((l) => [l.price.toString(), l.size.toString()]);
}

function decodeLevels(j: unknown, field: string): BookLevel[] {
  if (!Array.isArray(j)) throw new Error(`codec: ${field} must be an array of [price, size]`);
  return j.map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw new Error(`codec: ${field}[${i}] must be [price, size]`);
    return { price: req(pair[0], `${field}[${i}].price`), size: req(pair[1], `${field}[${i}].size`) };
  });
}

export function encodeMarketData(m: MarketData): JsonObject {
  if (m.kind === 'book') return compact({ ...m, bids: encodeLevels(m.bids), asks: encodeLevels(m.asks) }) as unknown as JsonObject;
  const out: R = { ...m };
  for (const key of MARKET_DATA_DECIMALS[m.kind]) out[key] = String(out[key]);
  return out as JsonObject;
}

export function decodeMarketData(j: R): MarketData {
  const kind = j.kind as MarketData['kind'];
  if (kind === 'book') return { ...(j as unknown as OrderBookSnapshot), bids: decodeLevels(j.bids, 'bids'), asks: decodeLevels(j.asks, 'asks') };
  const fields = MARKET_DATA_DECIMALS[kind];
  if (!fields) throw new Error(`codec: unknown market data kind ${String(kind)}`);
  const out: R = { ...j };
  for (const key of fields) out[key] = req(j[key], key);
  return out as unknown as MarketData;
}
