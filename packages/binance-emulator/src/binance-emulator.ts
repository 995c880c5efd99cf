import { dec, Decimal, type DecimalLike } from '@silvertine/core';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountBook } from './account/account-book';
import { RequestAuthenticator, type ApiCredential } from './auth/request-auth';
import { controlRoute } from './control/control-routes';
import { EmulatorControl } from './control/emulator-control';
import { FaultInjector } from './control/fault-injector';
import { OrderJournal } from './control/order-journal';
import { ApiDispatcher } from './http/api-dispatcher';
import { RestHandler, type PendingWork } from './http/rest-handler';
import { MarketState } from './market/market-state';
import { BookMatcher, type BookView } from './matching/book-matcher';
import type { OrderMatcher } from './matching/order-matcher.port';
import { PaperEngineMatcher } from './matching/paper-engine.matcher';
import { VenueBehaviourMatcher, type VenueBehaviour } from './matching/venue-behaviour';
import { EmulatedExchange } from './orders/emulated-exchange';
import { OcoLists } from './orders/oco-lists';
import { DEFAULT_RATE_LIMITS, type RateLimitConfig } from './rate-limit/rate-limit.config';
import { RateLimiter } from './rate-limit/rate-limiter';
import { resolveSymbolSpec, type SymbolSpecInput } from './rules/symbol-spec';
import { MarketStreams } from './ws/market-streams';
import { WsGateway } from './ws/ws-gateway';

/** How to start an emulator; everything has a default. */
export interface BinanceEmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** More accepted keys (same account). */
  readonly extraCredentials?: readonly ApiCredential[];
  /** Symbols by name (rules defaulted) or with their rules; default ["BTCUSDT"]. */
  readonly symbols?: readonly (string | SymbolSpecInput)[];
  /** Initial free balances, e.g. `{ USDT: '100000', BTC: '2' }`. */
  readonly balances?: Readonly<Record<string, DecimalLike>>;
  /** Initial last prices, e.g. `{ BTCUSDT: '50000' }`. */
  readonly prices?: Readonly<Record<string, DecimalLike>>;
  /** Quantity at each synthetic book level (default 10). */
  readonly levelQty?: DecimalLike;
  /** Commission rates (default 0.001 maker and taker). */
  readonly commission?: { readonly maker: DecimalLike; readonly taker: DecimalLike };
  readonly rateLimits?: Partial<RateLimitConfig>;
  /** Epoch-ms clock (default Date.now); tests inject one to move time without sleeping. */
  readonly clock?: () => number;
  /** Server ping interval on WebSockets (default 20000 ms, as Binance). */
  readonly pingIntervalMs?: number;
  /**
   * Who matches orders: 'paper' (default) is @silvertine/paper's MatchingEngine; 'book' is the
   * emulator's own matcher, which walks a synthetic depth (several fills per market order); a function
   * supplies any other OrderMatcher.
   */
  readonly matcher?: 'paper' | 'book' | ((book: BookView) => OrderMatcher);
  /**
   * The venue's own slippage, latency and partial-fill profile (seeded), around the 'paper' matcher
   * (default: none of them, i.e. fills at the touch, at once, in one piece). See VenueBehaviour.
   */
  readonly venue?: VenueBehaviour;
}

/** A running emulator. */
export interface BinanceEmulator {
  /** `http://127.0.0.1:<port>` (REST base URL). */
  readonly url: string;
  /** `ws://127.0.0.1:<port>` (append `/ws-api/v3`, `/ws/<stream>` or `/stream?streams=`). */
  readonly wsUrl: string;
  readonly port: number;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly control: EmulatorControl;
  /** Stops listening and releases every socket and timer. */
  close(): Promise<void>;
}

/** Default credentials when none are given (documented in the README; loopback only). */
export const DEFAULT_API_KEY = 'emulatorApiKey';
export const DEFAULT_API_SECRET = 'emulatorApiSecret';

