import 'reflect-metadata';
import { ConfigurationError } from '@silvertine/core';
import { ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateIf } from 'class-validator';

/** Where the adapter connects. `custom` (the emulator, a proxy) needs baseUrl and wsApiUrl. */
export type BinanceEnvironment = 'production' | 'testnet' | 'demo' | 'custom';

/** The REST client library: undici (default, lower latency, see bench/) or got (needs the optional got package). */
export type BinanceTransportKind = 'got' | 'undici';

/**
 * Where orders go: `rest` (default: signed REST, see `transport`) or `websocket` (order.place,
 * order.cancel and order.status on the WebSocket API connection that carries the user-data stream).
 */
export type BinanceOrderEntry = 'rest' | 'websocket';

/** Partial book depth levels Binance streams (0: no depth stream). */
export type BinanceDepthLevels = 0 | 5 | 10 | 20;

/** Base URLs of one environment. */
export interface BinanceEndpoints {
  readonly restUrl: string;
  readonly wsApiUrl: string;
  readonly streamUrl: string;
}

/** Binance's published endpoints (spot). */
export const BINANCE_ENDPOINTS: Readonly<Record<Exclude<BinanceEnvironment, 'custom'>, BinanceEndpoints>> = {
  production: { restUrl: 'https://api.binance.com', wsApiUrl: 'wss://ws-api.binance.com:443/ws-api/v3', streamUrl: 'wss://stream.binance.com:9443' },
  testnet: { restUrl: 'https://testnet.binance.vision', wsApiUrl: 'wss://ws-api.testnet.binance.vision/ws-api/v3', streamUrl: 'wss://stream.testnet.binance.vision' },
  demo: { restUrl: 'https://demo-api.binance.com', wsApiUrl: 'wss://demo-ws-api.binance.com/ws-api/v3', streamUrl: 'wss://demo-stream.binance.com' },
};

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https', 'ws', 'wss'] };

/**
 * Configuration of one BinanceBroker, validated by @silvertine/config with class-validator. Secrets
 * come from the environment in practice; they are registered with the logger's redaction.
 */
export class BinanceConfig {
  @IsString()
  @IsNotEmpty()
  apiKey!: string;

  /** HMAC secret. Either this or `privateKeyPem` (an Ed25519 key). */
  @ValidateIf((c: BinanceConfig) => c.privateKeyPem === undefined)
  @IsString()
  @IsNotEmpty()
  apiSecret?: string;

  /** Ed25519 private key in PEM (PKCS#8), for Ed25519 API keys. */
  @IsOptional()
  @IsString()
  privateKeyPem?: string;

  @IsIn(['production', 'testnet', 'demo', 'custom'])
  environment: BinanceEnvironment = 'testnet';

  /** REST base URL, required for `custom` (e.g. the emulator's `url`). */
  @ValidateIf((c: BinanceConfig) => c.environment === 'custom' || c.baseUrl !== undefined)
  @IsUrl(URL_OPTIONS)
  baseUrl?: string;

  /** WebSocket API URL, required for `custom` (e.g. `${emulator.wsUrl}/ws-api/v3`). */
  @ValidateIf((c: BinanceConfig) => c.environment === 'custom' || c.wsApiUrl !== undefined)
  @IsUrl(URL_OPTIONS)
  wsApiUrl?: string;

  /** Market streams base URL (`/ws/<stream>` is appended); defaults to the environment's. */
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  streamUrl?: string;

  /** Symbols to load from exchangeInfo and trade (Binance names, e.g. BTCUSDT). */
  @IsArray()
  @ArrayNotEmpty()
  @Matches(/^[A-Z0-9]{2,20}$/, { each: true })
  symbols: string[] = [];

  /** REST client: `undici` (default) or `got` (about twice the round trip; needs got installed, loaded only when chosen). */
  @IsIn(['got', 'undici'])
  transport: BinanceTransportKind = 'undici';

  /**
   * Order entry (YAML `order_entry`): `rest` (default) or `websocket`: new orders, cancels and order
   * queries over the WebSocket API connection that also carries user data, with REST's semantics (an
   * order without an answer within `requestTimeoutMs` is UNKNOWN and resolved by query, never resent; a
   * dropped connection leaves its in-flight orders UNKNOWN until they are resolved). Every other request
   * stays on REST. See bench/ for the round trips of both.
   */
  @IsIn(['rest', 'websocket'])
  orderEntry: BinanceOrderEntry = 'rest';

  /** Binance's recvWindow: how long after `timestamp` the venue still accepts a request. */
  @IsInt()
  @Min(1)
  @Max(60_000)
  recvWindowMs = 5_000;

