import { Decimal, type Instrument, type Order, type OrderRequest, type OrderStatus, type OrderType, type TimeInForce } from '@silvertine/core';
import type { IbOpenOrderMessage } from '../decoding/open-order.decoder';
import { onStep } from './numbers';

/** What the mapper needs besides IB's payload. */
export interface OpenOrderContext {
  readonly clientOrderId: string;
  readonly instrument: Instrument;
  readonly now: number;
}

const TYPES: Readonly<Record<string, OrderType>> = {
  MKT: 'MARKET', LMT: 'LIMIT', STP: 'STOP', 'STP LMT': 'STOP_LIMIT', MIT: 'TAKE_PROFIT', LIT: 'TAKE_PROFIT_LIMIT', TRAIL: 'TRAILING_STOP', 'TRAIL LIMIT': 'TRAILING_STOP_LIMIT',
};
const TIFS: Readonly<Record<string, TimeInForce>> = { DAY: 'DAY', GTC: 'GTC', IOC: 'IOC', FOK: 'FOK', GTD: 'GTD' };

/** The clientOrderId of an IB order: our orderRef, else one derived from IB's permId (manual TWS orders). */
export function clientOrderIdOf(order: { readonly orderRef?: string; readonly permId?: number }, orderId: number): string {
  if (order.orderRef) return order.orderRef;
  return order.permId ? `ib-perm-${order.permId}` : `ib-order-${orderId}`;
}

/**
 * IB's status of a listed order as ours. Filled quantity decides between ACCEPTED and the fill-driven
 * states (core adopts those as ACCEPTED and lets the fills move them).
 */
export function venueStatusOf(ibStatus: string | undefined, filled: Decimal, quantity: Decimal): OrderStatus {
  switch (ibStatus) {
    case 'PendingSubmit':
    case 'ApiPending':
      return 'SUBMITTED';
    case 'PendingCancel':
      return 'PENDING_CANCEL';
    case 'Cancelled':
    case 'ApiCancelled':
      return 'CANCELED';
    case 'Inactive':
      return filled.isPositive() ? 'CANCELED' : 'REJECTED';
    case 'Filled':
      return 'FILLED';
    default:
      if (filled.gte(quantity) && quantity.isPositive()) return 'FILLED';
      return filled.isPositive() ? 'PARTIALLY_FILLED' : 'ACCEPTED';
  }
}

/** IB's goodTillDate "YYYYMMDD-HH:MM:SS" / "YYYYMMDD HH:MM:SS[ UTC]" as epoch ms (UTC), else undefined. */
export function parseGoodTillDate(text: string | undefined): number | undefined {
  const m = text ? /^(\d{4})(\d{2})(\d{2})[-\s](\d{2}):(\d{2}):(\d{2})/.exec(text.trim()) : null;
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : undefined;
}

/**
 * The limit offset of a TRAIL LIMIT: lmtPriceOffset when TWS reports it; else, for an order entered with
 * an initial stop and limit (trailStopPrice + lmtPrice, as TWS's own ticket does), the distance between
 * them on the side that lets it fill. Undefined when neither is known or the two are the wrong way round.
 */
export function trailLimitOffsetOf(ib: Pick<IbOpenOrderMessage, 'side' | 'lmtPriceOffset' | 'trailStopPrice' | 'lmtPrice'>, tick: Decimal): Decimal | undefined {
  const offset = ib.lmtPriceOffset && onStep(ib.lmtPriceOffset, tick);
  if (offset) return offset.isNegative() ? undefined : offset;
  const stop = ib.trailStopPrice && onStep(ib.trailStopPrice, tick);
  const limit = ib.lmtPrice && onStep(ib.lmtPrice, tick);
  if (!stop || !limit) return undefined;
  const derived = ib.side === 'SELL' ? stop.minus(limit) : limit.minus(stop);
  return derived.isNegative() ? undefined : derived;
}

