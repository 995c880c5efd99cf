import { Decimal, type DecimalLike } from '@silvertine/core';
import { createServer, type Server, type Socket } from 'node:net';
import { amountArgument, downtimeArgument, priceArgument, sizeArgument } from '../control/control-arguments';
import { SYSTEM_MESSAGES, type InjectedExecution, type QuoteInput, type SystemMessageCode, type TwsEmulatorControl } from '../control/control.port';
import { streamFaultBytes, type StreamFault } from '../control/stream-faults';
import { encodeFrame } from '../protocol/framing.codec';
import type { OrderMatcher } from '../matching/order-matcher.port';
import { PaperMatcher } from '../matching/paper-matcher';
import { openOrder, type OpenOrderFields } from '../protocol/open-order.encoder';
import * as msg from '../protocol/server-messages.encoder';
import type { ContractSpec } from '../protocol/wire-types';
import type { LedgerPosition } from './account-ledger';
import { ClientSession } from './client-session';
import { ContractTable, DEFAULT_CONTRACTS, toInstrument } from './contract-table';
import type { ExecutionRecord } from './execution-store';
import { openOrderFields, statusFields, type TwsOrder } from './order-record';
import type { MarketDataOptions, SessionHost } from './session-host';
import { TwsVenue, type MarketQuote, type VenueListener } from './tws-venue';

/** Options of `startTwsEmulator`; everything has a default. */
export interface TwsEmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** Managed accounts (default ["DU1234567"]). */
  readonly accounts?: readonly string[];
  /** Starting cash of every account by currency (default USD 1,000,000). */
  readonly cash?: Readonly<Record<string, DecimalLike>>;
  /** The contract table (default DEFAULT_CONTRACTS: AAPL, MSFT, EUR.USD, ES, an AAPL option, BTC). */
  readonly contracts?: readonly ContractSpec[];
  /** The matching engine (default @silvertine/paper's MatchingEngine through PaperMatcher; QuoteMatcher is the built-in alternative). */
  readonly matcher?: OrderMatcher;
  /** Clock (epoch ms); default Date.now. */
  readonly now?: () => number;
  /** How market data is served: live or delayed only, snapshots ended or left open. */
  readonly marketData?: MarketDataOptions;
  /** Initial markets by contract key (see TwsEmulatorControl). */
  readonly quotes?: Readonly<Record<string, QuoteInput>>;
  /** How often GTD expiry runs (ms, default 1000; 0 disables the timer). */
  readonly timerIntervalMs?: number;
}

/** A running emulator: its port, its control interface, and `close()`. */
export interface TwsEmulator extends TwsEmulatorControl {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Releases the port, every socket and every timer. */
  close(): Promise<void>;
}

class TwsEmulatorServer implements TwsEmulator, SessionHost, VenueListener {
  readonly host = '127.0.0.1' as const;
  port = 0;
  readonly venue: TwsVenue;
  readonly accounts: readonly string[];
  readonly marketData: Required<MarketDataOptions>;
  private listener?: Server;
  private readonly sessions = new Set<ClientSession>();
  private readonly unsupportedIds: number[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private shutDown = false;

  constructor(private readonly options: TwsEmulatorOptions) {
    this.accounts = options.accounts ?? ['DU1234567'];
    this.marketData = { live: options.marketData?.live ?? true, snapshotEnd: options.marketData?.snapshotEnd ?? true };
    const cash = new Map(Object.entries(options.cash ?? { USD: '1000000' }).map(([k, v]) => [k, Decimal.from(v)]));
    const contracts = new ContractTable(options.contracts ?? DEFAULT_CONTRACTS);
    this.venue = new TwsVenue({
      accounts: this.accounts,
      cash,
      contracts,
      matcher: options.matcher ?? new PaperMatcher(contracts.all().map(toInstrument)),
      now: () => this.now(),
      listener: this,
    });
    for (const [key, quote] of Object.entries(options.quotes ?? {})) this.setQuote(key, quote);
    const interval = options.timerIntervalMs ?? 1000;
    if (interval > 0) {
      const timer = setInterval(() => this.venue.tick(), interval);
      timer.unref();
      this.timers.add(timer);
    }
  }

  now(): number {
    return (this.options.now ?? Date.now)();
  }

  async listen(port: number): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
    this.listener = server;
  }

  private accept(socket: Socket): void {
    if (this.shutDown) {
      socket.destroy();
      return;
    }
    this.sessions.add(new ClientSession(socket, this));
  }

