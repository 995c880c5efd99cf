import { dec, type Decimal, type DecimalLike } from '@silvertine/core';
import type { AccountBook } from '../account/account-book';
import type { RequestAuthenticator } from '../auth/request-auth';
import type { MarketState } from '../market/market-state';
import type { EmulatedExchange } from '../orders/emulated-exchange';
import type { RateLimitConfig } from '../rate-limit/rate-limit.config';
import type { RateLimiter } from '../rate-limit/rate-limiter';
import type { MarketStreams } from '../ws/market-streams';
import type { WsGateway } from '../ws/ws-gateway';
import type { FaultInjector, FaultSpec } from './fault-injector';
import type { OrderJournal, ReceivedOrder } from './order-journal';

/** The parts of a running emulator the control interface drives. */
export interface ControlDeps {
  readonly exchange: EmulatedExchange;
  readonly market: MarketState;
  readonly book: AccountBook;
  readonly streams: MarketStreams;
  readonly gateway: WsGateway;
  readonly faults: FaultInjector;
  readonly limiter: RateLimiter;
  readonly auth: RequestAuthenticator;
  readonly journal: OrderJournal;
  readonly clock: {
    serverTime(): number;
    setOffset(ms: number): void;
  };
  readonly state: { maintenance: boolean };
  readonly emitUserEvent: (event: Record<string, unknown>) => void;
}

/**
 * What tests (and the /emulator HTTP routes) use to drive the emulator: move the market, change balances,
 * inject faults, break WebSockets, shift the clock, and read every order received as an oracle.
 */
export class EmulatorControl {
  constructor(private readonly d: ControlDeps) {}

  private symbol(symbol: string): string {
    const s = symbol.toUpperCase();
    if (!this.d.exchange.specs.has(s)) throw new Error(`unknown symbol ${symbol}`);
    return s;
  }

  /**
   * Sets the last price (book: bid one tick below, ask one tick above), prints a trade at that price,
   * triggers stops, fills crossed resting orders and pushes bookTicker/depth/trade streams.
   */
  setPrice(symbol: string, price: DecimalLike, tradeQty: DecimalLike = '1'): void {
    const s = this.symbol(symbol);
    const now = this.d.clock.serverTime();
    const quote = this.d.market.setPrice(s, dec(price), now);
    const print = this.d.market.recordTrade(s, dec(price), dec(tradeQty), now, false);
    this.d.streams.onQuote(s);
    this.d.streams.onTrade(print);
    this.d.exchange.onMarketData(quote, now);
  }

  /** Sets the top of book (sizes optional); resting orders crossed by it fill up to the quoted size. */
  setQuote(symbol: string, quote: { bid: DecimalLike; ask: DecimalLike; bidQty?: DecimalLike; askQty?: DecimalLike }): void {
    const s = this.symbol(symbol);
    const now = this.d.clock.serverTime();
    const q = this.d.market.setQuote(s, { bid: dec(quote.bid), ask: dec(quote.ask), bidQty: opt(quote.bidQty), askQty: opt(quote.askQty) }, now);
    this.d.streams.onQuote(s);
    this.d.exchange.onMarketData(q, now);
  }

  /** Prints a trade of `qty` at `price`: resting orders it crosses fill up to `qty` (partial fills). */
  trade(symbol: string, price: DecimalLike, qty: DecimalLike): void {
    const s = this.symbol(symbol);
    const now = this.d.clock.serverTime();
    const print = this.d.market.recordTrade(s, dec(price), dec(qty), now, false);
    this.d.streams.onTrade(print);
    this.d.exchange.onMarketData({ kind: 'trade', symbol: s, price: print.price, size: print.qty, timestamp: now }, now);
  }

  /** Sets an asset's free balance and pushes balanceUpdate + outboundAccountPosition (a deposit or withdrawal). */
  setBalance(asset: string, free: DecimalLike): void {
    const now = this.d.clock.serverTime();
    const delta = this.d.book.setFree(asset, dec(free));
    this.d.emitUserEvent({ e: 'balanceUpdate', E: now, a: asset, d: delta.toFixed(8), T: now });
    this.d.exchange.emitAccount(now);
  }

  /** Free and locked of an asset, as Decimals. */
  balance(asset: string): { free: Decimal; locked: Decimal } {
    return this.d.book.get(asset);
  }