  /** REST timeout; an order without an answer by then goes to UNKNOWN. */
  @IsInt()
  @Min(50)
  requestTimeoutMs = 10_000;

  /**
   * Longest wait a 429's Retry-After or a 418 ban from Binance may impose on this broker (default 1 h). A
   * longer one is cut to this and logged (`binance venue wait capped`): a hostile or broken venue cannot
   * park the broker for years. Raise it if Binance has banned the IP for longer on purpose.
   */
  @IsInt()
  @Min(1_000)
  maxVenueWaitMs = 3_600_000;

  /** Client-side WebSocket ping period; a pong missing after `pongTimeoutMs` means the link is dead. */
  @IsInt()
  @Min(10)
  pingIntervalMs = 20_000;

  @IsInt()
  @Min(10)
  pongTimeoutMs = 10_000;

  /** Reconnect backoff: 1 s doubling to this cap, with jitter. */
  @IsInt()
  @Min(10)
  reconnectMinDelayMs = 1_000;

  @IsInt()
  @Min(10)
  reconnectMaxDelayMs = 60_000;

  /** Binance closes WebSocket connections after 24 h: reconnect before that. */
  @IsInt()
  @Min(1_000)
  sessionMaxAgeMs = 23 * 3_600_000 + 50 * 60_000;

  /** First check of an UNKNOWN order, then every such delay. */
  @IsInt()
  @Min(1)
  unknownOrderCheckDelayMs = 1_000;

  /** -2013 answers needed before an UNKNOWN order is declared never received (REJECTED). */
  @IsInt()
  @Min(1)
  unknownOrderMaxChecks = 3;

  /**
   * Subscribe to the bookTicker, trade and (see depthLevels) partial depth streams of `symbols`, publish MarketDataEvents and keep
   * reference prices from them (default true; false leaves prices at their value at connect).
   */
  @IsBoolean()
  marketData = true;

  /**
   * Levels of the partial book depth stream (`<symbol>@depth<levels>@100ms`) each symbol subscribes to
   * with the market streams, published as OrderBookSnapshot MarketData: 5, 10 or 20; 0 subscribes to none.
   */
  @IsIn([0, 5, 10, 20])
  depthLevels: BinanceDepthLevels = 5;

  /**
   * Keep a local order book of each symbol from the diff depth stream (`<symbol>@depth@100ms`) and REST
   * snapshots, by Binance's documented update-id procedure (gaps detected, resynchronised), and publish
   * each change as OrderBookSnapshot MarketData carrying its update id (default false). It replaces the
   * partial depth stream: with it on, `depthLevels` subscribes to none, so one kind of book is published.
   */
  @IsBoolean()
  localOrderBook = false;

  /** Levels per side each published local book carries, best first (the book itself keeps every level it learns). */
  @IsInt()
  @Min(1)
  @Max(5_000)
  localOrderBookLevels = 20;

  /** Levels asked of GET /api/v3/depth for the local book's snapshots (Binance: at most 5000; weight 5/25/50/250 by size). */
  @IsInt()
  @Min(1)
  @Max(5_000)
  depthSnapshotLimit = 1_000;
}

/** The URLs of a config's environment (custom URLs override the environment's). */
export function resolveEndpoints(config: Pick<BinanceConfig, 'environment' | 'baseUrl' | 'wsApiUrl' | 'streamUrl'>): BinanceEndpoints {
  if (config.environment === 'custom') {
    if (!config.baseUrl || !config.wsApiUrl) throw new ConfigurationError('binance: environment "custom" needs baseUrl and wsApiUrl');
    return { restUrl: config.baseUrl, wsApiUrl: config.wsApiUrl, streamUrl: config.streamUrl ?? new URL(config.wsApiUrl).origin };
  }
  const preset = BINANCE_ENDPOINTS[config.environment];
  return {
    restUrl: config.baseUrl ?? preset.restUrl,
    wsApiUrl: config.wsApiUrl ?? preset.wsApiUrl,
    streamUrl: config.streamUrl ?? preset.streamUrl,
  };
}

/**
 * A config object with every default applied: for building a broker by hand, without @silvertine/config,
 * and what BinanceBroker does once with whatever config it is given (a field left undefined takes its
 * default; the broker then reads its settings without fallbacks of its own).
 */
export function binanceConfig(values: Partial<BinanceConfig> & Pick<BinanceConfig, 'apiKey' | 'symbols'>): BinanceConfig {
  const config = new BinanceConfig();
  for (const [key, value] of Object.entries(values)) if (value !== undefined) (config as unknown as Record<string, unknown>)[key] = value;
  return config;
}
