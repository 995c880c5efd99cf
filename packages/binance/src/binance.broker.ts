import {
  AbstractBroker,
  ConfigurationError,
  createEvent,
  Decimal,
  dec,
  InvalidOrderError,
  RegisterBroker,
  type BrokerAccountInfo,
  type BrokerBalance,
  type BrokerCapabilities,
  type BrokerInit,
  type BrokerPosition,
  type Fill,
  type Instrument,
  type MarketData,
  type Order,
  type OrderBookSnapshot,
  type OrderStatus,
  type ReconcilableBroker,
  type SubmitAcknowledgement,
  type Ticker,
  type TickerProvider,
  type VenueContradictionError,
} from '@silvertine/core';
import { BinanceConfig, binanceConfig, resolveEndpoints } from './binance.config';
import { BracketExits } from './binance.bracket-exits';
import { OrderResolver, type ResolutionSummary } from './binance.order-resolver';
import { UserEvents } from './binance.user-events';
import type { InboundBoundary } from './decoding/inbound-boundary';
import { PayloadRejection } from './decoding/payload-rejection';
import { decodeAccount } from './decoding/rest-account.decoder';
import { decodeBookTickers, decodeExchangeInfo, decodeRestBookTicker, decodeRestTickerPrice, decodeTickerPrices } from './decoding/rest-market.decoder';
import { decodeOrder } from './decoding/rest-order.decoder';
import { BinanceRestClient } from './http/binance-rest-client';
import { RequestRateLimiter } from './http/request-rate-limiter';
import { ed25519Signer, hmacSigner } from './http/request-signer';
import type { RestTransport } from './http/rest-transport';
import { createRestTransport } from './http/transport-factory';
import { toBalances, toSpotPositions } from './mapping/account-mapping';
import { checkBracket, toBracketExit } from './mapping/bracket-mapping';
import { checkAgainstVenue } from './mapping/filter-check';
import { mapExchangeInfo, type SymbolRules } from './mapping/instrument-mapping';
import { fromNewOrderResponse, toOrderParams } from './mapping/order-mapping';
import { VenuePositionBaseline } from './positions/venue-position-baseline';
import { BinanceVenueState } from './reconciliation/binance-venue-state';
import { TradeCursor } from './reconciliation/trade-cursor';
import { decodeDepthSnapshot } from './decoding/depth-diff.decoder';
import { fromDepthSnapshot } from './mapping/depth-mapping';
import { fromRestBookTicker } from './mapping/market-data-mapping';
import { ofAskedSymbol, toTicker } from './mapping/ticker-mapping';
import { OrderBookSync } from './order-book/order-book-sync';
import { MarketDataStream } from './ws/market-data-stream';
import { UserDataStream } from './ws/user-data-stream';
import { WsApiOrderChannel, type OrderChannel } from './ws/ws-api-order-channel';

/**
 * Binance Spot. Orders over signed REST (undici by default, got as an option), user data over the
 * WebSocket API, venue filters from exchangeInfo checked before sending, client-side rate limits, and
 * unknown outcomes resolved by querying the order, never by sending it again. Every message from the
 * venue passes a decoder (src/decoding/) before anything reads it; a refused one is a VenuePayloadError
 * and changes nothing.
 *
 * Positions, two views (core's convention):
 * - `getPositions()`: the venue's quantities. Spot has no positions at Binance, so they are the account's
 *   base-asset balances (free + locked, read from GET /api/v3/account) as Binance reports them, under the
 *   first configured symbol with that base asset (BTCUSDT and BTCFDUSD share one BTC balance). Binance
 *   reports no cost, so the average price and P&L are zero; `marketPrice` is the last price seen. A buy
 *   moves it by the fill quantity less the commission Binance took in the asset bought.
 * - `localPositions()`: core's ledger of the fills this broker applied, at their full quantities.
 * `venueState()` answers reconciliation's questions, with balances expressed in the ledger's terms (see
 * VenuePositionBaseline).
 */
