import { Decimal, isOpenStatus, type Order, type OrderSide } from '@silvertine/core';
import type { Tally } from '../harness/scenario.types';

/** One execution as the venue recorded it. */
export interface VenueTrade {
  readonly tradeId: string;
  readonly quantity: Decimal;
}

/** One order as the venue recorded it, keyed by our clientOrderId. */
export interface VenueOrder {
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly open: boolean;
  readonly filled: Decimal;
  readonly trades: readonly VenueTrade[];
}

/** The venue's record: its orders, and how many placements it received per clientOrderId. */
export interface VenueSnapshot {
  readonly orders: ReadonlyMap<string, VenueOrder>;
  readonly received: ReadonlyMap<string, number>;
}

/** What our side believes after the scenario (the last broker instance, after reconciliation). */
export interface LocalView {
  /** Every order the broker tracks, by clientOrderId. */
  readonly orders: ReadonlyMap<string, Order>;
  /** tradeIds the broker applied, with how many times each was applied (by this broker instance). */
  readonly fillCounts: ReadonlyMap<string, number>;
  /** Fill quantity per tradeId applied locally (inferred fills included). */
  readonly fillQuantities: ReadonlyMap<string, Decimal>;
}

/** Input to the oracle. */
export interface OracleInput {
  /** Every clientOrderId the scenario meant to send (each at most once). */
  readonly intents: ReadonlySet<string>;
  readonly venue: VenueSnapshot;
  readonly local: LocalView;
}

/** The oracle's figures (without injections). */
export type OracleFigures = Omit<Tally, 'injections'>;

/**
 * Compares the venue's record with what we believe. Positions are compared from fills (signed quantity
 * per symbol), so that seeds, balances and commissions of the adapters do not blur the picture.
 */
export function judge({ intents, venue, local }: OracleInput): OracleFigures {
  let duplicateOrders = 0;
  let orphanOrders = 0;
  let lostFills = 0;
  let duplicateFills = 0;
  let unresolved = 0;

  for (const [clientOrderId, count] of venue.received) {
    if (count > 1) duplicateOrders += count - 1;
    // An order no intent asked for: something generated a new id for an intent already sent.
    if (!intents.has(clientOrderId)) duplicateOrders += 1;
  }
  for (const n of local.fillCounts.values()) if (n > 1) duplicateFills += n - 1;

  for (const v of venue.orders.values()) {
    const mine = local.orders.get(v.clientOrderId);
    if (!mine) {
      if (v.open || v.filled.isPositive()) orphanOrders++;
      if (v.filled.isPositive()) lostFills += v.trades.length;
      continue;
    }
    if (v.open && !isOpenStatus(mine.status)) orphanOrders++;
    // Closed there (or UNKNOWN here) while we still think it may work.
    else if (!v.open && isOpenStatus(mine.status)) unresolved++;
    else if (mine.status === 'UNKNOWN') unresolved++;
    if (mine.filledQuantity.lt(v.filled)) {
      // Trades the broker has not applied under their own id; at least one is missing.
      const missing = v.trades.filter((t) => !local.fillCounts.has(t.tradeId)).length;
      lostFills += Math.max(1, missing);
    } else if (mine.filledQuantity.gt(v.filled)) {
      duplicateFills += 1;
    }
  }
  for (const mine of local.orders.values()) {
    if (venue.orders.has(mine.clientOrderId)) continue;
    // Believed live, unresolved or filled here, never seen there.
    if (isOpenStatus(mine.status) || mine.filledQuantity.isPositive()) unresolved++;
  }

  const positionMismatches = comparePositionsFromFills(venue, local);
  return { duplicateOrders, orphanOrders, lostFills, duplicateFills, positionMismatches, unresolved };
}

/** One line describing what the oracle compared (so a green row is seen to have exercised something). */
export function describeComparison({ venue, local }: OracleInput): string {
  const trades = [...venue.orders.values()].reduce((n, o) => n + o.trades.length, 0);
  const open = [...venue.orders.values()].filter((o) => o.open).length;
  return `oracle: venue ${venue.orders.size} orders (${open} open), ${trades} executions; local ${local.orders.size} orders, ${local.fillCounts.size} fills`;
}

/** Net signed quantity per symbol from filled quantities, venue vs local; returns the symbols that differ. */
export function comparePositionsFromFills(venue: VenueSnapshot, local: LocalView): number {
  const net = (rows: Iterable<{ symbol: string; side: OrderSide; filled: Decimal }>) => {
    const m = new Map<string, Decimal>();
    for (const r of rows) m.set(r.symbol, (m.get(r.symbol) ?? Decimal.ZERO).plus(r.side === 'BUY' ? r.filled : r.filled.negated()));
    return m;
  };
  const v = net(venue.orders.values());
  const l = net([...local.orders.values()].map((o) => ({ symbol: o.request.instrument.symbol, side: o.request.side, filled: o.filledQuantity })));
  let mismatches = 0;
  for (const symbol of new Set([...v.keys(), ...l.keys()])) {
    if (!(v.get(symbol) ?? Decimal.ZERO).eq(l.get(symbol) ?? Decimal.ZERO)) mismatches++;
  }
  return mismatches;
}
