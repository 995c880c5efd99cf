import {
  Decimal, OrderNotFoundError, TemporaryConnectionError, TimeoutError, isOpenStatus, isTerminalStatus,
  type Fill, type Instrument, type Logger, type Order, type OrderRequest, type OrderStatus, type OrderTracker,
} from '@silvertine/core';
import { baseCommission } from './mapping/account-mapping';
import { decodeOrder, decodeOrderList } from './decoding/rest-order.decoder';
import type { OrderChannel } from './ws/ws-api-order-channel';
import { decodeMyTrades } from './decoding/rest-trades.decoder';
import type { RawOrder } from './mapping/binance-types';
import { exitQuantity, toBracketExit } from './mapping/bracket-mapping';
import { checkAgainstVenue } from './mapping/filter-check';
import type { SymbolRules } from './mapping/instrument-mapping';
import { fromMyTrade, fromQueryOrder, toOrderStatus } from './mapping/order-mapping';

/** What BracketExits needs from the broker. */
export interface BracketExitsOptions {
  /** Where the exits' orders and queries go (REST or the WebSocket API, config `orderEntry`). */
  readonly orders: () => OrderChannel;
  readonly tracker: OrderTracker;
  readonly logger: Logger;
  readonly brokerId: string;
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly rules: ReadonlyMap<string, SymbolRules>;
  /** Starts tracking an exit (PENDING_SUBMIT) before it is sent, so its first executionReport applies. */
  readonly track: (child: OrderRequest) => void;
  readonly applyStatus: (clientOrderId: string, status: OrderStatus, patch?: { venueOrderId?: string; rejectReason?: string }) => unknown;
  /** A CRITICAL alert: a filled entry whose exits could not be placed is an unprotected position. */
  readonly alert: (message: string) => void;
}

/**
 * Brackets on Binance: the entry is sent alone; once it has filled (or closed after filling in part),
 * its exits go out as one OCO order list (take profit and stop, the venue cancels one when the other
 * executes) or as a single order, sized to what the entry left (net of base-asset commission). The
 * exits are tracked as orders of their own, `<parent>.tp` and `<parent>.sl`. An exit send whose outcome
 * is unknown leaves them UNKNOWN (resolved by clientOrderId like any order); a refused one raises a
 * CRITICAL alert, since the position is then unprotected.
 */
export class BracketExits {
  private readonly commissions = new Map<string, Decimal>();
  private readonly sent = new Set<string>();

  constructor(private readonly o: BracketExitsOptions) {}

  /** Sums base-asset commissions of bracket entries (they reduce what the exits can sell). */
  onFill(fill: Fill): void {
    const order = this.o.tracker.get(fill.clientOrderId);
    if (!order?.request.bracket) return;
    const paid = baseCommission(fill, order.request.instrument.baseAsset);
    if (!paid.isZero()) this.commissions.set(fill.clientOrderId, (this.commissions.get(fill.clientOrderId) ?? Decimal.ZERO).plus(paid));
  }