@RegisterBroker({ type: 'binance', description: 'Binance Spot: signed REST, WebSocket API user data, rate limits', configClass: BinanceConfig })
export class BinanceBroker extends AbstractBroker<BinanceConfig> implements ReconcilableBroker, TickerProvider {
  readonly capabilities: BrokerCapabilities = {
    // TRAILING_STOP is a STOP_LOSS with trailingDelta; TRAILING_STOP_LIMIT is not mapped (see binanceOrderType).
    orderTypes: ['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT', 'TRAILING_STOP'],
    timeInForce: ['GTC', 'IOC', 'FOK'],
    assetClasses: ['CRYPTO'],
    features: ['POST_ONLY', 'BRACKET', 'TRAILING', 'TICKER'],
    // Binance's trailingDelta is in basis points of the price: a trailingAmount is refused before any I/O.
    trailingDistances: ['PERCENT'],
  };

  private transport?: RestTransport;
  private rest?: BinanceRestClient;
  /** Where orders, cancels and order queries go: the REST client, or the WebSocket API (config `orderEntry`). */
  private orders?: OrderChannel;
  private stream?: UserDataStream;
  private marketStream?: MarketDataStream;
  private bookSync?: OrderBookSync;
  private resolver?: OrderResolver;
  private brackets?: BracketExits;
  private readonly instrumentsBySymbol = new Map<string, Instrument>();
  private readonly rules = new Map<string, SymbolRules>();
  private readonly balances = new Map<string, BrokerBalance>();
  private readonly lastPrice = new Map<string, Decimal>();
  private readonly baseline = new VenuePositionBaseline();
  private readonly cursor = new TradeCursor();
  /**
   * One limiter for the broker's life, not per connection: a 418 ban or a Retry-After outlives a reconnect,
   * and the limits seeded from exchangeInfo stay known (a fresh limiter would judge the venue's reported
   * usage against the default 6000 before exchangeInfo was read again).
   */
  private readonly limiter = new RequestRateLimiter(this.clock);
  private readonly userEvents = new UserEvents({
    tracker: this.tracker,
    logger: this.logger,
    balances: this.balances,
    quoteAssetOf: (symbol) => this.instrumentsBySymbol.get(symbol)?.quoteAsset,
    applyFill: (fill, cumulative) => this.applyVenueFill(fill, undefined, cumulative),
    applyStatus: (id, status, patch) => this.applyVenueStatus(id, status, patch),
    reject: (kind, reason, payload) => this.rejectVenuePayload(kind, reason, payload),
  });

  /** The config is normalised once here (every default applied, see `binanceConfig`); nothing else falls back. */
  constructor(init: BrokerInit<BinanceConfig>) {
    if (!init.config?.apiKey || !(init.config.apiSecret || init.config.privateKeyPem)) {
      throw new ConfigurationError('binance: apiKey and apiSecret (or privateKeyPem) are required', { brokerId: init.id });
    }
    super({ ...init, config: binanceConfig(init.config) });
  }

  /** The REST client (rate-limit snapshot, time offset) for diagnostics. */
  get restClient(): BinanceRestClient | undefined {
    return this.rest;
  }

