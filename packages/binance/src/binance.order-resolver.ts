import { OrderNotFoundError, type Clock, type Fill, type Logger, type Order, type OrderStatus, type OrderTracker, type TimerHandle } from '@silvertine/core';
import type { BinanceRestClient } from './http/binance-rest-client';
import { decodeOrder } from './decoding/rest-order.decoder';
import { decodeMyTrades } from './decoding/rest-trades.decoder';
import type { RawOrder } from './mapping/binance-types';
import { fromMyTrades, toOrderStatus } from './mapping/order-mapping';
import type { BinanceVenueState } from './reconciliation/binance-venue-state';
import type { TradeCursor } from './reconciliation/trade-cursor';
import type { OrderChannel } from './ws/ws-api-order-channel';

/** Allowance for the error of our estimate of the venue's clock. */
const CLOCK_MARGIN_MS = 1_000;

/** What one resolution round did. */
export interface ResolutionSummary {
  /** Found at the venue and adopted (status and fills applied). */
  readonly adopted: readonly string[];
  /** Declared never received (REJECTED) after enough -2013 answers. */
  readonly rejected: readonly string[];
  /** Still unknown (not found yet, or the query itself failed). */
  readonly pending: readonly string[];
}

export interface OrderResolverOptions {
  /** The server-time estimate and the signing times of orders whose outcome is unsettled. */
  readonly rest: BinanceRestClient;
  /** Where order queries go: REST, or the WebSocket API when orders are entered there (config `orderEntry`). */
  readonly orders: OrderChannel;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly brokerId: string;
  readonly tracker: OrderTracker;
  readonly maxChecks: number;
  readonly checkDelayMs: number;
  readonly applyStatus: (clientOrderId: string, status: OrderStatus, patch?: { venueOrderId?: string; rejectReason?: string }) => unknown;
  readonly applyFill: (fill: Fill) => boolean;
  /** Errors of the checks that run on timers (no caller to throw to): the broker reports them. */
  readonly onError: (error: unknown) => void;
}

/**
 * Asks the venue what happened to orders we are unsure about, by origClientOrderId — never by sending
 * them again. Used for UNKNOWN submissions (timeout, 5xx, -1006/-1007) and, after a WebSocket reconnect,
 * to catch up with what happened while the stream was down (`catchUp`).
 */
export class OrderResolver {
  private readonly notFound = new Map<string, number>();
  private readonly watched = new Map<string, TimerHandle>();
  /** Orders being asked about after a contradiction (see `askVenue`). */
  private readonly asking = new Set<string>();

  constructor(private readonly o: OrderResolverOptions) {}

  /** Schedules checks of an UNKNOWN order every checkDelayMs until it is resolved. */
  watch(clientOrderId: string): void {
    if (this.watched.has(clientOrderId)) return;
    const tick = () => {
      this.watched.delete(clientOrderId);
      void this.resolveOne(clientOrderId).then(
        (outcome) => {
          if (outcome === 'pending' && this.o.tracker.get(clientOrderId)?.status === 'UNKNOWN') this.watch(clientOrderId);
        },
        (error: unknown) => {
          // e.g. the venue's trades for it were refused by their decoder: reported, and checked again later
          this.o.onError(error);
          if (this.o.tracker.get(clientOrderId)?.status === 'UNKNOWN') this.watch(clientOrderId);
        },
      );
    };
    this.watched.set(clientOrderId, this.o.clock.setTimeout(tick, this.o.checkDelayMs));
  }

  /**
   * After a venue message contradicted an order: asks the venue for the order (and, when its executed
   * quantity differs from ours, its trades) and applies what the venue says, through the same checks. A
   * contradiction raised while asking about the same order does not ask again. The block core put on the
   * symbol stays until a reconcile pass settles it.
   */
  askVenue(clientOrderId: string): void {
    if (this.asking.has(clientOrderId)) return;
    this.asking.add(clientOrderId);
    void this.resolveOne(clientOrderId)
      .then((outcome) => this.o.logger.warn('binance: asked the venue after a contradicting message', { clientOrderId, outcome }))
      .catch((error: unknown) => this.o.onError(error))
      .finally(() => this.asking.delete(clientOrderId));
  }

  /** One check of every UNKNOWN order. */
  async resolveUnknown(): Promise<ResolutionSummary> {
    const adopted: string[] = [];
    const rejected: string[] = [];
    const pending: string[] = [];
    for (const order of this.o.tracker.all().filter((x) => x.status === 'UNKNOWN')) {
      const outcome = await this.resolveOne(order.clientOrderId);
      (outcome === 'adopted' ? adopted : outcome === 'rejected' ? rejected : pending).push(order.clientOrderId);
    }
    return { adopted, rejected, pending };
  }

