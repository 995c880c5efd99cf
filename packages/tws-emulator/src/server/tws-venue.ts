import { Decimal, ORDER_TYPE_TRAITS, type Quote } from '@silvertine/core';
import type { MatchEvent, OrderMatcher } from '../matching/order-matcher.port';
import type { ExecutionFilter } from '../protocol/client-requests.decoder';
import type { ContractSpec, PlacedOrder, RequestedContract } from '../protocol/wire-types';
import { AccountLedger } from './account-ledger';
import { valueAccount, type AccountValues, type Marks } from './account-values';
import type { OpenOrderFields } from '../protocol/open-order.encoder';
import { executionCommission } from './commission.schedule';
import { ContractTable } from './contract-table';
import { MarketRules } from './market-rules';
import { ExecutionStore, type ExecutionRecord } from './execution-store';
import { isDone, newOrder, openOrderFields, orderKey, remaining, SUPPORTED_ORDER_TYPES, toMatchRequest, trailLimitOffset, type TwsOrder } from './order-record';
import { whatIfEstimate } from './what-if';

/** Top of book and last trade of one contract, as set through the control interface. */
export interface MarketQuote {
  readonly bid?: Decimal;
  readonly ask?: Decimal;
  readonly last?: Decimal;
  readonly bidSize?: Decimal;
  readonly askSize?: Decimal;
  readonly lastSize?: Decimal;
}

/** What the venue tells the network layer; the server routes each call to the right sessions. */
export interface VenueListener {
  orderChanged(order: TwsOrder): void;
  executed(execution: ExecutionRecord): void;
  error(clientId: number, id: number, code: number, message: string): void;
  accountChanged(account: string): void;
  quoteChanged(contract: ContractSpec, quote: MarketQuote): void;
  /** The answer to a what-if order: an OPEN_ORDER carrying the estimate, to the asking client only. */
  whatIf(clientId: number, fields: OpenOrderFields): void;
}

/** Options of the venue (all but the listener have defaults in the server). */
export interface VenueOptions {
  readonly accounts: readonly string[];
  readonly cash: ReadonlyMap<string, Decimal>;
  readonly contracts: ContractTable;
  readonly matcher: OrderMatcher;
  readonly now: () => number;
  readonly listener: VenueListener;
}

/**
 * The trading side of the emulated TWS, free of sockets: orders with IB's id rules, brackets and OCA
 * groups, the matcher, executions with commissions, and the accounts they move.
 */
export class TwsVenue {
  readonly contracts: ContractTable;
  readonly marketRules: MarketRules;
  readonly ledger: AccountLedger;
  readonly executions = new ExecutionStore();
  private readonly orders = new Map<string, TwsOrder>();
  private readonly byEngineId = new Map<string, TwsOrder>();
  /** Orders that were held with transmit=false (some may since have left that state; pruned when seen). */
  private readonly heldForTransmit = new Set<TwsOrder>();
  private readonly maxOrderId = new Map<number, number>();
  private readonly quotes = new Map<number, MarketQuote>();
  private permIds = 1_000_000;
  private execSeq = 0;

  constructor(private readonly options: VenueOptions) {
    this.contracts = options.contracts;
    this.marketRules = new MarketRules(options.contracts);
    this.ledger = new AccountLedger(options.accounts, options.cash);
  }

  /** The next order id a client may use (1 for a client that never placed one). */
  nextOrderId(clientId: number): number {
    return (this.maxOrderId.get(clientId) ?? 0) + 1;
  }

  /** All orders, or those of one client. */
  listOrders(clientId?: number): TwsOrder[] {
    return [...this.orders.values()].filter((o) => clientId === undefined || o.clientId === clientId);
  }

  quote(conId: number): MarketQuote | undefined {
    return this.quotes.get(conId);
  }