  protected async connectVenue(): Promise<void> {
    const c = this.config;
    const endpoints = resolveEndpoints(c);
    const signer = c.privateKeyPem ? ed25519Signer(c.privateKeyPem) : hmacSigner(c.apiSecret ?? '');
    this.transport = createRestTransport(c.transport, endpoints.restUrl, this.clock);
    const rest = new BinanceRestClient({
      transport: this.transport, apiKey: c.apiKey, signer, limiter: this.limiter, clock: this.clock, logger: this.logger, brokerId: this.id,
      recvWindowMs: c.recvWindowMs, timeoutMs: c.requestTimeoutMs, maxVenueWaitMs: c.maxVenueWaitMs, onBan: (until) => this.onBan(until),
      rejectPayload: (kind, reason, payload) => this.rejectVenuePayload(kind, reason, payload),
    });
    this.rest = rest;
    try {
      await rest.syncTime();
      const info = await rest.request({ method: 'GET', path: '/api/v3/exchangeInfo', params: { symbols: JSON.stringify(c.symbols) }, signed: false, weight: 20, retry: true, decode: decodeExchangeInfo });
      const mapped = mapExchangeInfo(info);
      this.limiter.seed(mapped.rateLimits);
      for (const [s, i] of mapped.instruments) this.instrumentsBySymbol.set(s, i);
      this.registerInstruments(mapped.instruments.values());
      for (const [s, r] of mapped.rules) this.rules.set(s, r);
      await this.refreshPrices();
      const watermarks = await this.readOpening();
      this.stream = new UserDataStream({
        url: endpoints.wsApiUrl, apiKey: c.apiKey, signer, serverNow: () => rest.serverNow(), recvWindowMs: c.recvWindowMs,
        clock: this.clock, logger: this.logger, brokerId: this.id, requestTimeoutMs: c.requestTimeoutMs,
        pingIntervalMs: c.pingIntervalMs, pongTimeoutMs: c.pongTimeoutMs, reconnectMinDelayMs: c.reconnectMinDelayMs, reconnectMaxDelayMs: c.reconnectMaxDelayMs,
        sessionMaxAgeMs: c.sessionMaxAgeMs,
        onEvent: (e) => this.userEvents.handle(e),
        boundary: this.inbound,
        onDown: (reason) => this.setConnectionState('RECONNECTING', reason),
        onReconnected: () => this.onReconnected(),
      });
      this.orders = c.orderEntry === 'websocket'
        ? new WsApiOrderChannel({
          stream: this.stream, rest, limiter: this.limiter, apiKey: c.apiKey, signer, recvWindowMs: c.recvWindowMs, timeoutMs: c.requestTimeoutMs,
          rejectPayload: (kind, reason, payload) => this.rejectVenuePayload(kind, reason, payload),
        })
        : rest;
      this.resolver = new OrderResolver({
        rest, orders: this.orders, clock: this.clock, logger: this.logger, brokerId: this.id, tracker: this.tracker,
        maxChecks: c.unknownOrderMaxChecks, checkDelayMs: c.unknownOrderCheckDelayMs,
        applyStatus: (id, status, patch) => this.applyVenueStatus(id, status, patch),
        applyFill: (fill) => this.applyVenueFill(fill),
        onError: (error) => this.reportError(error),
      });
      this.brackets = new BracketExits({
        orders: () => this.orderChannel(), tracker: this.tracker, logger: this.logger, brokerId: this.id, instruments: this.instrumentsBySymbol, rules: this.rules,
        track: (child) => this.tracker.track(child, this.clock.now()),
        applyStatus: (id, status, patch) => this.applyVenueStatus(id, status, patch),
        alert: (message) => this.alert('binance-bracket', message),
      });
      await this.stream.start();
      if (c.marketData) {
        this.marketStream = new MarketDataStream({
          url: endpoints.streamUrl, symbols: [...this.instrumentsBySymbol.keys()], depthLevels: c.localOrderBook ? 0 : c.depthLevels, clock: this.clock, logger: this.logger,
          pingIntervalMs: c.pingIntervalMs, pongTimeoutMs: c.pongTimeoutMs, handshakeTimeoutMs: c.requestTimeoutMs,
          reconnectMinDelayMs: c.reconnectMinDelayMs, reconnectMaxDelayMs: c.reconnectMaxDelayMs,
          onData: (data) => this.onMarketData(data),
          boundary: this.inbound,
          // GET /api/v3/ticker/bookTicker?symbols= (weight 4 up to 20 symbols): the price before the book moves.
          fetchQuotes: async () => {
            const rows = await this.client().request({
              method: 'GET', path: '/api/v3/ticker/bookTicker', params: { symbols: JSON.stringify([...this.instrumentsBySymbol.keys()]) }, signed: false, weight: 4, retry: true, decode: decodeBookTickers,
            });
            return rows.flatMap((r) => fromRestBookTicker(r, this.clock.now()) ?? []);
          },
        });
        await this.marketStream.start();
      }
      if (c.localOrderBook) await this.startOrderBooks(endpoints.streamUrl);
      // Connected again in the same process: orders we still track may have filled or closed meanwhile.
      if (this.tracker.open().length > 0) await this.resolver.catchUp(this.venueState(), this.cursor, this.instrumentsBySymbol.keys());
      for (const [symbol, id] of watermarks) this.cursor.advance(symbol, id);
    } catch (error) {
      await this.release();
      throw error;
    }
  }

