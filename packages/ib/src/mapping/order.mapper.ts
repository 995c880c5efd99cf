import { type OrderRequest, type OrderSide, type TimeInForce } from '@silvertine/core';
import { OrderAction, OrderType, TimeInForce as IbTif, type Order as IbOrder } from '@stoqey/ib';
import { toIbNumber } from './contract.mapper';

/** The role of one IB order in what we send for a single request. */
export type IbOrderRole = 'parent' | 'takeProfit' | 'stopLoss';

/** One IB order to send, in order: `orderId` is allocated by the caller, `clientOrderId` is our id for it. */
export interface IbOrderLeg {
  readonly role: IbOrderRole;
  readonly orderId: number;
  readonly clientOrderId: string;
  readonly order: IbOrder;
}

/** Suffixes of the children's clientOrderIds: `<parent>.tp`, `<parent>.sl`. */
export const CHILD_SUFFIX: Readonly<Record<Exclude<IbOrderRole, 'parent'>, string>> = { takeProfit: '.tp', stopLoss: '.sl' };

/** What the mapper needs besides the request. */
export interface OrderMappingContext {
  /** First IB order id to use; a bracket takes up to three consecutive ids. */
  readonly firstOrderId: number;
  /** Account to book into (multi-account logins need it on every order). */
  readonly account?: string;
}

const TIF: Readonly<Record<TimeInForce, IbTif>> = {
  GTC: IbTif.GTC,
  DAY: IbTif.DAY,
  IOC: IbTif.IOC,
  FOK: IbTif.FOK,
  GTD: IbTif.GTD,
};