  /** PLACE_ORDER: a new order, or a modification when the id names an open order of this client. */
  placeOrder(clientId: number, orderId: number, requested: RequestedContract, placed: PlacedOrder): void {
    const err = (code: number, message: string) => this.options.listener.error(clientId, orderId, code, message);
    const key = orderKey(clientId, orderId);
    const existing = this.orders.get(key);
    if (existing && !isDone(existing)) return this.modify(existing, placed);
    if (existing || orderId <= (this.maxOrderId.get(clientId) ?? 0)) return err(103, 'Duplicate order ID.');
    const contract = this.contracts.resolve(requested);
    if (!contract) return err(200, 'No security definition has been found for the request.');
    const problem = this.validate(contract, placed);
    if (problem) return err(problem.code, problem.message);
    const account = placed.account || this.ledger.ids()[0] || '';
    if (!this.ledger.has(account)) return err(321, `Error validating request.-'bN' : cause - Account ${account} is not managed by this login`);
    if (placed.whatIf) return this.answerWhatIf(clientId, orderId, contract, account, placed);
    this.maxOrderId.set(clientId, orderId);
    const order = newOrder(clientId, orderId, this.permIds++, contract, account, placed);
    this.orders.set(key, order);
    if (order.parentId !== 0) {
      const parent = this.orders.get(orderKey(clientId, order.parentId));
      if (!parent) return this.reject(order, 'Parent order is not found');
    }
    const funds = this.fundsProblem(order);
    if (funds) return this.reject(order, funds);
    if (!placed.transmit) {
      order.held = 'transmit';
      this.heldForTransmit.add(order);
      return this.options.listener.orderChanged(order);
    }
    // a transmitting order releases every held order of its group (parent and siblings); only held
    // orders are scanned, so a book of many resting orders does not slow every placement down
    const root = order.parentId !== 0 ? order.parentId : order.orderId;
    for (const o of this.heldForTransmit) {
      if (o.held !== 'transmit') this.heldForTransmit.delete(o);
      else if (o.clientId === clientId && (o.orderId === root || o.parentId === root)) {
        this.heldForTransmit.delete(o);
        this.activate(o);
      }
    }
    this.activate(order);
  }

  /** CANCEL_ORDER from a client. */
  cancelOrder(clientId: number, orderId: number): void {
    const order = this.orders.get(orderKey(clientId, orderId));
    if (!order) return this.options.listener.error(clientId, orderId, 10147, `OrderId ${orderId} that needs to be cancelled is not found.`);
    if (isDone(order)) {
      return this.options.listener.error(clientId, orderId, 10148, `OrderId ${orderId} that needs to be cancelled cannot be cancelled, state: ${order.status}.`);
    }
    this.cancel(order);
  }

  /** REQ_GLOBAL_CANCEL: every open order of every client. */
  cancelAll(): void {
    for (const o of this.orders.values()) if (!isDone(o)) this.cancel(o);
  }

  /** Sets the market of a contract: drives the matcher, marks and TICK subscriptions. */
  setQuote(contract: ContractSpec, quote: MarketQuote): void {
    const merged: MarketQuote = { ...this.quotes.get(contract.conId), ...quote };
    this.quotes.set(contract.conId, merged);
    // subscribers get only what changed, as TWS ticks do; a new subscription gets the whole quote
    this.options.listener.quoteChanged(contract, quote);
    const now = this.options.now();
    const bid = merged.bid ?? merged.last;
    const ask = merged.ask ?? merged.last;
    if (bid === undefined || ask === undefined) return;
    const q: Quote = {
      kind: 'quote', symbol: String(contract.conId), bid, ask,
      bidSize: merged.bidSize ?? Decimal.ZERO, askSize: merged.askSize ?? Decimal.ZERO, timestamp: now,
    };
    this.apply(this.options.matcher.onMarketData(q, now));
    for (const account of this.ledger.ids()) this.options.listener.accountChanged(account);
  }

  /** Lets time-based rules (GTD expiry) run. */
  tick(): void {
    this.apply(this.options.matcher.advanceTime(this.options.now()));
  }

  /** REQ_EXECUTIONS: today's executions matching the filter. */
  queryExecutions(filter: ExecutionFilter): ExecutionRecord[] {
    return this.executions.query(filter, this.options.now());
  }

  /** Positions, cash-derived tags and marks of one account. */
  accountValues(account: string): AccountValues {
    return valueAccount(this.ledger, account, this.marks());
  }

