import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

/**
 * How the TWS socket is reconnected after a drop, by core's ConnectionSupervisor (the one reconnect
 * policy): the delay doubles per failed attempt from `initialDelayMs` up to `maxDelayMs`, and goes back
 * to the initial delay once a connection stayed up for a minute.
 */
export class IbReconnectPolicy {
  /** Turn automatic reconnection off (the broker then goes to ERROR on a drop). */
  @IsOptional() @IsBoolean() enabled?: boolean = true;
  /** First delay after a drop, ms. */
  @IsInt() @Min(0) initialDelayMs = 500;
  /** Longest delay between attempts, ms. */
  @IsInt() @Min(1) maxDelayMs = 30_000;
  /** Failed attempts in a row before giving up and reporting ERROR; 0 = forever (IB's nightly reset can take minutes). */
  @IsInt() @Min(0) maxAttempts = 0;
}

/**
 * A pinned contract for one of our symbols: skips or narrows the contract-details lookup. Configured
 * contracts are looked up at connect, so `broker.instrument(symbol)` knows them; futures and options
 * need one (their symbol is IB's local symbol, e.g. ESZ6), stocks and forex pairs are found without.
 */
export class IbContractEntry {
  /** Our instrument symbol (AAPL, EUR.USD, ESZ6...). */
  @IsString() symbol!: string;
  /** What the symbol is at IB; default: a forex pair for "EUR.USD", else a stock. */
  @IsOptional() @IsIn(['STK', 'CASH', 'FUT', 'OPT', 'CRYPTO']) secType?: 'STK' | 'CASH' | 'FUT' | 'OPT' | 'CRYPTO';
  @IsOptional() @IsInt() conId?: number;
  @IsOptional() @IsString() exchange?: string;
  @IsOptional() @IsString() primaryExchange?: string;
  @IsOptional() @IsString() currency?: string;
  @IsOptional() @IsString() localSymbol?: string;
  @IsOptional() @IsString() tradingClass?: string;
}

/**
 * Configuration of an InteractiveBrokersBroker (YAML `type: ib`). Validated by @silvertine/config with
 * class-validator; defaults make a local paper TWS work with only `port` and `clientId`.
 */
export class IbBrokerConfig {
  /** TWS / IB Gateway host. Always passed explicitly: @stoqey/ib would otherwise read IB_HOST from .env. */
  @IsString() host = '127.0.0.1';
  /** 7497 paper TWS, 7496 live TWS, 4002 paper Gateway, 4001 live Gateway (0 is refused). */
  @IsInt() @Min(1) @Max(65_535) port = 7497;
  /** API client id; must be unique among the clients connected to the same TWS (else IB 326). */
  @IsInt() @Min(0) clientId = 0;
  /** Default account for orders and account reads; defaults to the first managed account. */
  @IsOptional() @IsString() @Matches(/^[A-Z0-9]+$/i) account?: string;
  /** Accounts this broker may trade and report (positions are read for these); default: all managed. */
  @IsOptional() @IsArray() @IsString({ each: true }) accounts?: string[];
  /** paper or live: checked against the managed accounts (paper ids start with D) at connect. */
  @IsIn(['paper', 'live']) mode: 'paper' | 'live' = 'paper';
  /** reqMarketDataType: 1 live, 2 frozen, 3 delayed, 4 delayed-frozen. */
  @IsInt() @Min(1) @Max(4) marketDataType = 1;
  /** @stoqey/ib's outgoing request pacing (IB disconnects clients above ~50 messages/s). */
  @IsInt() @Min(1) @Max(1_000) maxRequestsPerSecond = 40;
  /** Connect (socket + handshake + nextValidId) timeout, ms. */
  @IsInt() @Min(1) connectTimeoutMs = 10_000;
  /** Wait for an order acknowledgement before the outcome is UNKNOWN, ms. */
  @IsInt() @Min(1) orderAckTimeoutMs = 5_000;
  /** Timeout of reads (positions, account summary, contract details, open orders, executions), ms. */
  @IsInt() @Min(1) requestTimeoutMs = 10_000;
  /** How long an execution waits for its commission report before it is applied without one, ms. */
  @IsInt() @Min(0) commissionWaitMs = 2_000;
  /** Silence after which the watchdog pings TWS (reqCurrentTime) and, after twice as long, reconnects; 0 = off. */
  @IsInt() @Min(0) watchdogIntervalMs = 0;
  /** Largest inbound TWS frame, bytes: a longer length prefix means a corrupt stream (drop, reconnect, reconcile). */
  @IsInt() @Min(65_536) @Max(0xffffff) maxFrameBytes = 1 << 20;
  /** No byte of a begun TWS frame for this long means a stuck stream (drop, reconnect, reconcile), ms; a slow frame is fine. */
  @IsInt() @Min(1) frameStallMs = 5_000;
  @ValidateNested() @Type(() => IbReconnectPolicy) reconnect: IbReconnectPolicy = new IbReconnectPolicy();
  /** Pinned contracts by symbol. */
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => IbContractEntry) contracts?: IbContractEntry[];
}

/** What the broker constructor accepts: the class or a plain object of the same shape. */
export type IbBrokerConfigInput = Partial<Omit<IbBrokerConfig, 'reconnect'>> & { reconnect?: Partial<IbReconnectPolicy> };

/**
 * The one place defaults are applied: a plain object (a broker built by hand) or the validated class
 * (from the factory) becomes a complete, frozen IbBrokerConfig with its nested reconnect policy and
 * contract entries. The broker reads nothing else.
 */
export function normalizeIbConfig(input: IbBrokerConfig | IbBrokerConfigInput): Readonly<IbBrokerConfig> {
  const config = Object.assign(new IbBrokerConfig(), input);
  config.reconnect = Object.freeze(Object.assign(new IbReconnectPolicy(), input.reconnect ?? {}));
  config.contracts = (input.contracts ?? []).map((c) => Object.freeze(Object.assign(new IbContractEntry(), c)));
  if (config.accounts && config.accounts.length === 0) config.accounts = undefined;
  return Object.freeze(config);
}

/** Alias with the venue's full name. */
export type InteractiveBrokersConfig = IbBrokerConfig;