/** IB's UTC form of goodTillDate: "YYYYMMDD-HH:MM:SS" (no time zone name needed). */
export function formatGoodTillDate(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2026-01-02T15:04:05.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 19)}`;
}

function action(side: OrderSide): OrderAction {
  return side === 'BUY' ? OrderAction.BUY : OrderAction.SELL;
}

function opposite(side: OrderSide): OrderSide {
  return side === 'BUY' ? 'SELL' : 'BUY';
}

/** The IB fields that carry an entry order's type and prices. */
type EntryFields = Pick<IbOrder, 'orderType' | 'lmtPrice' | 'auxPrice' | 'trailingPercent' | 'lmtPriceOffset'>;

/** IB's trailing distance: auxPrice in price units, or trailingPercent — never both (TWS rejects that). */
function trailingDistance(request: OrderRequest, orderType: OrderType): EntryFields {
  return request.trailingAmount
    ? { orderType, auxPrice: toIbNumber(request.trailingAmount) }
    : { orderType, trailingPercent: toIbNumber(request.trailingPercent!) };
}

/**
 * Type-specific fields of the entry order. Every core OrderType has an IB equivalent, so the switch is
 * exhaustive (the compiler checks it through `never`): TAKE_PROFIT is IB's MIT (market if touched,
 * trigger in auxPrice), TAKE_PROFIT_LIMIT is LIT, TRAILING_STOP_LIMIT is TRAIL LIMIT with the limit
 * offset in lmtPriceOffset (IB works the limit at stop − offset for a sell, stop + offset for a buy,
 * which is core's trailingLimitOffset).
 */
function entryFields(request: OrderRequest): EntryFields {
  const type = request.type;
  switch (type) {
    case 'MARKET':
      return { orderType: OrderType.MKT };
    case 'LIMIT':
      return { orderType: OrderType.LMT, lmtPrice: toIbNumber(request.limitPrice!) };
    case 'STOP':
      return { orderType: OrderType.STP, auxPrice: toIbNumber(request.stopPrice!) };
    case 'STOP_LIMIT':
      return { orderType: OrderType.STP_LMT, lmtPrice: toIbNumber(request.limitPrice!), auxPrice: toIbNumber(request.stopPrice!) };
    case 'TAKE_PROFIT':
      return { orderType: OrderType.MIT, auxPrice: toIbNumber(request.stopPrice!) };
    case 'TAKE_PROFIT_LIMIT':
      return { orderType: OrderType.LIT, lmtPrice: toIbNumber(request.limitPrice!), auxPrice: toIbNumber(request.stopPrice!) };
    case 'TRAILING_STOP':
      return trailingDistance(request, OrderType.TRAIL);
    case 'TRAILING_STOP_LIMIT': {
      const fields = trailingDistance(request, OrderType.TRAIL_LIMIT);
      fields.lmtPriceOffset = toIbNumber(request.trailingLimitOffset!);
      return fields;
    }
    default: {
      const unmapped: never = type;
      return unmapped;
    }
  }
}

/**
 * Maps a request to the IB orders that carry it: one order, or a bracket of parent + take-profit +
 * stop-loss. Bracket legs reference the parent by parentId, share an OCA group (one fill cancels the
 * other), and only the last leg has `transmit: true`, so TWS holds the parent until every child has
 * arrived and no naked entry can fill. Every leg carries its clientOrderId in orderRef, which is how
 * executions are matched to orders after a restart.
 */
export function toIbOrders(request: OrderRequest, context: OrderMappingContext): IbOrderLeg[] {
  if (!request.bracket) return [singleLeg(request, context)];
  const tif = TIF[request.timeInForce];
  const common: Partial<IbOrder> = {
    totalQuantity: toIbNumber(request.quantity),
    tif,
    outsideRth: false,
    ...(context.account ? { account: context.account } : {}),
    ...(request.timeInForce === 'GTD' && request.expireAt !== undefined ? { goodTillDate: formatGoodTillDate(request.expireAt) } : {}),
  };
  const parentId = context.firstOrderId;
  const bracket = request.bracket;
  const children: Array<Omit<IbOrderLeg, 'orderId'>> = [];
  const ocaGroup = `oca-${request.clientOrderId}`;
  const exit = { ...common, action: action(opposite(request.side)), parentId, ocaGroup, ocaType: 1 };
  if (bracket?.takeProfit) {
    const clientOrderId = request.clientOrderId + CHILD_SUFFIX.takeProfit;
    children.push({
      role: 'takeProfit', clientOrderId,
      order: { ...exit, orderType: OrderType.LMT, lmtPrice: toIbNumber(bracket.takeProfit.limitPrice), orderRef: clientOrderId, tif: childTif(tif) },
    });
  }
  if (bracket?.stopLoss) {
    const clientOrderId = request.clientOrderId + CHILD_SUFFIX.stopLoss;
    const { stopPrice, limitPrice } = bracket.stopLoss;
    const priced = limitPrice
      ? { orderType: OrderType.STP_LMT, auxPrice: toIbNumber(stopPrice), lmtPrice: toIbNumber(limitPrice) }
      : { orderType: OrderType.STP, auxPrice: toIbNumber(stopPrice) };
    children.push({ role: 'stopLoss', clientOrderId, order: { ...exit, ...priced, orderRef: clientOrderId, tif: childTif(tif) } });
  }
  const parent: IbOrderLeg = {
    role: 'parent',
    orderId: parentId,
    clientOrderId: request.clientOrderId,
    order: { ...common, action: action(request.side), ...entryFields(request), orderRef: request.clientOrderId, transmit: children.length === 0 } as IbOrder,
  };
  const legs: IbOrderLeg[] = [parent];
  children.forEach((child, i) => {
    const last = i === children.length - 1;
    legs.push({ ...child, orderId: parentId + 1 + i, order: { ...child.order, transmit: last } as IbOrder });
  });
  return legs;
}

/**
 * The one order of a request without a bracket: the hot path of placeOrder, so the IB order is built
 * field by field instead of from spread layers (same fields as the bracket parent, golden-tested).
 */
function singleLeg(request: OrderRequest, context: OrderMappingContext): IbOrderLeg {
  const order = entryFields(request) as IbOrder;
  order.action = action(request.side);
  order.totalQuantity = toIbNumber(request.quantity);
  order.tif = TIF[request.timeInForce];
  order.outsideRth = false;
  if (context.account) order.account = context.account;
  if (request.timeInForce === 'GTD' && request.expireAt !== undefined) order.goodTillDate = formatGoodTillDate(request.expireAt);
  order.orderRef = request.clientOrderId;
  order.transmit = true;
  return { role: 'parent', orderId: context.firstOrderId, clientOrderId: request.clientOrderId, order };
}

/** Exits of an IOC/FOK entry must rest until one of them fills, so they are GTC. */
function childTif(parentTif: IbTif): IbTif {
  return parentTif === IbTif.IOC || parentTif === IbTif.FOK ? IbTif.GTC : parentTif;
}

/** The child requests of a bracket, tracked as orders of their own (`<parent>.tp`, `<parent>.sl`). */
export function bracketChildRequests(request: OrderRequest): OrderRequest[] {
  const out: OrderRequest[] = [];
  const bracket = request.bracket;
  if (!bracket) return out;
  const timeInForce = request.timeInForce === 'IOC' || request.timeInForce === 'FOK' ? 'GTC' : request.timeInForce;
  const base = {
    instrument: request.instrument,
    side: opposite(request.side),
    quantity: request.quantity,
    timeInForce,
    expireAt: timeInForce === 'GTD' ? request.expireAt : undefined,
    account: request.account,
    tags: { ...request.tags, parentClientOrderId: request.clientOrderId },
  };
  if (bracket.takeProfit) {
    out.push({ ...base, clientOrderId: request.clientOrderId + CHILD_SUFFIX.takeProfit, type: 'LIMIT', limitPrice: bracket.takeProfit.limitPrice });
  }
  if (bracket.stopLoss) {
    const { stopPrice, limitPrice } = bracket.stopLoss;
    out.push({ ...base, clientOrderId: request.clientOrderId + CHILD_SUFFIX.stopLoss, type: limitPrice ? 'STOP_LIMIT' : 'STOP', stopPrice, limitPrice });
  }
  return out;
}