/** The type-specific prices of a listed order, or undefined when TWS's fields do not make a valid request. */
function pricesOf(type: OrderType, ib: IbOpenOrderMessage, tick: Decimal): Partial<OrderRequest> | undefined {
  const aux = ib.auxPrice && onStep(ib.auxPrice, tick);
  const limitPrice = ib.lmtPrice && onStep(ib.lmtPrice, tick);
  const trailingPercent = ib.trailingPercent?.isPositive() ? ib.trailingPercent : undefined;
  const trailing = trailingPercent ? { trailingPercent } : { trailingAmount: aux };
  switch (type) {
    case 'MARKET':
      return {};
    case 'LIMIT':
      return { limitPrice };
    case 'STOP':
    case 'TAKE_PROFIT':
      return { stopPrice: aux };
    case 'STOP_LIMIT':
    case 'TAKE_PROFIT_LIMIT':
      return { limitPrice, stopPrice: aux };
    case 'TRAILING_STOP':
      return trailing;
    case 'TRAILING_STOP_LIMIT': {
      const trailingLimitOffset = trailLimitOffsetOf(ib, tick);
      return trailingLimitOffset ? { ...trailing, trailingLimitOffset } : undefined;
    }
  }
}

/**
 * An order TWS lists (reqAllOpenOrders, decoded) as a core Order, or undefined when its type has no core
 * equivalent (MOC, REL, TRAIL LIT...), it is not sized in units, or a TRAIL LIMIT's offset cannot be
 * known: such an order cannot be adopted, and the position check that follows reconciliation fails
 * closed on what it does. Prices round to the instrument's tick.
 */
export function toVenueOrder(open: IbOpenOrderMessage, context: OpenOrderContext): Order | undefined {
  const type = TYPES[open.orderType];
  if (!type || !open.quantity.isPositive()) return undefined;
  const { instrument } = context;
  const prices = pricesOf(type, open, instrument.tickSize);
  if (!prices) return undefined;
  const quantity = onStep(open.quantity, instrument.stepSize);
  const timeInForce = TIFS[open.tif ?? 'DAY'] ?? 'DAY';
  const request: OrderRequest = {
    clientOrderId: context.clientOrderId,
    instrument,
    side: open.side,
    type,
    quantity,
    timeInForce,
    ...prices,
    ...(timeInForce === 'GTD' ? { expireAt: parseGoodTillDate(open.goodTillDate) } : {}),
    ...(open.account ? { account: open.account } : {}),
  };
  const filled = open.filled ? onStep(open.filled, instrument.stepSize) : Decimal.ZERO;
  const average = filled.isPositive() ? open.avgFillPrice : undefined;
  return {
    request,
    clientOrderId: context.clientOrderId,
    status: venueStatusOf(open.status, filled, quantity),
    venueOrderId: String(open.orderId),
    filledQuantity: filled,
    remainingQuantity: Decimal.max(quantity.minus(filled), Decimal.ZERO),
    ...(average ? { averageFillPrice: average } : {}),
    createdAt: context.now,
    updatedAt: context.now,
  };
}

/**
 * An order TWS no longer lists, rebuilt from its executions of the day (reqExecutions carries the
 * orderRef, the contract and cumulative quantities, but not the order's type, price or size). Used
 * for orders that filled while we were away: the executed quantity is taken as the order's size and
 * the order as FILLED. When we still know the order (`known`), its request and size are kept and a
 * partial execution means TWS closed the rest (CANCELED).
 */
export function orderFromExecutions(
  executions: readonly { readonly orderId: number; readonly shares: Decimal; readonly price: Decimal; readonly side: 'BUY' | 'SELL'; readonly account?: string }[],
  context: OpenOrderContext & { readonly known?: Order },
): Order | undefined {
  const [first] = executions;
  if (!first) return undefined;
  const filled = Decimal.sum(executions.map((e) => e.shares));
  const notional = Decimal.sum(executions.map((e) => e.shares.times(e.price)));
  const request: OrderRequest = context.known?.request ?? {
    clientOrderId: context.clientOrderId, instrument: context.instrument, side: first.side, type: 'MARKET', quantity: filled, timeInForce: 'DAY',
    ...(first.account ? { account: first.account } : {}),
  };
  const status: OrderStatus = filled.gte(request.quantity) ? 'FILLED' : 'CANCELED';
  return {
    request, clientOrderId: context.clientOrderId, status, venueOrderId: String(first.orderId),
    filledQuantity: filled, remainingQuantity: Decimal.max(request.quantity.minus(filled), Decimal.ZERO),
    averageFillPrice: filled.isPositive() ? notional.div(filled) : undefined, createdAt: context.now, updatedAt: context.now,
  };
}