  protected async disconnectVenue(): Promise<void> {
    await this.release();
  }

  protected override referencePrice(symbol: string): Decimal | undefined {
    return this.lastPrice.get(symbol);
  }

  protected async submitToVenue(order: Order): Promise<SubmitAcknowledgement> {
    const { request } = order;
    const symbol = request.instrument.venueSymbol ?? request.instrument.symbol;
    checkAgainstVenue(request, this.instrumentsBySymbol.get(symbol), this.rules.get(symbol), this.id);
    if (request.bracket) {
      // Exits are sent after the entry fills; whatever would make them fail must stop the entry now.
      checkBracket(request, this.id);
      for (const exit of toBracketExit(request, request.quantity)?.children ?? []) checkAgainstVenue(exit, this.instrumentsBySymbol.get(symbol), this.rules.get(symbol), this.id);
    }
    const raw = await this.orderChannel().request({
      method: 'POST', path: '/api/v3/order', params: toOrderParams(request), signed: true, weight: 1, isOrder: true, clientOrderId: order.clientOrderId, decode: decodeOrder,
    });
    // An answer about another order proves nothing about ours: its outcome is unknown (resolved by query).
    if (raw.clientOrderId !== order.clientOrderId) throw this.rejectVenuePayload('POST /api/v3/order', 'clientOrderId is not the one sent', raw);
    const placed = fromNewOrderResponse(raw, request);
    for (const fill of placed.fills) this.applyVenueFill(fill);
    // IOC/FOK that did not fill, or a rejection reported in the body: final at once.
    if (placed.status === 'EXPIRED' || placed.status === 'CANCELED' || placed.status === 'REJECTED') {
      this.applyVenueStatus(order.clientOrderId, placed.status, { venueOrderId: placed.venueOrderId });
    }
    return { venueOrderId: placed.venueOrderId, status: 'ACCEPTED' };
  }

  protected async cancelAtVenue(order: Order): Promise<void> {
    const symbol = order.request.instrument.venueSymbol ?? order.request.instrument.symbol;
    const raw = await this.orderChannel().request({
      method: 'DELETE', path: '/api/v3/order', params: { symbol, origClientOrderId: order.clientOrderId }, signed: true, weight: 1, clientOrderId: order.clientOrderId, decode: decodeOrder,
    });
    if (raw.status === 'CANCELED') this.applyVenueStatus(order.clientOrderId, 'CANCELED', { venueOrderId: String(raw.orderId) });
  }

  // ---- hooks (core runs them inside its error boundary) --------------------------------------

  /**
   * Every new fill: bracket commissions, the trade cursor, the reconciliation baseline and the mark. A
   * fill restored from the journal is history: the exits of its entry are the reconciler's business
   * (resumeBracketExits asks the venue first), not a live fill's.
   */
  protected override onFillApplied(fill: Fill, order: Order): void {
    if (!this.restoringFromJournal) this.brackets?.onFill(fill);
    this.cursor.observe(fill);
    this.baseline.onFill(order.request.instrument, fill);
    this.mark(fill.symbol, fill.price);
  }

  /**
   * Every order change: an UNKNOWN order is watched until the venue says what became of it; a filled
   * bracket entry sends its exits, unless it is an earlier process's entry restored from the journal
   * (its exits may be at the venue already, or filled: resumeBracketExits checks before sending).
   */
  protected override onOrderChanged(order: Order, _previousStatus?: OrderStatus): void {
    if (order.status === 'UNKNOWN') this.resolver?.watch(order.clientOrderId);
    if (!this.restoringFromJournal) this.brackets?.onOrder(order);
  }

  /**
   * A venue fill contradicted its order (core refused it and blocked the symbol): ask the venue what
   * really happened to the order. The block stays until a reconcile pass calls `reconciled()`.
   */
  protected override onContradiction(order: Order, _fill: Fill, _error: VenueContradictionError): void {
    this.resolver?.askVenue(order.clientOrderId);
  }

