import type { BrokerBalance, Decimal, Fill, Logger, OrderStatus, OrderTracker } from '@silvertine/core';
import { decodeBalanceUpdate, decodeOutboundAccountPosition } from './decoding/account-events.decoder';
import { decodeExecutionReport, executionReportOrderId } from './decoding/execution-report.decoder';
import type { Json } from './decoding/fields';
import { decodeListStatus } from './decoding/list-status.decoder';
import { PayloadRejection } from './decoding/payload-rejection';
import { applyBalanceDelta, fromAccountPosition, fromBalanceUpdate } from './mapping/account-mapping';
import { fromExecutionReport } from './mapping/execution-report-mapping';
import type { UserDataEvent } from './ws/user-data-stream';

/** What the user-data events act on: the broker's tracker, balance cache and venue reports. */
export interface UserEventsOptions {
  readonly tracker: OrderTracker;
  readonly logger: Logger;
  /** The balance cache the stream keeps current (replaced per asset, only from decoded events). */
  readonly balances: Map<string, BrokerBalance>;
  /** Quote asset of a symbol (the commission asset of a trade that paid none). */
  readonly quoteAssetOf: (symbol: string) => string | undefined;
  readonly applyFill: (fill: Fill, venueCumulativeQuantity: Decimal | undefined) => void;
  readonly applyStatus: (clientOrderId: string, status: OrderStatus, patch: { venueOrderId?: string; rejectReason?: string }) => void;
  /** A refused event: VenuePayloadError and counter; nothing of it is applied. */
  readonly reject: (kind: string, reason: string, payload: unknown) => void;
}

/**
 * The user-data events of the WebSocket API, each through its decoder before anything reads it, then
 * applied: executionReports to our orders, outboundAccountPosition and balanceUpdate to the balance
 * cache. A refused event is reported under its type and changes nothing. Runs inside the broker's
 * inbound boundary (see InboundBoundary).
 */
export class UserEvents {
  constructor(private readonly o: UserEventsOptions) {}

  /** One event, by type; unknown types are logged and ignored. */
  handle(event: UserDataEvent): void {
    const kind = event.e;
    try {
      switch (kind) {
        case 'executionReport':
          return this.onExecutionReport(event);
        case 'outboundAccountPosition':
          for (const b of fromAccountPosition(decodeOutboundAccountPosition(event))) this.o.balances.set(b.asset, b);
          return;
        case 'balanceUpdate':
          return this.onBalanceUpdate(event);
        case 'listStatus': {
          const list = decodeListStatus(event);
          this.o.logger.debug('binance order list status', { listClientOrderId: list.listClientOrderId, status: list.listOrderStatus });
          return;
        }
        default:
          this.o.logger.debug('binance user event ignored', { event: kind });
      }
    } catch (error) {
      if (!(error instanceof PayloadRejection)) throw error;
      this.o.reject(kind, error.message, event);
    }
  }

  /**
   * Whose order a report is about comes first: a report for an order this broker did not send is dropped
   * before any other field is read (reconciliation adopts those). Ours is decoded whole, then applied,
   * its fill with the venue's cumulative quantity for core's checks.
   */
  private onExecutionReport(event: Json): void {
    const clientOrderId = executionReportOrderId(event);
    const order = this.o.tracker.get(clientOrderId);
    if (!order) return;
    const raw = decodeExecutionReport(event);
    const { instrument } = order.request;
    const venueSymbol = instrument.venueSymbol ?? instrument.symbol;
    const update = fromExecutionReport(raw, this.o.quoteAssetOf(raw.s) ?? '');
    // a fill of our order on another symbol is well-formed but contradicts the order: core's fill check
    // names it (rule `symbol`), blocks the instrument and asks for reconciliation, so it keeps that symbol
    if (update.fill) return this.o.applyFill({ ...update.fill, symbol: raw.s === venueSymbol ? instrument.symbol : raw.s }, update.cumulativeQuantity);
    if (raw.s !== venueSymbol) throw new PayloadRejection('s', `must be the symbol of order ${clientOrderId} (${venueSymbol})`, JSON.stringify(raw.s));
    if (update.status === 'ACCEPTED' || update.status === 'CANCELED' || update.status === 'EXPIRED' || update.status === 'REJECTED') {
      this.o.applyStatus(update.clientOrderId, update.status, { venueOrderId: update.venueOrderId, rejectReason: update.rejectReason });
    }
  }

  /** A deposit, withdrawal or transfer: refused when it would leave a negative free amount. */
  private onBalanceUpdate(event: Json): void {
    const { asset, delta } = fromBalanceUpdate(decodeBalanceUpdate(event));
    const next = applyBalanceDelta(this.o.balances.get(asset), asset, delta);
    if (next.free.isNegative()) throw new PayloadRejection('d', `would leave a negative free ${asset} balance`, delta.toString());
    this.o.balances.set(asset, next);
  }
}
