import { apiErrors } from '../errors/binance-error';
import { parseNewOrder } from '../rules/new-order.params';
import { RequestParams } from '../rules/request-params';
import type { EmulatedExchange } from './emulated-exchange';
import { listReportJson, type Json } from './order-json';
import { isOpen, type OrderRecord } from './order-record';

interface OrderList {
  readonly orderListId: number;
  readonly listClientOrderId: string;
  readonly symbol: string;
  readonly legs: OrderRecord[];
  done: boolean;
}

const LEG_FIELDS = ['Type', 'ClientOrderId', 'Price', 'StopPrice', 'TimeInForce'] as const;

/**
 * OCO order lists (POST /api/v3/orderList/oco): two legs placed together; when one fills or triggers
 * the other expires, and a user cancel of either cancels both. Emits listStatus events.
 */
export class OcoLists {
  private readonly lists = new Map<number, OrderList>();
  private nextListId = 1;

  constructor(
    private readonly exchange: EmulatedExchange,
    private readonly emit: (event: Json) => void,
  ) {
    exchange.onLegActivity = (order, now) => this.legActivity(order, now);
  }

  /** Places an OCO from the new endpoint's above/below parameters; returns the documented response. */
  place(params: RequestParams, now: number): Json {
    const symbol = params.required('symbol');
    if (!this.exchange.specs.has(symbol)) throw apiErrors.badSymbol();
    const common = { symbol, side: params.required('side'), quantity: params.required('quantity') };
    const leg = (prefix: 'above' | 'below'): RequestParams => {
      const fields: Record<string, string> = { ...common };
      for (const f of LEG_FIELDS) {
        const v = params.optional(`${prefix}${f}`);
        if (v !== undefined) fields[f === 'ClientOrderId' ? 'newClientOrderId' : f[0].toLowerCase() + f.slice(1)] = v;
      }
      if (!fields.type) throw apiErrors.mandatory(`${prefix}Type`);
      return RequestParams.fromObject(fields);
    };
    const above = parseNewOrder(leg('above'), this.exchange.specs);
    const below = parseNewOrder(leg('below'), this.exchange.specs);
    const allowed = ['STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT', 'LIMIT_MAKER'];
    if (!allowed.includes(above.type) || !allowed.includes(below.type)) throw apiErrors.invalidMessage('Order type not supported in OCO.');
    if (above.type === 'LIMIT_MAKER' && below.type === 'LIMIT_MAKER') throw apiErrors.invalidMessage('At least one OCO order must be contingent.');
    const orderListId = this.nextListId++;
    const first = this.exchange.place(below, now, { orderListId }).order;
    let second: OrderRecord;
    try {
      second = this.exchange.place(above, now, { orderListId, skipLock: true }).order;
    } catch (e) {
      this.exchange.expire(first, now);
      throw e;
    }
    const list: OrderList = { orderListId, listClientOrderId: params.optional('listClientOrderId') ?? this.exchange.generateClientOrderId(), symbol, legs: [first, second], done: false };
    this.lists.set(orderListId, list);
    this.emitStatus(list, 'EXEC_STARTED', 'EXECUTING', now);
    return {
      orderListId,
      contingencyType: 'OCO',
      listStatusType: 'EXEC_STARTED',
      listOrderStatus: 'EXECUTING',
      listClientOrderId: list.listClientOrderId,
      transactionTime: now,
      symbol,
      orders: list.legs.map((o) => ({ symbol, orderId: o.orderId, clientOrderId: o.clientOrderId })),
      orderReports: list.legs.map((o) => listReportJson(o, now)),
    };
  }

  /** A user cancel of one leg cancels the whole list. */
  cancelLeg(order: OrderRecord, now: number): void {
    const list = this.lists.get(order.orderListId);
    if (!list || list.done) return;
    list.done = true;
    for (const o of list.legs) if (o !== order && isOpen(o)) this.exchange.cancel(o.symbol, { orderId: o.orderId }, now);
    this.emitStatus(list, 'ALL_DONE', 'ALL_DONE', now);
  }

  private legActivity(order: OrderRecord, now: number): void {
    const list = this.lists.get(order.orderListId);
    if (!list || list.done) return;
    list.done = true;
    for (const o of list.legs) if (o !== order) this.exchange.expire(o, now);
    this.emitStatus(list, 'EXEC_STARTED', 'ALL_DONE', now);
  }

  private emitStatus(list: OrderList, l: string, L: string, now: number): void {
    this.emit({
      e: 'listStatus',
      E: now,
      s: list.symbol,
      g: list.orderListId,
      c: 'OCO',
      l,
      L,
      r: 'NONE',
      C: list.listClientOrderId,
      T: now,
      O: list.legs.map((o) => ({ s: o.symbol, i: o.orderId, c: o.clientOrderId })),
    });
  }
}