  private marks(): Marks {
    const mark = (c: ContractSpec) => {
      const q = this.quotes.get(c.conId);
      if (!q) return undefined;
      if (q.bid !== undefined && q.ask !== undefined) return q.bid.plus(q.ask).div(2).roundToStep(c.minTick, 'HALF_UP');
      return q.last ?? q.bid ?? q.ask;
    };
    return {
      mark,
      fxRate: (ccy) => {
        if (ccy === 'USD') return Decimal.ONE;
        const pair = this.contracts.all().find((c) => c.secType === 'CASH' && c.symbol === ccy && c.currency === 'USD');
        return (pair && mark(pair)) ?? Decimal.ONE;
      },
    };
  }

  private validate(contract: ContractSpec, p: PlacedOrder): { code: number; message: string } | undefined {
    const type = p.orderType.toUpperCase();
    const coreType = SUPPORTED_ORDER_TYPES.get(type);
    if (!coreType) return { code: 387, message: `Unsupported order type for this exchange and security type: ${p.orderType}` };
    const qty = p.totalQuantity;
    if (qty === undefined || !qty.isPositive()) return { code: 434, message: 'The order size cannot be zero.' };
    if (!qty.isMultipleOf(contract.sizeIncrement) || qty.lt(contract.minSize)) {
      return { code: 201, message: `Order rejected - Reason: The order size ${qty} is not a multiple of the size increment ${contract.sizeIncrement}` };
    }
    const traits = ORDER_TYPE_TRAITS[coreType];
    const needsLmt = traits.requiresLimitPrice;
    // auxPrice is the trigger (STP, STP LMT, MIT, LIT) or the trailing amount when no percent is given
    const needsAux = traits.requiresStopPrice || (traits.trailing && p.trailingPercent === undefined);
    if (needsLmt && p.lmtPrice === undefined) return { code: 201, message: 'Order rejected - Reason: Missing limit price' };
    if (needsAux && p.auxPrice === undefined) return { code: 201, message: 'Order rejected - Reason: Missing stop price' };
    const offset = type === 'TRAIL LIMIT' ? trailLimitOffset({ ...p, action: p.action.toUpperCase() === 'SELL' ? 'SELL' : 'BUY' }) : undefined;
    if (type === 'TRAIL LIMIT' && (offset === undefined || offset.isNegative())) {
      return { code: 201, message: 'Order rejected - Reason: A trailing stop limit order needs a limit price offset (lmtPriceOffset, or lmtPrice with trailStopPrice)' };
    }
    for (const price of [needsLmt ? p.lmtPrice : undefined, needsAux ? p.auxPrice : undefined, p.trailStopPrice, offset]) {
      if (price !== undefined && !price.isMultipleOf(contract.minTick)) {
        return { code: 110, message: 'The price does not conform to the minimum price variation for this contract.' };
      }
    }
    return undefined;
  }

  /** Cash check for buys of cash-settled products; futures and shorts are left to margin (not modelled). */
  private fundsProblem(o: TwsOrder): string | undefined {
    if (o.action !== 'BUY' || o.contract.secType === 'FUT') return undefined;
    const q = this.quotes.get(o.contract.conId);
    // a trailing order's auxPrice is a distance, not a price
    const trailing = o.orderType === 'TRAIL' || o.orderType === 'TRAIL LIMIT';
    const price = (trailing ? undefined : (o.lmtPrice ?? o.auxPrice)) ?? q?.ask ?? q?.last;
    if (price === undefined) return undefined;
    const required = o.totalQuantity.times(price).times(o.contract.multiplier ?? Decimal.ONE);
    const cash = this.ledger.cash(o.account).get(o.contract.currency) ?? Decimal.ZERO;
    if (required.lte(cash)) return undefined;
    return `YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE [${cash.toFixed(2)} ${o.contract.currency}] MUST EXCEED THE INITIAL MARGIN [${required.toFixed(2)} ${o.contract.currency}]`;
  }

