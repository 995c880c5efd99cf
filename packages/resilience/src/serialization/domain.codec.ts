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
const d = (v: unknown): Decimal | undefined => (v === undefined || v === null ? undefined : dec(String(v)));
const req = (v: unknown, field: string): Decimal => {
  if (v === undefined || v === null) throw new Error(`codec: missing decimal field ${field}`);
  return dec(String(v));
};

/** Drops undefined values so that encode/decode round trips compare equal. */
function compact<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

type R = Record<string, unknown>;

export function encodeInstrument(i: Instrument): JsonObject {
  return compact({
    ...i, tickSize: s(i.tickSize), stepSize: s(i.stepSize), minQuantity: s(i.minQuantity), minNotional: s(i.minNotional),
    multiplier: s(i.multiplier), strike: s(i.strike),
  }) as JsonObject;
}

export function decodeInstrument(j: R): Instrument {
  return compact({
    ...(j as unknown as Instrument), tickSize: req(j.tickSize, 'tickSize'), stepSize: req(j.stepSize, 'stepSize'),
    minQuantity: d(j.minQuantity), minNotional: d(j.minNotional), multiplier: req(j.multiplier, 'multiplier'), strike: d(j.strike),
  });
}

function encodeBracket(b: BracketRequest | undefined): JsonObject | undefined {
  if (!b) return undefined;
  return compact({
    takeProfit: b.takeProfit ? { limitPrice: b.takeProfit.limitPrice.toString() } : undefined,
    stopLoss: b.stopLoss ? compact({ stopPrice: b.stopLoss.stopPrice.toString(), limitPrice: s(b.stopLoss.limitPrice) }) : undefined,
  }) as JsonObject;
}

function decodeBracket(j: R | undefined): BracketRequest | undefined {
  if (!j) return undefined;
  const tp = j.takeProfit as R | undefined;
  const sl = j.stopLoss as R | undefined;
  return compact({
    takeProfit: tp ? { limitPrice: req(tp.limitPrice, 'bracket.takeProfit.limitPrice') } : undefined,
    stopLoss: sl ? compact({ stopPrice: req(sl.stopPrice, 'bracket.stopLoss.stopPrice'), limitPrice: d(sl.limitPrice) }) : undefined,
  });
}

/** Encodes an OrderRequest (or a user's OrderRequestInput, whose id and time in force may be absent). */
export function encodeOrderRequest(r: OrderRequest | OrderRequestInput): JsonObject {
  return compact({
    ...r, instrument: encodeInstrument(r.instrument), quantity: r.quantity.toString(), limitPrice: s(r.limitPrice),
    stopPrice: s(r.stopPrice), trailingAmount: s(r.trailingAmount), trailingPercent: s(r.trailingPercent),
    trailingLimitOffset: s(r.trailingLimitOffset), bracket: encodeBracket(r.bracket),
  }) as JsonObject;
}

export function decodeOrderRequest(j: R): OrderRequest {
  return compact({
    ...(j as unknown as OrderRequest), instrument: decodeInstrument(j.instrument as R), quantity: req(j.quantity, 'quantity'),
    limitPrice: d(j.limitPrice), stopPrice: d(j.stopPrice), trailingAmount: d(j.trailingAmount),
    trailingPercent: d(j.trailingPercent), trailingLimitOffset: d(j.trailingLimitOffset), bracket: decodeBracket(j.bracket as R | undefined),
  });
}

export function encodeOrder(o: Order): JsonObject {
  return compact({
    ...o, request: encodeOrderRequest(o.request), filledQuantity: o.filledQuantity.toString(),
    remainingQuantity: o.remainingQuantity.toString(), averageFillPrice: s(o.averageFillPrice),
  }) as JsonObject;
}

export function decodeOrder(j: R): Order {
  return compact({
    ...(j as unknown as Order), request: decodeOrderRequest(j.request as R), filledQuantity: req(j.filledQuantity, 'filledQuantity'),
    remainingQuantity: req(j.remainingQuantity, 'remainingQuantity'), averageFillPrice: d(j.averageFillPrice),
  });
}

export function encodeFill(f: Fill): JsonObject {
  return compact({ ...f, quantity: f.quantity.toString(), price: f.price.toString(), commission: f.commission.toString() }) as JsonObject;
}

export function decodeFill(j: R): Fill {
  return compact({
    ...(j as unknown as Fill), quantity: req(j.quantity, 'quantity'), price: req(j.price, 'price'), commission: req(j.commission, 'commission'),
  });
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
    unrealizedPnl: req(j.unrealizedPnl, 'unrealizedPnl'), marketPrice: d(j.marketPrice),
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