/** Starts a Binance Spot emulator on 127.0.0.1. */
export async function startBinanceEmulator(options: BinanceEmulatorOptions = {}): Promise<BinanceEmulator> {
  const clock = options.clock ?? Date.now;
  let offset = 0;
  const serverTime = (): number => clock() + offset;
  const specs = new Map((options.symbols ?? ['BTCUSDT']).map((s) => resolveSymbolSpec(typeof s === 'string' ? { symbol: s } : s)).map((s) => [s.symbol, s]));
  const market = new MarketState(specs, dec(options.levelQty ?? '10'));
  for (const [symbol, price] of Object.entries(options.prices ?? {})) {
    market.setPrice(symbol.toUpperCase(), dec(price), serverTime());
    // The opening book is what the first snapshot shows: no diff event announces it (none could reach anyone).
    market.takeDepthDiff(symbol.toUpperCase());
  }
  const balances: Record<string, Decimal> = {};
  for (const [asset, v] of Object.entries(options.balances ?? {})) balances[asset] = dec(v);
  const book = new AccountBook(balances, serverTime);
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const apiSecret = options.apiSecret ?? DEFAULT_API_SECRET;
  const auth = new RequestAuthenticator([{ apiKey, apiSecret }, ...(options.extraCredentials ?? [])]);
  const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, serverTime);
  const faults = new FaultInjector();
  const journal = new OrderJournal();
  const state = { maintenance: false };
  const bookView: BookView = (s) => market.depth(s);
  const choice = options.matcher ?? 'paper';
  if (options.venue && choice !== 'paper') throw new RangeError("venue behaviour needs the 'paper' matcher");
  const paperMatcher = (): OrderMatcher => {
    const inner = new PaperEngineMatcher(specs.values(), options.venue?.slippage);
    return options.venue ? new VenueBehaviourMatcher(inner, options.venue, (s) => specs.get(s)?.stepSize ?? Decimal.ONE) : inner;
  };
  const matcher: OrderMatcher = typeof choice === 'function' ? choice(bookView) : choice === 'book' ? new BookMatcher(bookView) : paperMatcher();
  const streams = new MarketStreams(market, serverTime);
  // The gateway exists only after the server does; events before that have no subscriber anyway.
  const late: { gateway?: WsGateway; control?: EmulatorControl } = {};
  const emitUserEvent = (event: Record<string, unknown>): void => late.gateway?.pushUserEvent(event);
  const rates = { maker: dec(options.commission?.maker ?? '0.001'), taker: dec(options.commission?.taker ?? '0.001') };
  const exchange = new EmulatedExchange(specs, market, book, matcher, rates, { userEvent: emitUserEvent, tapeTrade: (t) => streams.onTrade(t) });
  // The matcher learns the initial market the same way it learns every later move.
  for (const symbol of Object.keys(options.prices ?? {})) {
    const quote = market.quote(symbol.toUpperCase(), serverTime());
    if (quote) exchange.onMarketData(quote, serverTime());
  }
  const oco = new OcoLists(exchange, emitUserEvent);
  const dispatcher = new ApiDispatcher({ exchange, oco, limiter, serverTime, maintenance: () => state.maintenance }, auth, limiter, journal);
  const pending: PendingWork = { timers: new Set(), hung: new Set() };

  // Idle keep-alive sockets stay open for a minute, not Node's 5 s: a client reuses a pooled socket
  // the moment the server closes it at 5 s (its own idle timer, 4 s in undici, fires late on a starved
  // CPU) and its POST dies with ECONNRESET, an unknown outcome no real venue edge produces that often.
  // Seen in e2e's 1,000-order burst under `npm run test:load`, on the burst's first orders.
  const server: Server = createServer({ keepAliveTimeout: 60_000, headersTimeout: 61_000 });
  const rest = new RestHandler(dispatcher, faults, limiter, pending, (req, res, path, body) => (late.control ? controlRoute(late.control)(req, res, path, body) : false), (key) => journal.countRoute(key));
  server.on('request', (req, res) => rest.handle(req, res));
  const gateway = new WsGateway(server, { dispatcher, auth, limiter, faults, serverTime }, streams, options.pingIntervalMs ?? 20_000);
  late.gateway = gateway;
  const control = new EmulatorControl({
    exchange, market, book, streams, gateway, faults, limiter, auth, journal, state, emitUserEvent,
    clock: { serverTime, setOffset: (ms) => (offset = ms) },
  });
  late.control = control;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    apiKey,
    apiSecret,
    control,
    close: async () => {
      matcher.close?.();
      for (const t of pending.timers) clearTimeout(t);
      pending.timers.clear();
      for (const res of pending.hung) res.destroy();
      pending.hung.clear();
      gateway.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
