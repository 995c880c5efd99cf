import { Decimal } from '@silvertine/core';
import { isStopType, type NewOrderRespType } from '../rules/new-order.params';
import { fmt } from '../rules/symbol-spec';
import type { OrderRecord, TradeRecord } from './order-record';

/** A JSON object as sent on the wire. */
export type Json = Record<string, unknown>;

/** The part every order response starts with (ACK). */
function ack(o: OrderRecord, transactTime: number): Json {
  return { symbol: o.symbol, orderId: o.orderId, orderListId: o.orderListId, clientOrderId: o.clientOrderId, transactTime };
}

/** Order fields shared by RESULT, cancel and list reports, in Binance's key order. */
function state(o: OrderRecord): Json {
  const s: Json = {
    price: fmt(o.price),
    origQty: fmt(o.origQty),
    executedQty: fmt(o.executedQty),
    origQuoteOrderQty: fmt(o.origQuoteOrderQty),
    cummulativeQuoteQty: fmt(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
  };
  // Binance only sends stopPrice for orders that have one (see the OCO response example).
  if (isStopType(o.type)) s.stopPrice = fmt(o.stopPrice);
  // Trailing orders also carry trailingDelta and trailingTime (-1 until trailing starts), per rest-api.md.
  if (o.trailingDelta !== undefined) Object.assign(s, { trailingDelta: o.trailingDelta, trailingTime: o.trail?.time ?? -1 });
  return s;
}

/** A `fills` entry of a FULL response. */
export function fillJson(t: TradeRecord): Json {
  return { price: fmt(t.price), qty: fmt(t.qty), commission: fmt(t.commission), commissionAsset: t.commissionAsset, tradeId: t.id };
}

/** POST /api/v3/order response for the requested type (order-ack/result/full-response.json). */
export function newOrderJson(o: OrderRecord, respType: NewOrderRespType, transactTime: number, fills: readonly TradeRecord[]): Json {
  if (respType === 'ACK') return ack(o, transactTime);
  const result: Json = { ...ack(o, transactTime), ...state(o), workingTime: o.workingTime, selfTradePreventionMode: 'NONE' };
  if (respType === 'FULL') result.fills = fills.map(fillJson);
  return result;
}

/** GET /api/v3/order, openOrders and allOrders rows (order-query-response.json). */
export function queryOrderJson(o: OrderRecord): Json {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    orderListId: o.orderListId,
    clientOrderId: o.clientOrderId,
    price: fmt(o.price),
    origQty: fmt(o.origQty),
    executedQty: fmt(o.executedQty),
    cummulativeQuoteQty: fmt(o.cummulativeQuoteQty),
    status: o.status,
    timeInForce: o.timeInForce,
    type: o.type,
    side: o.side,
    stopPrice: fmt(o.stopPrice),
    icebergQty: fmt(Decimal.ZERO),
    time: o.time,
    updateTime: o.updateTime,
    isWorking: o.isWorking,
    workingTime: o.workingTime,
    origQuoteOrderQty: fmt(o.origQuoteOrderQty),
    selfTradePreventionMode: 'NONE',
    ...(o.trailingDelta === undefined ? {} : { trailingDelta: o.trailingDelta, trailingTime: o.trail?.time ?? -1 }),
  };
}

/** DELETE /api/v3/order response (order-cancel-response.json). */
export function cancelOrderJson(o: OrderRecord, cancelClientOrderId: string, transactTime: number): Json {
  return {
    symbol: o.symbol,
    origClientOrderId: o.clientOrderId,
    orderId: o.orderId,
    orderListId: o.orderListId,
    clientOrderId: cancelClientOrderId,
    transactTime,
    ...state(o),
    selfTradePreventionMode: 'NONE',
  };
}

/** A report inside an order list response (orderList-oco-response.json `orderReports`). */
export function listReportJson(o: OrderRecord, transactTime: number): Json {
  return { ...ack(o, transactTime), ...state(o), workingTime: o.workingTime, selfTradePreventionMode: 'NONE' };
}

/** GET /api/v3/myTrades row (myTrades.json). */
export function myTradeJson(t: TradeRecord): Json {
  return {
    symbol: t.symbol,
    id: t.id,
    orderId: t.orderId,
    orderListId: t.orderListId,
    price: fmt(t.price),
    qty: fmt(t.qty),
    quoteQty: fmt(t.quoteQty),
    commission: fmt(t.commission),
    commissionAsset: t.commissionAsset,
    time: t.time,
    isBuyer: t.isBuyer,
    isMaker: t.isMaker,
    isBestMatch: true,
  };
}

/** Execution types of executionReport `x`. */
export type ExecutionType = 'NEW' | 'CANCELED' | 'REJECTED' | 'TRADE' | 'EXPIRED';

/** The executionReport event (executionReport.json `event`). */
export function executionReportJson(o: OrderRecord, x: ExecutionType, eventTime: number, trade?: TradeRecord, cancelClientOrderId?: string): Json {
  return {
    e: 'executionReport',
    E: eventTime,
    s: o.symbol,
    // On a cancel Binance reports the cancel request's id in `c` and the order's own in `C`.
    c: cancelClientOrderId ?? o.clientOrderId,
    S: o.side,
    o: o.type,
    f: o.timeInForce,
    q: fmt(o.origQty),
    p: fmt(o.price),
    P: fmt(o.stopPrice),
    F: fmt(Decimal.ZERO),
    g: o.orderListId,
    C: cancelClientOrderId ? o.clientOrderId : '',
    x,
    X: o.status,
    r: 'NONE',
    i: o.orderId,
    l: fmt(trade ? trade.qty : Decimal.ZERO),
    z: fmt(o.executedQty),
    L: fmt(trade ? trade.price : Decimal.ZERO),
    n: trade ? fmt(trade.commission) : '0',
    N: trade ? trade.commissionAsset : null,
    T: trade ? trade.time : eventTime,
    t: trade ? trade.id : -1,
    v: 0,
    I: 0,
    w: o.isWorking,
    m: trade ? trade.isMaker : false,
    M: false,
    O: o.time,
    Z: fmt(o.cummulativeQuoteQty),
    Y: fmt(trade ? trade.quoteQty : Decimal.ZERO),
    Q: fmt(o.origQuoteOrderQty),
    W: o.workingTime,
    V: 'NONE',
    ...(o.trailingDelta === undefined ? {} : { d: o.trailingDelta, D: o.trail?.time ?? -1 }),
  };
}
