import { ConfigurationError, Decimal, OrderNotFoundError, type BrokerPosition, type Fill, type Instrument, type Order, type VenueStateSource } from '@silvertine/core';
import type { BinanceRestClient } from '../http/binance-rest-client';
import { toBalances, toSpotPositions } from '../mapping/account-mapping';
import { decodeAccount } from '../decoding/rest-account.decoder';
import { decodeOrder, decodeOrders } from '../decoding/rest-order.decoder';
import { decodeMyTrades } from '../decoding/rest-trades.decoder';
import type { RawMyTrade, RawOrder } from '../mapping/binance-types';
import { fromMyTrade, fromQueryOrder } from '../mapping/order-mapping';

/** Binance's largest myTrades page. */
const TRADE_PAGE = 1000;

/** What BinanceVenueState reads with. */
export interface BinanceVenueStateOptions {
  readonly rest: BinanceRestClient;
  /** Instruments of the configured symbols, by Binance symbol: the symbols asked about. */
  readonly instruments: ReadonlyMap<string, Instrument>;
  /**
   * The broker's own knowledge, so that most lookups need no request: the symbol of a clientOrderId it
   * tracks, and the clientOrderId of a venue orderId it has seen.
   */
  readonly symbolOf?: (clientOrderId: string) => string | undefined;
  readonly clientOrderIdOf?: (symbol: string, venueOrderId: string) => string | undefined;
  /**
   * Added to each base asset's balance to express it in the terms of the broker's ledger (see
   * VenuePositionBaseline: less the opening balance, plus what the ledger counts that the balance does
   * not). Zero when not given: the balances as Binance reports them.
   */
  readonly positionOffset?: (asset: string) => Decimal;
}

/**
 * The venue's own account of orders, fills and positions, read over signed REST and mapped with the pure
 * mappers: `GET /api/v3/openOrders`, `GET /api/v3/myTrades` (since a time or a tradeId), `GET
 * /api/v3/account` (balances → spot positions) and `GET /api/v3/order` by origClientOrderId or orderId.
 *
 * It is core's `VenueStateSource` (test/reconciliation.test.ts passes an instance to resilience's
 * Reconciler). Every answer passes its decoder first; a malformed one fails the read with a
 * VenuePayloadError and nothing of it is used.
 */
export class BinanceVenueState implements VenueStateSource {
  /** Orders seen by orderId (`symbol:orderId`): a trade names its orderId, not our clientOrderId. */
  private readonly byOrderId = new Map<string, Order>();

  constructor(private readonly o: BinanceVenueStateOptions) {}

  /** Every open order of the configured symbols (one request per symbol, weight 6 each). */
  async openOrders(): Promise<readonly Order[]> {
    const out: Order[] = [];
    for (const [symbol, instrument] of this.o.instruments) {
      const rows = await this.o.rest.request({ method: 'GET', path: '/api/v3/openOrders', params: { symbol }, signed: true, weight: 6, retry: true, decode: decodeOrders });
      for (const row of rows) out.push(this.remember(symbol, fromQueryOrder(row, instrument)));
    }
    return out;
  }

  /**
   * Executions of the configured symbols since `since` (epoch ms), oldest first per symbol. A trade of
   * an order the broker tracks or the caller lists in `known` (the journal's) is attributed without a
   * request; only a trade of an order unknown to both costs a `GET /api/v3/order`.
   */
  async recentFills(since: number, known?: readonly Order[]): Promise<readonly Fill[]> {
    for (const order of known ?? []) {
      const key = `${order.request.instrument.venueSymbol ?? order.request.instrument.symbol}:${order.venueOrderId}`;
      if (order.venueOrderId !== undefined && !this.byOrderId.has(key)) this.byOrderId.set(key, order);
    }
    const out: Fill[] = [];
    for (const symbol of this.o.instruments.keys()) {
      const first = await this.trades(symbol, { startTime: since });
      out.push(...(await this.toFills(symbol, first)));
      if (first.length === TRADE_PAGE) out.push(...(await this.fillsFromTradeId(symbol, first[first.length - 1].id + 1)));
    }
    return out;
  }