  /**
   * A what-if order is never placed: no id is consumed, nothing reaches the matcher, the account does not
   * move. The client gets one OPEN_ORDER (whatIf=1, status PreSubmitted) with the estimate and no
   * ORDER_STATUS, as TWS answers (tws-api margin.html; the status TWS reports is inferred from ib_insync's
   * `whatIfOrder`, which waits for that OPEN_ORDER only).
   */
  private answerWhatIf(clientId: number, orderId: number, contract: ContractSpec, account: string, placed: PlacedOrder): void {
    const order = newOrder(clientId, orderId, 0, contract, account, placed);
    const q = this.quotes.get(contract.conId);
    const trailing = order.orderType === 'TRAIL' || order.orderType === 'TRAIL LIMIT';
    const touch = order.action === 'BUY' ? (q?.ask ?? q?.last) : (q?.bid ?? q?.last);
    const price = order.lmtPrice ?? (trailing ? undefined : order.auxPrice) ?? touch;
    const mark = this.marks().mark(contract) ?? price;
    if (price === undefined || mark === undefined) {
      return this.options.listener.error(clientId, orderId, 201, 'Order rejected - Reason: No market data to estimate the what-if order at (set a limit price or a quote)');
    }
    const position = this.ledger.positions(account).find((p) => p.contract.conId === contract.conId)?.quantity ?? Decimal.ZERO;
    const candidatePrices = [q?.bid, q?.ask, q?.last].filter((p): p is Decimal => p !== undefined);
    const estimate = whatIfEstimate(this.accountValues(account), {
      contract, action: order.action, quantity: order.totalQuantity, price, mark, position,
      candidatePrices: order.lmtPrice === undefined ? candidatePrices : [], fxRate: this.marks().fxRate(contract.currency),
    });
    this.options.listener.whatIf(clientId, { ...openOrderFields(order), whatIf: estimate, commissionCurrency: estimate.commissionCurrency });
  }

  /** Stamps a final state for REQ_COMPLETED_ORDERS (the status texts are inferred, not captured from TWS). */
  private complete(order: TwsOrder, status: string): void {
    order.completedAt = this.options.now();
    order.completedStatus = status;
  }

  private reject(order: TwsOrder, reason: string): void {
    order.status = 'Inactive';
    order.held = undefined;
    this.complete(order, `Rejected: ${reason}`);
    this.options.listener.error(order.clientId, order.orderId, 201, `Order rejected - Reason: ${reason}`);
    this.options.listener.orderChanged(order);
  }

  /** Sends the order to the matcher, unless its parent has not filled yet. */
  private activate(order: TwsOrder): void {
    const parent = order.parentId !== 0 ? this.orders.get(orderKey(order.clientId, order.parentId)) : undefined;
    if (parent && parent.status !== 'Filled') {
      order.held = 'parent';
      order.status = 'PreSubmitted';
      return this.options.listener.orderChanged(order);
    }
    order.held = undefined;
    order.status = 'Submitted';
    const request = toMatchRequest(order);
    this.byEngineId.set(request.clientOrderId, order);
    this.options.listener.orderChanged(order);
    this.apply(this.options.matcher.submit(request, this.options.now()));
  }

  private modify(order: TwsOrder, p: PlacedOrder): void {
    const problem = this.validate(order.contract, p);
    if (problem) return this.options.listener.error(order.clientId, order.orderId, problem.code, problem.message);
    order.totalQuantity = p.totalQuantity ?? order.totalQuantity;
    order.lmtPrice = p.lmtPrice;
    order.auxPrice = p.auxPrice;
    order.lmtPriceOffset = p.lmtPriceOffset;
    if (order.held) return this.options.listener.orderChanged(order);
    this.resubmit(order);
  }

  /** Replaces the working version in the matcher (after a modification or an OCA reduction). */
  private resubmit(order: TwsOrder): void {
    if (order.engineId) {
      this.byEngineId.delete(order.engineId);
      this.options.matcher.cancel(order.engineId, this.options.now());
    }
    if (!remaining(order).isPositive()) return this.finishCancel(order);
    this.activate(order);
  }

  private cancel(order: TwsOrder): void {
    for (const child of this.listOrders(order.clientId)) {
      if (child.parentId === order.orderId && !isDone(child)) this.cancel(child);
    }
    if (order.engineId && !order.held) {
      order.status = 'PendingCancel';
      this.apply(this.options.matcher.cancel(order.engineId, this.options.now()));
      if (order.status === 'PendingCancel') this.finishCancel(order);
    } else {
      this.finishCancel(order);
    }
  }

