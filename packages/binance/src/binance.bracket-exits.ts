import {
  Decimal, TemporaryConnectionError, TimeoutError, isTerminalStatus,
  type Fill, type Instrument, type Logger, type Order, type OrderRequest, type OrderStatus, type OrderTracker,
} from '@silvertine/core';
import type { BinanceRestClient } from './http/binance-rest-client';
import { baseCommission } from './mapping/account-mapping';
import type { RawOrder, RawOrderList } from './mapping/binance-types';
import { exitQuantity, toBracketExit } from './mapping/bracket-mapping';
import { checkAgainstVenue } from './mapping/filter-check';
import type { SymbolRules } from './mapping/instrument-mapping';
import { toOrderStatus } from './mapping/order-mapping';

/** What BracketExits needs from the broker. */
export interface BracketExitsOptions {
  readonly rest: () => BinanceRestClient;
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
    void this.send(order).finally(() => this.commissions.delete(order.clientOrderId));
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
    const list = await this.o.rest().request<RawOrderList>({ method: 'POST', path: '/api/v3/orderList/oco', params, signed: true, weight: 1, isOrder: true, clientOrderId: parentId });
    return list.orderReports ?? list.orders.map((o) => ({ ...o, status: 'NEW' }));
  }

  private sendSingle(params: Readonly<Record<string, string>>, clientOrderId: string): Promise<RawOrder> {
    return this.o.rest().request<RawOrder>({ method: 'POST', path: '/api/v3/order', params, signed: true, weight: 1, isOrder: true, clientOrderId });
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