  // ---- reads ---------------------------------------------------------------------------------

  /**
   * Balances from GET /api/v3/account (also refreshes the cache the user-data stream keeps current). The
   * cache is replaced only once the whole answer has passed its decoder: a malformed one (a negative or
   * non-numeric amount, a missing field) fails with a VenuePayloadError and leaves the cache as it was.
   */
  async getBalances(): Promise<readonly BrokerBalance[]> {
    const account = await this.client().request({ method: 'GET', path: '/api/v3/account', params: { omitZeroBalances: true }, signed: true, weight: 20, retry: true, decode: decodeAccount });
    const fresh = toBalances(account);
    this.balances.clear();
    for (const b of fresh) this.balances.set(b.asset, b);
    return fresh;
  }

  /** Balances as last pushed by the user-data stream, without a request. */
  cachedBalances(): readonly BrokerBalance[] {
    return [...this.balances.values()];
  }

  /**
   * The venue's quantities: the account's base-asset balances as Binance reports them (one request), see
   * the class comment. No average price (Binance keeps none for spot); `marketPrice` is the last price seen.
   */
  async getPositions(): Promise<readonly BrokerPosition[]> {
    const positions = toSpotPositions(await this.getBalances(), this.instrumentsBySymbol.values());
    return positions.map((p) => ({ ...p, marketPrice: this.lastPrice.get(p.instrument.symbol) }));
  }

  /**
   * After a restart (called by @silvertine/resilience's Reconciler with the journaled bracket entries
   * that filled): sends the exits of each entry unless the venue already holds them, which are adopted
   * instead. Idempotent within a process and across restarts (see BracketExits.resume).
   */
  async resumeBracketExits(entries: readonly Order[]): Promise<void> {
    const brackets = this.brackets;
    if (!brackets) throw new ConfigurationError('binance: not connected, bracket exits cannot be resumed', { brokerId: this.id });
    for (const entry of entries) await brackets.resume(entry, (order) => this.adoptOrder(order));
  }

  /**
   * The venue's own state (open orders, fills since a time, positions, an order by clientOrderId): core's
   * `VenueStateSource`, for a reconciler. Its positions are the base-asset balances expressed in the
   * ledger's terms (VenuePositionBaseline), so that they compare with `localPositions()`.
   */
  venueState(): BinanceVenueState {
    const tracked = () => this.tracker.all();
    let byVenueId: Map<string, string> | undefined;
    return new BinanceVenueState({
      rest: this.client(),
      instruments: this.instrumentsBySymbol,
      positionOffset: (asset) => this.baseline.offset(asset),
      symbolOf: (id) => {
        const order = this.tracker.get(id);
        return order ? (order.request.instrument.venueSymbol ?? order.request.instrument.symbol) : undefined;
      },
      clientOrderIdOf: (symbol, venueOrderId) => {
        byVenueId ??= new Map(tracked().filter((o) => o.venueOrderId).map((o) => [`${o.request.instrument.venueSymbol ?? o.request.instrument.symbol}:${o.venueOrderId}`, o.clientOrderId]));
        return byVenueId.get(`${symbol}:${venueOrderId}`);
      },
    });
  }

  async getAccountInfo(): Promise<BrokerAccountInfo> {
    const positions = await this.getPositions();
    const balances = this.cachedBalances();
    const base = 'USDT';
    const equity = Decimal.sum(balances.map((b) => (b.asset === base ? b.total : b.total.times(this.lastPrice.get(`${b.asset}${base}`) ?? Decimal.ZERO))));
    const free = this.balances.get(base)?.free ?? Decimal.ZERO;
    return {
      accountId: this.id, accountType: 'CASH', baseCurrency: base, equity, buyingPower: free,
      marginUsed: Decimal.ZERO, marginAvailable: Decimal.ZERO, balances, positions, updatedAt: this.clock.now(),
    };
  }