  /**
   * After a reconnect: the trades since the last one seen, per symbol (`myTrades?fromId=`, one request
   * per symbol and 1000 trades instead of one per open order), then the venue's open orders, so that only
   * orders we hold open which the venue no longer lists (canceled, expired or filled meanwhile) are
   * queried one by one. Returns the number of fills applied.
   */
  async catchUp(venue: BinanceVenueState, cursor: TradeCursor, symbols: Iterable<string>): Promise<number> {
    let applied = 0;
    for (const symbol of symbols) {
      for (const fill of await venue.fillsFromTradeId(symbol, cursor.next(symbol))) {
        cursor.observe(fill);
        // Trades of orders this process does not track are left to the reconciler (adoption).
        if (this.o.tracker.get(fill.clientOrderId) && this.o.applyFill(fill)) applied++;
      }
    }
    const listed = new Set((await venue.openOrders()).map((o) => o.clientOrderId));
    for (const order of this.o.tracker.open()) {
      // PENDING_SUBMIT: its own placeOrder call is still in flight (or a bracket exit not sent yet);
      // UNKNOWN: watched by its own checks.
      if (order.status === 'PENDING_SUBMIT' || order.status === 'UNKNOWN' || listed.has(order.clientOrderId)) continue;
      await this.resolveOne(order.clientOrderId).catch(() => undefined);
    }
    return applied;
  }

  stop(): void {
    for (const t of this.watched.values()) t.cancel();
    this.watched.clear();
  }

  private async resolveOne(clientOrderId: string): Promise<'adopted' | 'rejected' | 'pending'> {
    const order = this.o.tracker.get(clientOrderId);
    if (!order) return 'pending';
    const symbol = order.request.instrument.venueSymbol ?? order.request.instrument.symbol;
    let raw: RawOrder;
    try {
      raw = await this.o.orders.request({ method: 'GET', path: '/api/v3/order', params: { symbol, origClientOrderId: clientOrderId }, signed: true, weight: 4, retry: true, clientOrderId, decode: decodeOrder });
    } catch (error) {
      if (error instanceof OrderNotFoundError && order.status === 'UNKNOWN') return this.countNotFound(clientOrderId);
      this.o.logger.warn('binance: order query failed', { clientOrderId, error: (error as Error).message });
      return 'pending';
    }
    this.notFound.delete(clientOrderId);
    this.o.rest.forgetOrderTimestamp(clientOrderId);
    await this.adopt(order, raw, symbol);
    return 'adopted';
  }

  private countNotFound(clientOrderId: string): 'rejected' | 'pending' {
    const n = (this.notFound.get(clientOrderId) ?? 0) + 1;
    this.notFound.set(clientOrderId, n);
    if (n < this.o.maxChecks) return 'pending';
    // A request delayed on its way is still accepted until its signed timestamp + recvWindow on the
    // venue's clock: "not found" before then proves nothing, however often it is answered.
    const signedAt = this.o.rest.signedOrderTimestamp(clientOrderId);
    if (signedAt !== undefined && this.o.rest.serverNow() <= signedAt + this.o.rest.recvWindowMs + CLOCK_MARGIN_MS) return 'pending';
    this.notFound.delete(clientOrderId);
    this.o.rest.forgetOrderTimestamp(clientOrderId);
    this.o.logger.warn('binance: unknown order never reached the venue', { clientOrderId, checks: n });
    this.o.applyStatus(clientOrderId, 'REJECTED', { rejectReason: `not known to Binance after ${n} checks (-2013)` });
    return 'rejected';
  }

  /** Applies the venue's view: its trades first (so quantities are right), then a final status. */
  private async adopt(order: Order, raw: RawOrder, symbol: string): Promise<void> {
    const venueOrderId = String(raw.orderId);
    const executed = raw.executedQty ?? '0';
    if (!order.filledQuantity.eq(executed)) {
      const trades = await this.o.orders.request({ method: 'GET', path: '/api/v3/myTrades', params: { symbol, orderId: raw.orderId }, signed: true, weight: 20, retry: true, decode: decodeMyTrades });
      for (const fill of fromMyTrades(trades, order.clientOrderId, order.request.instrument.symbol)) this.o.applyFill(fill);
    }
    const status = toOrderStatus(raw.status ?? 'NEW');
    const current = this.o.tracker.get(order.clientOrderId) ?? order;
    if (status === 'ACCEPTED' && (current.status === 'UNKNOWN' || current.status === 'SUBMITTED')) {
      this.o.applyStatus(order.clientOrderId, 'ACCEPTED', { venueOrderId });
    } else if (status === 'CANCELED' || status === 'EXPIRED' || status === 'REJECTED') {
      this.o.applyStatus(order.clientOrderId, status, { venueOrderId });
    } else if (status === 'PARTIALLY_FILLED' && current.status === 'UNKNOWN') {
      this.o.applyStatus(order.clientOrderId, 'ACCEPTED', { venueOrderId });
    }
  }
}