  /**
   * Executions of one symbol with tradeId ≥ `fromId`, every page. What the broker uses after a reconnect:
   * one request per symbol (per 1000 trades) instead of one per open order.
   */
  async fillsFromTradeId(symbol: string, fromId: number): Promise<Fill[]> {
    const out: Fill[] = [];
    for (let next = fromId; ; ) {
      const rows = await this.trades(symbol, { fromId: next });
      out.push(...(await this.toFills(symbol, rows)));
      if (rows.length < TRADE_PAGE) return out;
      next = rows[rows.length - 1].id + 1;
    }
  }

  /** The id of the latest trade of a symbol, or 0 when there is none (myTrades without fromId = most recent). */
  async lastTradeId(symbol: string): Promise<number> {
    const rows = await this.trades(symbol, { limit: 1 });
    return rows.length ? rows[rows.length - 1].id : 0;
  }

  /** Spot positions from the account's balances (see `toSpotPositions` and `positionOffset`). */
  async positions(): Promise<readonly BrokerPosition[]> {
    const account = await this.o.rest.request({ method: 'GET', path: '/api/v3/account', params: { omitZeroBalances: true }, signed: true, weight: 20, retry: true, decode: decodeAccount });
    return toSpotPositions(toBalances(account), this.o.instruments.values(), this.o.positionOffset ?? (() => Decimal.ZERO));
  }

  /**
   * One order by our clientOrderId, open or closed; undefined when the venue never saw it. Binance needs
   * the symbol: the broker's hint is asked first, then every configured symbol (-2013 means "not here").
   */
  async orderByClientId(clientOrderId: string): Promise<Order | undefined> {
    const hint = this.o.symbolOf?.(clientOrderId);
    const symbols = hint && this.o.instruments.has(hint) ? [hint, ...[...this.o.instruments.keys()].filter((s) => s !== hint)] : [...this.o.instruments.keys()];
    for (const symbol of symbols) {
      const found = await this.query(symbol, { origClientOrderId: clientOrderId });
      if (found) return found;
    }
    return undefined;
  }

  private async trades(symbol: string, params: { fromId?: number; startTime?: number; limit?: number }): Promise<RawMyTrade[]> {
    return this.o.rest.request({
      method: 'GET', path: '/api/v3/myTrades', params: { symbol, limit: TRADE_PAGE, ...params }, signed: true, weight: 20, retry: true, decode: decodeMyTrades,
    });
  }

  /** Trades → fills, naming each by its order's clientOrderId (known to the broker, seen before, or asked). */
  private async toFills(symbol: string, rows: readonly RawMyTrade[]): Promise<Fill[]> {
    const out: Fill[] = [];
    const instrument = this.instrument(symbol);
    for (const row of rows) {
      const venueOrderId = String(row.orderId);
      const clientOrderId = this.o.clientOrderIdOf?.(symbol, venueOrderId) ?? this.byOrderId.get(`${symbol}:${venueOrderId}`)?.clientOrderId ?? (await this.query(symbol, { orderId: row.orderId }))?.clientOrderId;
      // A trade whose order the venue no longer answers for cannot be attributed; the reconciler's
      // filled-quantity check covers it when the order itself is still known.
      if (clientOrderId) out.push(fromMyTrade(row, clientOrderId, instrument.symbol));
    }
    return out;
  }

  private async query(symbol: string, ref: { origClientOrderId: string } | { orderId: number }): Promise<Order | undefined> {
    let raw: RawOrder;
    try {
      raw = await this.o.rest.request({ method: 'GET', path: '/api/v3/order', params: { symbol, ...ref }, signed: true, weight: 4, retry: true, decode: decodeOrder });
    } catch (error) {
      if (error instanceof OrderNotFoundError) return undefined;
      throw error;
    }
    return this.remember(symbol, fromQueryOrder(raw, this.instrument(symbol)));
  }

  private instrument(symbol: string): Instrument {
    const instrument = this.o.instruments.get(symbol);
    if (!instrument) throw new ConfigurationError(`binance: ${symbol} is not a configured symbol`);
    return instrument;
  }

  private remember(symbol: string, order: Order): Order {
    this.byOrderId.set(`${symbol}:${order.venueOrderId}`, order);
    return order;
  }
}