  /** Sends the exits of an entry that has just closed with a filled quantity (once per entry). */
  onOrder(order: Order): void {
    if (!order.request.bracket || !isTerminalStatus(order.status) || !order.filledQuantity.isPositive() || this.sent.has(order.clientOrderId)) return;
    this.sent.add(order.clientOrderId);
    void this.send(order)
      .catch((error: unknown) => this.o.alert(`bracket exits of ${order.clientOrderId} not placed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.commissions.delete(order.clientOrderId));
  }

  /**
   * After a restart: the exits of an entry that filled before the process died, which may never have
   * been sent. The venue is asked for `<entry>.tp` / `<entry>.sl` by clientOrderId: if it holds either
   * (open or closed), nothing is sent and open ones not tracked yet are adopted; if it holds neither, they
   * are sent as after a live fill, sized from the entry's executed quantity at the venue less the
   * base-asset commission of its trades. Once per entry per process; a failed lookup throws and leaves
   * the entry for the next call.
   */
  async resume(entry: Order, adopt: (order: Order) => void): Promise<void> {
    const id = entry.clientOrderId;
    if (!entry.request.bracket || this.sent.has(id)) return;
    this.sent.add(id);
    try {
      const symbol = entry.request.instrument.venueSymbol ?? entry.request.instrument.symbol;
      const instrument = this.o.instruments.get(symbol);
      if (!instrument) return this.o.alert(`bracket exits of ${id} not resumed: ${symbol} is not a configured symbol`);
      const childIds = toBracketExit(entry.request, entry.request.quantity)?.children.map((c) => c.clientOrderId) ?? [];
      const existing: Order[] = [];
      for (const childId of childIds) {
        const found = await this.find(symbol, instrument, { origClientOrderId: childId });
        if (found) existing.push(found);
      }
      if (existing.length) {
        // Closed exits are history (their fills come through reconciliation); open ones are tracked.
        for (const exit of existing) if (isOpenStatus(exit.status) && !this.o.tracker.get(exit.clientOrderId)) adopt(exit);
        this.o.logger.info('binance: bracket exits found at the venue after a restart; adopted, not resent', { clientOrderId: id });
        return;
      }
      const atVenue = await this.find(symbol, instrument, { origClientOrderId: id });
      const filled = atVenue?.filledQuantity ?? entry.filledQuantity;
      if (!filled.isPositive()) return;
      const paid = entry.request.side === 'BUY' && atVenue?.venueOrderId !== undefined ? await this.basePaid(symbol, instrument, id, atVenue.venueOrderId) : Decimal.ZERO;
      this.o.logger.warn('binance: bracket exits of a filled entry missing at the venue after a restart; sending them', { clientOrderId: id });
      this.commissions.set(id, paid);
      await this.send({ ...entry, filledQuantity: filled }).finally(() => this.commissions.delete(id));
    } catch (error) {
      this.sent.delete(id);
      throw error;
    }
  }

  /** One order by clientOrderId or orderId (GET /api/v3/order); undefined when the venue answers -2013. */
  private async find(symbol: string, instrument: Instrument, ref: { origClientOrderId: string } | { orderId: string }): Promise<Order | undefined> {
    try {
      return fromQueryOrder(await this.o.orders().request({ method: 'GET', path: '/api/v3/order', params: { symbol, ...ref }, signed: true, weight: 4, retry: true, decode: decodeOrder }), instrument);
    } catch (error) {
      if (error instanceof OrderNotFoundError) return undefined;
      throw error;
    }
  }

  /** Base-asset commission an entry paid, from its trades (GET /api/v3/myTrades by orderId). */
  private async basePaid(symbol: string, instrument: Instrument, clientOrderId: string, orderId: string): Promise<Decimal> {
    const rows = await this.o.orders().request({ method: 'GET', path: '/api/v3/myTrades', params: { symbol, orderId }, signed: true, weight: 20, retry: true, decode: decodeMyTrades });
    return rows.reduce((sum, row) => sum.plus(baseCommission(fromMyTrade(row, clientOrderId, instrument.symbol), instrument.baseAsset)), Decimal.ZERO);
  }

  private async send(parent: Order): Promise<void> {
    const symbol = parent.request.instrument.venueSymbol ?? parent.request.instrument.symbol;
    const venue = this.o.instruments.get(symbol);
    const paid = this.commissions.get(parent.clientOrderId) ?? Decimal.ZERO;
    const quantity = exitQuantity(parent.filledQuantity, paid, parent.request.side, venue?.stepSize ?? parent.request.instrument.stepSize);
    const exit = quantity.isPositive() ? toBracketExit(parent.request, quantity) : undefined;
    if (!exit) return this.o.alert(`bracket exits of ${parent.clientOrderId} not placed: nothing left to close after commission (filled ${parent.filledQuantity})`);
    try {
      for (const child of exit.children) checkAgainstVenue(child, venue, this.o.rules.get(symbol), this.o.brokerId);
    } catch (error) {
      return this.o.alert(`bracket exits of ${parent.clientOrderId} not placed: ${(error as Error).message}`);
    }
    for (const child of exit.children) this.o.track(child);
    try {
      const reports = exit.kind === 'oco' ? await this.sendOco(exit.params, parent.clientOrderId) : [await this.sendSingle(exit.params, exit.children[0].clientOrderId)];
      for (const report of reports) this.applyReport(report);
    } catch (error) {
      const unknown = error instanceof TimeoutError || error instanceof TemporaryConnectionError;
      for (const child of exit.children) {
        this.o.applyStatus(child.clientOrderId, unknown ? 'UNKNOWN' : 'REJECTED', unknown ? undefined : { rejectReason: (error as Error).message });
      }
      if (!unknown) this.o.alert(`bracket exits of ${parent.clientOrderId} refused by Binance: ${(error as Error).message}`);
      else this.o.logger.warn('binance: bracket exits sent, outcome unknown; resolving by clientOrderId', { clientOrderId: parent.clientOrderId });
    }
  }

  private async sendOco(params: Readonly<Record<string, string>>, parentId: string): Promise<readonly RawOrder[]> {
    const list = await this.o.orders().request({ method: 'POST', path: '/api/v3/orderList/oco', params, signed: true, weight: 1, isOrder: true, clientOrderId: parentId, decode: decodeOrderList });
    return list.orderReports ?? list.orders.map((o) => ({ ...o, status: 'NEW' }));
  }

  private sendSingle(params: Readonly<Record<string, string>>, clientOrderId: string): Promise<RawOrder> {
    return this.o.orders().request({ method: 'POST', path: '/api/v3/order', params, signed: true, weight: 1, isOrder: true, clientOrderId, decode: decodeOrder });
  }

  /**
   * An exit's placement report: its venue id and a resting status. Fills are not taken from it (a RESULT
   * report has none): they arrive as executionReports, which may even have come first.
   */
  private applyReport(report: RawOrder): void {
    const current = this.o.tracker.get(report.clientOrderId)?.status;
    if (current !== 'PENDING_SUBMIT' && current !== 'UNKNOWN') return;
    const status = toOrderStatus(report.status ?? 'NEW');
    const resting: OrderStatus = status === 'FILLED' || status === 'PARTIALLY_FILLED' || status === 'UNKNOWN' ? 'ACCEPTED' : status;
    this.o.applyStatus(report.clientOrderId, resting, { venueOrderId: String(report.orderId) });
  }
}