  /**
   * Withholds the next `count` diff depth events (`<symbol>@depth…`) of a symbol from every connection: a
   * gap in the update-id chain, which a local order book must detect and resynchronise from a snapshot.
   */
  dropDepthUpdates(symbol: string, count: number): void {
    if (!Number.isSafeInteger(count) || count < 1) throw new Error(`count must be a positive integer, got ${count}`);
    this.d.streams.dropDepthUpdates(this.symbol(symbol), count);
  }

  /** The book of a symbol as GET /api/v3/depth would answer it (its update id, levels best first), as Decimals: an oracle. */
  depth(symbol: string): { lastUpdateId: number; bids: Array<readonly [Decimal, Decimal]>; asks: Array<readonly [Decimal, Decimal]> } {
    const s = this.symbol(symbol);
    const { bids, asks } = this.d.market.depth(s);
    return { lastUpdateId: this.d.market.updateId(s), bids, asks };
  }

  /** Queues a fault for the next matching request(s). */
  injectFault(fault: FaultSpec): void {
    this.d.faults.inject(fault);
  }

  clearFaults(): void {
    this.d.faults.clear();
  }

  /** Closes every WebSocket abruptly. */
  dropWebSockets(): void {
    this.d.gateway.dropAll();
  }

  /** Every current WebSocket stops receiving and answering (no pongs, no events). */
  halfOpenWebSockets(): void {
    this.d.gateway.halfOpenAll();
  }

  /**
   * Pauses (true) or resumes (false) the market streams only: their sockets stay open and answer requests
   * but carry no events; user data streams and the WebSocket API are not affected.
   */
  pauseMarketStreams(paused: boolean): void {
    this.d.streams.setPaused(paused);
  }

  /** Sends serverShutdown to WebSocket API sessions. */
  sendServerShutdown(): void {
    this.d.gateway.sendServerShutdown(this.d.clock.serverTime());
  }

  /** Sends a non-JSON frame on every WebSocket. */
  sendMalformedFrame(): void {
    this.d.gateway.sendMalformedFrame();
  }

  /** Server time = clock + offset (positive: the server is ahead of the client). */
  setTimeOffset(ms: number): void {
    this.d.clock.setOffset(ms);
  }

  /** Maintenance: trading endpoints answer 503 -1016 and exchangeInfo reports status BREAK. */
  setMaintenance(on: boolean): void {
    this.d.state.maintenance = on;
  }

  /** Changes rate limits at run time. */
  configureRateLimits(changes: Partial<RateLimitConfig>): void {
    this.d.limiter.configure(changes);
  }

  /** Clears weight and order counters, violations and bans. */
  resetRateLimits(): void {
    this.d.limiter.reset();
  }

  /** Revokes an API key: later requests get -2015 and user-data streams end with eventStreamTerminated. */
  revokeApiKey(apiKey: string): void {
    this.d.auth.revokeKey(apiKey);
    this.d.gateway.terminateUserStreams();
  }

  /** The trades of `symbol` in id order (orderId, price, quantity, venue time): a test's oracle of what the venue did. */
  trades(symbol: string): ReadonlyArray<{ readonly id: number; readonly orderId: number; readonly price: Decimal; readonly qty: Decimal; readonly time: number }> {
    return this.d.exchange.trades(this.symbol(symbol));
  }

  /** Every order placement received (accepted or not), optionally for one clientOrderId. */
  receivedOrders(clientOrderId?: string): readonly ReceivedOrder[] {
    return this.d.journal.list(clientOrderId);
  }

  /** Requests received for an API operation (`order.status`, `myTrades`, `openOrders.status`…), REST and WebSocket API. */
  requestCount(operation: string): number {
    return this.d.journal.requestCount(operation);
  }

  /**
   * REST requests received per `METHOD /path` (e.g. `{"GET /api/v3/exchangeInfo": 1}`), including paths the
   * emulator does not serve, so a test can prove a client called nothing unexpected. Control routes are not counted.
   */
  restRoutes(): Record<string, number> {
    return this.d.journal.restRoutes();
  }

  /** Number of open WebSocket connections. */
  get webSocketCount(): number {
    return this.d.gateway.connectionCount;
  }
}

function opt(v: DecimalLike | undefined): Decimal | undefined {
  return v === undefined ? undefined : dec(v);
}