  private async stopListening(): Promise<void> {
    const server = this.listener;
    this.listener = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private ready(): ClientSession[] {
    return [...this.sessions].filter((s) => s.ready);
  }

  private ofClient(clientId: number): ClientSession[] {
    return this.ready().filter((s) => s.clientId === clientId);
  }

  // SessionHost
  clientIdInUse(clientId: number, asking: ClientSession): boolean {
    return this.ready().some((s) => s !== asking && s.clientId === clientId);
  }
  unsupported(messageId: number): void {
    this.unsupportedIds.push(messageId);
  }
  closed(session: ClientSession): void {
    this.sessions.delete(session);
  }

  // VenueListener
  orderChanged(order: TwsOrder): void {
    for (const s of this.ofClient(order.clientId)) {
      s.send(openOrder(openOrderFields(order)));
      s.send(msg.orderStatus(statusFields(order)));
    }
  }
  whatIf(clientId: number, fields: OpenOrderFields): void {
    for (const s of this.ofClient(clientId)) s.send(openOrder(fields));
  }
  executed(e: ExecutionRecord): void {
    for (const s of this.ofClient(e.clientId)) {
      const exchange = e.contract.exchange === 'SMART' ? e.contract.primaryExchange : e.contract.exchange;
      s.send(msg.executionData(-1, { ...e, exchange, time: formatExecTime(e.timestamp) }));
      s.send(msg.commissionReport(e.execId, e.commission, e.commissionCurrency, e.realizedPnl));
    }
  }
  error(clientId: number, id: number, code: number, message: string): void {
    for (const s of this.ofClient(clientId)) s.error(id, code, message);
  }
  accountChanged(account: string): void {
    for (const s of this.ready()) {
      s.streams.accountChanged(account);
      s.portfolio.accountChanged(account);
    }
  }
  quoteChanged(contract: ContractSpec, quote: MarketQuote): void {
    for (const s of this.ready()) s.quoteChanged(contract, quote);
  }

  // TwsEmulatorControl
  setQuote(key: string | number, quote: QuoteInput): void {
    const contract = this.venue.contracts.find(key);
    if (!contract) throw new Error(`unknown contract ${key}`);
    // every field is decoded before the venue sees any of them: a refused quote changes nothing
    const price = (field: 'bid' | 'ask' | 'last') => (quote[field] === undefined ? undefined : priceArgument(field, quote[field]));
    const size = (field: 'bidSize' | 'askSize' | 'lastSize') => (quote[field] === undefined ? undefined : sizeArgument(field, quote[field]));
    const q: MarketQuote = Object.fromEntries(
      Object.entries({
        bid: price('bid'), ask: price('ask'), last: price('last'),
        bidSize: size('bidSize'), askSize: size('askSize'), lastSize: size('lastSize'),
      }).filter(([, v]) => v !== undefined),
    );
    this.venue.setQuote(contract, q);
  }
  setPrice(key: string | number, price: DecimalLike): void {
    this.setQuote(key, { bid: price, ask: price, last: price });
  }
  dropConnections(): void {
    for (const s of this.sessions) s.drop();
    this.sessions.clear();
  }
  sendSystemMessage(code: SystemMessageCode, message = SYSTEM_MESSAGES[code]): void {
    for (const s of this.ready()) {
      if (code === 1101) s.clearMarketData();
      s.error(-1, code, message);
    }
  }
  async refuseConnections(ms: number, until?: PromiseLike<unknown>): Promise<void> {
    const downtime = until === undefined ? downtimeArgument('ms', ms) : 0;
    await this.stopListening();
    await (until ?? this.delay(downtime));
    if (!this.shutDown) await this.listen(this.port);
  }
  async restart(options: { readonly downtimeMs?: number; readonly until?: PromiseLike<unknown> } = {}): Promise<void> {
    const downtimeMs = options.until === undefined ? downtimeArgument('downtimeMs', options.downtimeMs ?? 0) : 0;
    this.dropConnections();
    await this.refuseConnections(downtimeMs, options.until);
  }
  setCash(account: string, currency: string, amount: DecimalLike): void {
    this.venue.ledger.setCash(account, currency, amountArgument('amount', amount));
    this.accountChanged(account);
  }
  orders(): readonly TwsOrder[] {
    return this.venue.listOrders();
  }
  executions(): readonly ExecutionRecord[] {
    return this.venue.executions.all();
  }
  positions(account: string): readonly LedgerPosition[] {
    return this.venue.ledger.positions(account);
  }
  connectedClientIds(): number[] {
    return this.ready().map((s) => s.clientId ?? 0);
  }
  unsupportedRequests(): readonly number[] {
    return this.unsupportedIds;
  }
  corruptStream(fault: StreamFault, clientId?: number): void {
    const bytes = streamFaultBytes(fault);
    for (const s of this.targets(clientId)) s.write(bytes);
  }
  sendRawMessage(fields: readonly string[], clientId?: number): void {
    const frame = encodeFrame(fields);
    for (const s of this.targets(clientId)) s.write(frame);
  }
  injectExecution(e: InjectedExecution): void {
    const contract = this.venue.contracts.find(e.contract);
    if (!contract) throw new Error(`unknown contract ${e.contract}`);
    const exchange = contract.exchange === 'SMART' ? contract.primaryExchange : contract.exchange;
    const tokens = msg.executionDataText(-1, {
      orderId: e.orderId, contract, execId: e.execId, time: formatExecTime(this.now()), account: e.account ?? this.accounts[0] ?? '', exchange,
      side: e.side, shares: e.shares, price: e.price, permId: 0, clientId: e.clientId, cumQty: e.cumQty ?? e.shares, avgPrice: e.avgPrice ?? e.price,
      orderRef: e.orderRef, lastLiquidity: 2,
    });
    for (const s of this.ofClient(e.clientId)) {
      s.send(tokens);
      if (e.commission !== undefined) s.send(msg.commissionReportText(e.execId, e.commission, 'USD'));
    }
  }
  private targets(clientId: number | undefined): ClientSession[] {
    return clientId === undefined ? this.ready() : this.ofClient(clientId);
  }

  async close(): Promise<void> {
    this.shutDown = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.dropConnections();
    await this.stopListening();
  }
}

function formatExecTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')} ${iso.slice(11, 19)} UTC`;
}

/** Starts an emulator on 127.0.0.1 and resolves once it accepts connections. */
export async function startTwsEmulator(options: TwsEmulatorOptions = {}): Promise<TwsEmulator> {
  const server = new TwsEmulatorServer(options);
  await server.listen(options.port ?? 0);
  return server;
}
