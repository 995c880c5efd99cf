import { Decimal, ORDER_TYPE_TRAITS, type OrderRequest, type OrderType, type TimeInForce } from '@silvertine/core';
import type { OpenOrderFields } from '../protocol/open-order.encoder';
import type { OrderStatusFields } from '../protocol/server-messages.encoder';
import type { ContractSpec, PlacedOrder, TwsOrderStatus } from '../protocol/wire-types';
import { toInstrument } from './contract-table';

/** Why an order is not yet working: waiting for a transmit=true order of its group, or for its parent to fill. */
export type HoldReason = 'transmit' | 'parent';

/** One order at the emulated TWS. Mutable: the venue owns it and reports every change. */
export interface TwsOrder {
  readonly orderId: number;
  readonly clientId: number;
  readonly permId: number;
  readonly contract: ContractSpec;
  readonly account: string;
  readonly action: 'BUY' | 'SELL';
  totalQuantity: Decimal;
  readonly orderType: string;
  lmtPrice?: Decimal;
  auxPrice?: Decimal;
  readonly tif: string;
  readonly ocaGroup: string;
  readonly ocaType: number;
  readonly parentId: number;
  readonly outsideRth: boolean;
  readonly goodTillDate: string;
  readonly trailStopPrice?: Decimal;
  readonly trailingPercent?: Decimal;
  /** TRAIL LIMIT: the limit's distance beyond the triggered stop. */
  lmtPriceOffset?: Decimal;
  readonly orderRef: string;
  status: TwsOrderStatus;
  held?: HoldReason;
  filled: Decimal;
  /** Σ quantity × price of the fills, for the average price. */
  filledValue: Decimal;
  lastFillPrice: Decimal;
  commission: Decimal;
  /** The matcher's id for the current working version (a modification resubmits under a new one). */
  engineId?: string;
  version: number;
  /** When the order reached a final state (epoch ms), for REQ_COMPLETED_ORDERS. */
  completedAt?: number;
  /** Why it ended as it did (COMPLETED_ORDER's completedStatus). */
  completedStatus?: string;
}

/** Order keys are per client: two clients may use the same order id. */
export function orderKey(clientId: number, orderId: number): string {
  return `${clientId}:${orderId}`;
}

/** IB order types the emulator accepts, as the core types the matcher works (MIT/LIT are core's take-profits). */
export const SUPPORTED_ORDER_TYPES: ReadonlyMap<string, OrderType> = new Map([
  ['MKT', 'MARKET'],
  ['LMT', 'LIMIT'],
  ['STP', 'STOP'],
  ['STP LMT', 'STOP_LIMIT'],
  ['MIT', 'TAKE_PROFIT'],
  ['LIT', 'TAKE_PROFIT_LIMIT'],
  ['TRAIL', 'TRAILING_STOP'],
  ['TRAIL LIMIT', 'TRAILING_STOP_LIMIT'],
]);

const TIF: ReadonlyMap<string, TimeInForce> = new Map([
  ['DAY', 'DAY'],
  ['', 'DAY'],
  ['GTC', 'GTC'],
  ['IOC', 'IOC'],
  ['FOK', 'FOK'],
  ['GTD', 'GTD'],
]);

/** True once the order can neither fill nor be cancelled. */
export function isDone(o: TwsOrder): boolean {
  return o.status === 'Filled' || o.status === 'Cancelled' || o.status === 'ApiCancelled' || o.status === 'Inactive';
}

export function remaining(o: TwsOrder): Decimal {
  return o.totalQuantity.minus(o.filled);
}

/** Parses TWS's goodTillDate "yyyyMMdd HH:mm:ss[ zone]" as UTC epoch ms. */
function parseGoodTillDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})[\s-]+(\d{2}):(\d{2}):(\d{2})/.exec(text.trim());
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : undefined;
}

/** Builds the order from a decoded PLACE_ORDER (validated before). */
export function newOrder(clientId: number, orderId: number, permId: number, contract: ContractSpec, account: string, p: PlacedOrder): TwsOrder {
  return {
    orderId, clientId, permId, contract, account,
    action: p.action.toUpperCase() === 'SELL' ? 'SELL' : 'BUY',
    totalQuantity: p.totalQuantity ?? Decimal.ZERO,
    orderType: p.orderType.toUpperCase(),
    lmtPrice: p.lmtPrice,
    auxPrice: p.auxPrice,
    tif: p.tif.toUpperCase() || 'DAY',
    ocaGroup: p.ocaGroup,
    ocaType: p.ocaType,
    parentId: p.parentId,
    outsideRth: p.outsideRth,
    goodTillDate: p.goodTillDate,
    trailStopPrice: p.trailStopPrice,
    trailingPercent: p.trailingPercent,
    lmtPriceOffset: p.lmtPriceOffset,
    orderRef: p.orderRef,
    status: 'PreSubmitted',
    filled: Decimal.ZERO,
    filledValue: Decimal.ZERO,
    lastFillPrice: Decimal.ZERO,
    commission: Decimal.ZERO,
    version: 0,
  };
}