  private finishCancel(order: TwsOrder): void {
    if (order.engineId) this.byEngineId.delete(order.engineId);
    order.status = 'Cancelled';
    order.held = undefined;
    this.complete(order, 'Cancelled by Trader');
    this.options.listener.error(order.clientId, order.orderId, 202, 'Order Canceled - reason:');
    this.options.listener.orderChanged(order);
  }

  private apply(events: readonly MatchEvent[]): void {
    for (const e of events) {
      const order = this.byEngineId.get(e.clientOrderId);
      if (!order) continue;
      switch (e.kind) {
        case 'FILL':
          this.fill(order, e.price, e.quantity, e.liquidity === 'MAKER' ? 1 : 2, e.timestamp);
          break;
        case 'CANCELED':
        case 'EXPIRED':
          this.finishCancel(order);
          break;
        case 'REJECTED':
          this.byEngineId.delete(e.clientOrderId);
          this.reject(order, e.message);
          break;
        case 'CANCEL_REJECTED':
          this.options.listener.error(order.clientId, order.orderId, 10148, `OrderId ${order.orderId} that needs to be cancelled cannot be cancelled, state: ${order.status}.`);
          break;
        case 'ACCEPTED':
        case 'TRIGGERED':
          break;
      }
    }
  }

  private fill(order: TwsOrder, price: Decimal, qty: Decimal, liquidity: 1 | 2, timestamp: number): void {
    const value = qty.times(price).times(order.contract.multiplier ?? Decimal.ONE);
    const before = { qty: order.filled, value: order.filledValue.times(order.contract.multiplier ?? Decimal.ONE) };
    const commission = executionCommission(order.contract, before, { qty, value });
    order.filled = order.filled.plus(qty);
    order.filledValue = order.filledValue.plus(qty.times(price));
    order.lastFillPrice = price;
    order.commission = order.commission.plus(commission);
    if (!remaining(order).isPositive()) {
      order.status = 'Filled';
      this.complete(order, `Filled Size: ${order.filled}`);
      if (order.engineId) this.byEngineId.delete(order.engineId);
    }
    const realized = this.ledger.applyFill(order.account, order.contract, order.action, qty, price, commission);
    this.execSeq += 1;
    const record: ExecutionRecord = {
      execId: `0000e0d5.${timestamp.toString(16).padStart(8, '0').slice(-8)}.${String(this.execSeq).padStart(2, '0')}.01`,
      orderId: order.orderId, clientId: order.clientId, permId: order.permId, account: order.account, contract: order.contract,
      side: order.action === 'BUY' ? 'BOT' : 'SLD', shares: qty, price, cumQty: order.filled,
      avgPrice: order.filledValue.div(order.filled).round(8), orderRef: order.orderRef, lastLiquidity: liquidity, timestamp,
      commission, commissionCurrency: order.contract.currency, realizedPnl: realized.isZero() ? undefined : realized,
    };
    this.executions.add(record);
    this.options.listener.executed(record);
    this.options.listener.orderChanged(order);
    this.options.listener.accountChanged(order.account);
    this.afterFill(order, qty);
  }

  /** Bracket and OCA consequences: a filled parent releases its children; a sibling's fill reduces the others. */
  private afterFill(order: TwsOrder, qty: Decimal): void {
    const mine = this.listOrders(order.clientId);
    if (order.status === 'Filled') {
      for (const child of mine) if (child.parentId === order.orderId && child.held === 'parent') this.activate(child);
    }
    const implicitSiblings = order.parentId !== 0;
    for (const other of mine) {
      if (other === order || isDone(other) || other.held === 'transmit') continue;
      const sameOca = order.ocaGroup !== '' && other.ocaGroup === order.ocaGroup;
      const sibling = implicitSiblings && other.parentId === order.parentId;
      if (!sameOca && !sibling) continue;
      if (sameOca && order.ocaType === 1) {
        this.cancel(other);
      } else {
        other.totalQuantity = Decimal.max(other.totalQuantity.minus(qty), other.filled);
        if (other.held) {
          if (!remaining(other).isPositive()) this.finishCancel(other);
          else this.options.listener.orderChanged(other);
        } else {
          this.resubmit(other);
        }
      }
    }
  }
}