  /** Fetches last prices of the configured symbols once (at connect: the first marks); the market streams keep them current afterwards. */
  async refreshPrices(): Promise<void> {
    const rows = await this.client().request({
      method: 'GET', path: '/api/v3/ticker/price', params: { symbols: JSON.stringify(this.config.symbols) }, signed: false, weight: 4, retry: true, decode: decodeTickerPrices,
    });
    for (const r of rows) this.mark(r.symbol, dec(r.price));
  }

  /**
   * The ticker of one symbol from REST: GET /api/v3/ticker/bookTicker and /api/v3/ticker/price?symbol=
   * (unsigned, weight 2 each), through the broker's rate limiter, retries and error mapping, each within
   * requestTimeoutMs on the broker's clock. Both answers pass a decoder (a refused one is a
   * VenuePayloadError naming the field, an answer about another symbol included); an empty side is absent.
   */
  async ticker(symbol: string): Promise<Ticker> {
    const rest = this.client();
    if (!this.instrumentsBySymbol.has(symbol)) throw new InvalidOrderError('symbol', 'unknownInstrument', `broker ${this.id} has no instrument ${symbol}`, { brokerId: this.id });
    const at = this.clock.now();
    const [book, price] = await Promise.all([
      rest.request({ method: 'GET', path: '/api/v3/ticker/bookTicker', params: { symbol }, signed: false, weight: 2, retry: true, decode: (b) => ofAskedSymbol(decodeRestBookTicker(b), symbol) }),
      rest.request({ method: 'GET', path: '/api/v3/ticker/price', params: { symbol }, signed: false, weight: 2, retry: true, decode: (b) => ofAskedSymbol(decodeRestTickerPrice(b), symbol) }),
    ]);
    return toTicker(book, price, at);
  }

  /**
   * Asks the venue about every UNKNOWN order once: found → adopted with its fills and status; -2013
   * (never arrived) counted, and REJECTED after `unknownOrderMaxChecks` such answers.
   */
  async resolveUnknownOrders(): Promise<ResolutionSummary> {
    if (!this.resolver) throw new ConfigurationError('binance: not connected', { brokerId: this.id });
    return this.resolver.resolveUnknown();
  }

  private orderChannel(): OrderChannel {
    if (!this.orders) throw new ConfigurationError('binance: not connected', { brokerId: this.id });
    return this.orders;
  }

  private client(): BinanceRestClient {
    if (!this.rest) throw new ConfigurationError('binance: not connected', { brokerId: this.id });
    return this.rest;
  }

  /**
   * The streams' error boundary: a frame's handler runs here, so that nothing it throws reaches a socket
   * handler or a setImmediate. A decoder's PayloadRejection becomes a VenuePayloadError with an excerpt
   * of the frame; anything else goes through core's `guardInbound`. No closure is allocated per frame on
   * the path where nothing is thrown.
   */
  private readonly inbound: InboundBoundary = {
    run: (kind, payload, handler) => {
      try {
        handler(payload);
      } catch (error) {
        if (error instanceof PayloadRejection) this.rejectVenuePayload(kind, error.message, payload);
        else this.guardInbound(kind, () => { throw error; });
      }
    },
    reject: (kind, reason, payload) => {
      this.rejectVenuePayload(kind, reason, payload);
    },
  };

  /** After a reconnect: fetch what may have been missed (fills, cancels) before reporting CONNECTED. */
  private async onReconnected(): Promise<void> {
    if (this.resolver) {
      await this.resolver.catchUp(this.venueState(), this.cursor, this.instrumentsBySymbol.keys());
      // Orders left UNKNOWN by the drop (in flight on the WebSocket API, or on REST meanwhile): asked now, not at their next check.
      await this.resolver.resolveUnknown().catch((e: unknown) => this.reportError(e));
    }
    await this.getBalances().catch((e: Error) => this.logger.warn('binance: balance refresh failed', { error: e.message }));
    if (this.state === 'RECONNECTING') this.setConnectionState('CONNECTED', 'user-data stream resubscribed');
  }

  private onBan(untilMs: number): void {
    this.logger.error('binance ip ban', { until: untilMs });
    this.metrics.error(this.id, 'RATE_LIMIT', 'CRITICAL');
    this.alert('binance-rate-limit', `binance banned this IP (418) until ${new Date(untilMs).toISOString()}; REST calls stopped`);
  }