/**
 * A TRAIL LIMIT's limit offset: lmtPriceOffset, else the distance between an initial stop (trailStopPrice)
 * and lmtPrice on the side that lets it fill, as TWS derives it for orders entered that way.
 */
export function trailLimitOffset(o: Pick<TwsOrder, 'action' | 'lmtPriceOffset' | 'lmtPrice' | 'trailStopPrice'>): Decimal | undefined {
  if (o.lmtPriceOffset !== undefined) return o.lmtPriceOffset;
  if (o.lmtPrice === undefined || o.trailStopPrice === undefined) return undefined;
  return o.action === 'SELL' ? o.trailStopPrice.minus(o.lmtPrice) : o.lmtPrice.minus(o.trailStopPrice);
}

/**
 * The matcher request for the order's remaining quantity, under a fresh engine id. IB's fields map by
 * core's order-type traits: auxPrice is the trigger of STP, STP LMT, MIT and LIT and the trailing amount of
 * TRAIL and TRAIL LIMIT, whose trailStopPrice (if given) is the initial stop.
 */
export function toMatchRequest(o: TwsOrder): OrderRequest {
  o.version += 1;
  o.engineId = `${o.clientId}:${o.orderId}:${o.version}`;
  const type = SUPPORTED_ORDER_TYPES.get(o.orderType) ?? 'MARKET';
  const traits = ORDER_TYPE_TRAITS[type];
  const trailing = traits.trailing;
  return {
    clientOrderId: o.engineId,
    instrument: toInstrument(o.contract),
    side: o.action,
    type,
    quantity: remaining(o),
    limitPrice: traits.requiresLimitPrice ? o.lmtPrice : undefined,
    stopPrice: traits.requiresStopPrice ? o.auxPrice : trailing ? o.trailStopPrice : undefined,
    trailingAmount: trailing && o.trailingPercent === undefined ? o.auxPrice : undefined,
    trailingPercent: trailing ? o.trailingPercent : undefined,
    trailingLimitOffset: type === 'TRAILING_STOP_LIMIT' ? trailLimitOffset(o) : undefined,
    timeInForce: TIF.get(o.tif) ?? 'DAY',
    expireAt: o.tif === 'GTD' ? parseGoodTillDate(o.goodTillDate) : undefined,
    account: o.account,
  };
}

/** ORDER_STATUS fields for the order as it stands. */
export function statusFields(o: TwsOrder): OrderStatusFields {
  return {
    orderId: o.orderId,
    status: o.status,
    filled: o.filled,
    remaining: isDone(o) && o.status !== 'Filled' ? Decimal.ZERO : remaining(o),
    avgFillPrice: o.filled.isZero() ? Decimal.ZERO : o.filledValue.div(o.filled).round(8),
    permId: o.permId,
    parentId: o.parentId,
    lastFillPrice: o.lastFillPrice,
    clientId: o.clientId,
    whyHeld: '',
    mktCapPrice: Decimal.ZERO,
  };
}

/** OPEN_ORDER fields for the order as it stands. */
export function openOrderFields(o: TwsOrder): OpenOrderFields {
  return {
    orderId: o.orderId, contract: o.contract, action: o.action, totalQuantity: o.totalQuantity, orderType: o.orderType,
    lmtPrice: o.lmtPrice, auxPrice: o.auxPrice, tif: o.tif, ocaGroup: o.ocaGroup, account: o.account, orderRef: o.orderRef,
    clientId: o.clientId, permId: o.permId, outsideRth: o.outsideRth, goodTillDate: o.goodTillDate, parentId: o.parentId,
    ocaType: o.ocaType, trailStopPrice: o.trailStopPrice, trailingPercent: o.trailingPercent, lmtPriceOffset: o.lmtPriceOffset, status: o.status,
    commission: o.status === 'Filled' ? o.commission : undefined, commissionCurrency: o.contract.currency,
  };
}
