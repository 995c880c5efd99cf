import { Decimal, ORDER_TYPE_TRAITS, type OrderRequest, type OrderStatus } from '@silvertine/core';
import type { EngineOrder } from './engine-events';

/**
 * The engine's mutable working state for one order. Never handed out: callers get `EngineOrder`
 * snapshots from `snapshotOf`, so nothing outside the engine can change an order.
 */
export interface OrderRecord {
  /** The request as last amended (the original object is never mutated). */
  request: OrderRequest;
  readonly venueOrderId: string;
  /** Time priority: lower is earlier. Renewed when an amend loses priority. */
  seq: number;
  readonly createdAt: number;
  updatedAt: number;
  status: OrderStatus;
  filled: Decimal;
  /** Σ price × quantity over fills, for the average fill price. */
  notional: Decimal;
  /** Σ price × quantity × multiplier over fills, for commission minimums and caps. */
  value: Decimal;
  commission: Decimal;
  /** The average fill price once known: the first fill's price, or `notional / filled` cached by `snapshotOf`. */
  averagePrice?: Decimal;
  triggered: boolean;
  /** Stop price in force (trailing stops move it). */
  stopPrice?: Decimal;
  /** Best price seen since submission, for trailing stops. */
  anchor?: Decimal;
  /** TRAILING_STOP_LIMIT: the limit set when it triggered (the stop ± trailingLimitOffset). */
  triggeredLimit?: Decimal;
  expiresAt?: number;
  rejectReason?: string;
}

/** Builds an immutable snapshot of a record. */
export function snapshotOf(rec: OrderRecord): EngineOrder {
  const quantity = rec.request.quantity;
  return {
    request: rec.request,
    clientOrderId: rec.request.clientOrderId,
    status: rec.status,
    venueOrderId: rec.venueOrderId,
    filledQuantity: rec.filled,
    remainingQuantity: quantity.minus(rec.filled),
    averageFillPrice: rec.filled.isZero() ? undefined : (rec.averagePrice ??= rec.notional.div(rec.filled)),
    createdAt: rec.createdAt,
    updatedAt: rec.updatedAt,
    rejectReason: rec.rejectReason,
    triggered: rec.triggered,
    currentStopPrice: rec.stopPrice,
    totalCommission: rec.commission,
    expiresAt: rec.expiresAt,
  };
}

/** Remaining quantity of a record. */
export function remainingOf(rec: OrderRecord): Decimal {
  return rec.request.quantity.minus(rec.filled);
}

/** True for stop, take-profit and trailing orders that have not triggered yet. */
export function isAwaitingTrigger(rec: OrderRecord): boolean {
  return !rec.triggered && ORDER_TYPE_TRAITS[rec.request.type].trigger !== undefined;
}

/**
 * The limit price an active order is bound by: LIMIT, STOP_LIMIT and TAKE_PROFIT_LIMIT carry theirs, a
 * triggered TRAILING_STOP_LIMIT the one set at its trigger; MARKET and the triggered STOP, TAKE_PROFIT and
 * TRAILING_STOP have none (they take whatever the market offers).
 */
export function activeLimitOf(rec: OrderRecord): Decimal | undefined {
  const t = rec.request.type;
  if (t === 'MARKET') return undefined; // the hot path: decided without a table lookup
  if (t === 'TRAILING_STOP_LIMIT') return rec.triggeredLimit;
  return ORDER_TYPE_TRAITS[t].limit ? rec.request.limitPrice : undefined;
}

/**
 * A new record for an accepted order. Every field is written, the optional ones as undefined: one object
 * shape for all records, whatever is set on them later (an expiry, a trigger).
 */
export function newRecord(request: OrderRequest, venueOrderId: string, seq: number, now: number): OrderRecord {
  return {
    request,
    venueOrderId,
    seq,
    createdAt: now,
    updatedAt: now,
    status: 'ACCEPTED',
    filled: Decimal.ZERO,
    notional: Decimal.ZERO,
    value: Decimal.ZERO,
    commission: Decimal.ZERO,
    averagePrice: undefined,
    triggered: false,
    stopPrice: request.stopPrice,
    anchor: undefined,
    triggeredLimit: undefined,
    expiresAt: undefined,
    rejectReason: undefined,
  };
}