  private alert(source: string, message: string): void {
    this.logger.error('binance alert', { source, message });
    this.bus.publish(createEvent({ type: 'Alert', severity: 'CRITICAL', source, brokerId: this.id, message }, this.clock.now()));
  }

  /**
   * Streamed quotes, trades, bars and partial books: published on the bus; the reference price (mid, or
   * last trade) is kept from quotes and trades (a book's top is the same bookTicker quote, only less often).
   */
  private onMarketData(data: MarketData): void {
    if (data.kind === 'quote') this.mark(data.symbol, data.bid.plus(data.ask).div(2));
    else if (data.kind === 'trade') this.mark(data.symbol, data.price);
    this.bus.publish(createEvent({ type: 'MarketData', brokerId: this.id, data }, this.clock.now()));
  }

  /** Local order books from the diff depth stream (config `localOrderBook`), published as OrderBookSnapshot MarketData. */
  private async startOrderBooks(streamUrl: string): Promise<void> {
    const c = this.config;
    const limit = c.depthSnapshotLimit;
    // GET /api/v3/depth weight by limit (rest-api.md "Order book").
    const weight = limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    this.bookSync = new OrderBookSync({
      url: streamUrl, symbols: [...this.instrumentsBySymbol.keys()], publishLevels: c.localOrderBookLevels, clock: this.clock, logger: this.logger,
      pingIntervalMs: c.pingIntervalMs, pongTimeoutMs: c.pongTimeoutMs, handshakeTimeoutMs: c.requestTimeoutMs,
      reconnectMinDelayMs: c.reconnectMinDelayMs, reconnectMaxDelayMs: c.reconnectMaxDelayMs,
      fetchSnapshot: async (symbol) =>
        fromDepthSnapshot(await this.client().request({ method: 'GET', path: '/api/v3/depth', params: { symbol, limit }, signed: false, weight, retry: true, decode: decodeDepthSnapshot })),
      onBook: (book) => this.bus.publish(createEvent({ type: 'MarketData', brokerId: this.id, data: book }, this.clock.now())),
      onResync: (symbol, reason) => this.logger.info('binance local order book resync', { symbol, reason }),
      boundary: this.inbound,
    });
    await this.bookSync.start();
  }

  /** The local order book of a symbol (config `localOrderBook`): the best `levels` per side, or undefined while it is not in sync. */
  orderBook(symbol: string, levels?: number): OrderBookSnapshot | undefined {
    return this.bookSync?.book(symbol, levels);
  }

  private mark(symbol: string, price: Decimal): void {
    this.lastPrice.set(symbol, price);
    this.positionLedger.mark(symbol, price);
  }

  /**
   * Reads the balances together with the latest trade id per symbol they include, and takes them as the
   * reconciliation baseline's opening on the first connect. The reads are not atomic: the trade ids are
   * read before and after the balances, and the pair is retried while a trade slipped in between (so a
   * fill is neither counted twice nor lost).
   */
  private async readOpening(): Promise<ReadonlyMap<string, number>> {
    const venue = this.venueState();
    const watermarks = async () => new Map(await Promise.all([...this.instrumentsBySymbol.keys()].map(async (s) => [s, await venue.lastTradeId(s)] as const)));
    let before = await watermarks();
    for (let attempt = 0; ; attempt++) {
      const balances = await this.getBalances();
      const after = await watermarks();
      if (attempt >= 2 || [...after].every(([s, id]) => before.get(s) === id)) {
        if (attempt >= 2) this.logger.warn('binance: trades kept arriving while reading the opening balances; reconciliation will check them', {});
        this.baseline.open(balances, after);
        return after;
      }
      before = after;
    }
  }

  private async release(): Promise<void> {
    this.resolver?.stop();
    await this.stream?.stop();
    this.stream = undefined;
    await this.marketStream?.stop();
    this.marketStream = undefined;
    await this.bookSync?.stop();
    this.bookSync = undefined;
    await this.transport?.close();
    this.transport = undefined;
    this.rest = undefined;
    this.orders = undefined;
  }
}
