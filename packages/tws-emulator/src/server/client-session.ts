import type { Socket } from 'node:net';
import { decodeClientRequest, type ClientRequest } from '../protocol/client-requests.decoder';
import { encodeFrame, FrameReader, parseClientHello } from '../protocol/framing.codec';
import { MIN_CLIENT_VERSION, SERVER_VERSION } from '../protocol/message-ids';
import * as msg from '../protocol/server-messages.encoder';
import { WireDecodeError } from '../protocol/wire-format';
import { completedOrder, completedOrdersEnd } from '../protocol/completed-order.encoder';
import * as ref from '../protocol/reference-messages.encoder';
import { AccountStreams } from './account-streams';
import { isDone, openOrderFields } from './order-record';
import { PortfolioStreams } from './portfolio-streams';
import { matchingSymbols } from './symbol-search';
import type { SessionHost } from './session-host';
import type { MarketQuote } from './tws-venue';
import type { ContractSpec } from '../protocol/wire-types';

/** TWS's connection time: "yyyyMMdd HH:mm:ss UTC". */
function connectionTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')} ${iso.slice(11, 19)} UTC`;
}

/** Farm notices TWS sends right after a client connects. */
const FARM_NOTICES: readonly (readonly [number, string])[] = [
  [2104, 'Market data farm connection is OK:usfarm'],
  [2106, 'HMDS data farm connection is OK:ushmds'],
  [2158, 'Sec-def data farm connection is OK:secdefnj'],
];

/**
 * One client connection: hello, START_API, then requests. Replies go out in the order TWS sends them;
 * subscriptions (positions, account updates and summaries, market data) live here and die with the socket.
 */
export class ClientSession {
  clientId?: number;
  private phase: 'hello' | 'start' | 'ready' | 'closed' = 'hello';
  private readonly reader = new FrameReader();
  /** Market data request id → conId. */
  private readonly ticks = new Map<number, number>();
  /** The session's reqMarketDataType (1 real-time, 2 frozen, 3 delayed, 4 delayed-frozen). */
  private marketDataType = 1;
  readonly streams: AccountStreams;
  readonly portfolio: PortfolioStreams;

  constructor(
    readonly socket: Socket,
    private readonly host: SessionHost,
  ) {
    this.streams = new AccountStreams(host, (tokens) => this.send(tokens));
    this.portfolio = new PortfolioStreams(host, (tokens) => this.send(tokens), (id, code, message) => this.error(id, code, message));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined); // a reset client is a normal event here; 'close' follows
    socket.on('close', () => {
      this.phase = 'closed';
      host.closed(this);
    });
  }

  /** True once START_API has been accepted. */
  get ready(): boolean {
    return this.phase === 'ready';
  }

  /** Writes one message (silently dropped once the socket is gone). */
  send(tokens: readonly string[]): void {
    if (this.phase === 'closed' || this.socket.destroyed) return;
    this.socket.write(encodeFrame(tokens));
  }

  /** Writes bytes as they are, framed or not (fault injection). */
  write(bytes: Uint8Array): void {
    if (this.phase === 'closed' || this.socket.destroyed) return;
    this.socket.write(bytes);
  }

  /** ERR_MSG to this client. */
  error(id: number, code: number, message: string): void {
    this.send(msg.errorMessage(id, code, message));
  }

  /** Closes the connection abruptly, as a crashed or restarting TWS does. */
  drop(): void {
    this.phase = 'closed';
    this.socket.destroy();
  }

  /** Forgets market data subscriptions (what 1101 "data lost" means for the client). */
  clearMarketData(): void {
    this.ticks.clear();
  }

  /** Pushes a changed quote to the subscriptions on that contract. */
  quoteChanged(contract: ContractSpec, quote: MarketQuote): void {
    for (const [reqId, conId] of this.ticks) if (conId === contract.conId) this.sendTicks(reqId, quote, !this.host.marketData.live);
  }

  private onData(chunk: Buffer): void {
    this.reader.push(chunk);
    if (this.phase === 'hello' && !this.readHello()) return;
    try {
      for (let fields = this.reader.next(); fields && this.phase !== 'closed'; fields = this.reader.next()) this.onMessage(fields);
    } catch {
      this.drop(); // oversize frame: the stream is no longer trustworthy
    }
  }

  private readHello(): boolean {
    const parsed = parseClientHello(this.reader.pending);
    if (parsed.kind === 'incomplete') return false;
    if (parsed.kind === 'invalid' || parsed.hello.maxVersion < SERVER_VERSION || parsed.hello.minVersion > SERVER_VERSION) {
      // TWS closes on a client whose range excludes the server's version; so do we
      this.drop();
      return false;
    }
    this.reader.consume(parsed.consumed);
    this.phase = 'start';
    this.send([String(Math.max(SERVER_VERSION, MIN_CLIENT_VERSION)), connectionTime(this.host.now())]);
    return true;
  }

  private onMessage(fields: string[]): void {
    let request: ClientRequest;
    try {
      request = decodeClientRequest(fields);
    } catch (e) {
      const reason = e instanceof WireDecodeError ? e.message : String(e);
      return this.error(-1, 320, `Server error when reading an API client request. ${reason}`);
    }
    if (this.phase === 'start') {
      if (request.type !== 'START_API') return; // TWS ignores requests until the API is started
      return this.start(request.clientId);
    }
    this.handle(request);
  }

  private start(clientId: number): void {
    if (this.host.clientIdInUse(clientId, this)) {
      this.error(-1, 326, 'Unable to connect as the client id is already in use. Retry with a unique client id.');
      this.socket.end();
      this.phase = 'closed';
      return;
    }
    this.clientId = clientId;
    this.phase = 'ready';
    this.send(msg.nextValidId(this.host.venue.nextOrderId(clientId)));
    this.send(msg.managedAccounts(this.host.accounts));
    for (const [code, text] of FARM_NOTICES) this.error(-1, code, text);
  }

  private handle(r: ClientRequest): void {
    const venue = this.host.venue;
    const clientId = this.clientId ?? 0;
    switch (r.type) {
      case 'START_API':
        return; // already started
      case 'REQ_IDS':
        return this.send(msg.nextValidId(venue.nextOrderId(clientId)));
      case 'PLACE_ORDER':
        return venue.placeOrder(clientId, r.orderId, r.contract, r.order);
      case 'CANCEL_ORDER':
        return venue.cancelOrder(clientId, r.orderId);
      case 'REQ_OPEN_ORDERS':
      case 'REQ_ALL_OPEN_ORDERS':
        return this.streams.openOrders(r.type === 'REQ_OPEN_ORDERS' ? clientId : undefined);
      case 'REQ_POSITIONS':
        return this.streams.subscribePositions();
      case 'CANCEL_POSITIONS':
        return this.streams.unsubscribePositions();
      case 'REQ_ACCOUNT_SUMMARY':
        return this.streams.subscribeSummary(r.reqId, r.tags);
      case 'CANCEL_ACCOUNT_SUMMARY':
        return this.streams.unsubscribeSummary(r.reqId);
      case 'REQ_ACCOUNT_UPDATES':
        return r.subscribe ? this.streams.subscribeAccount(r.account || (this.host.accounts[0] ?? '')) : this.streams.unsubscribeAccount();
      case 'REQ_EXECUTIONS':
        for (const e of venue.queryExecutions(r.filter)) {
          this.send(msg.executionData(r.reqId, { ...e, exchange: e.contract.exchange === 'SMART' ? e.contract.primaryExchange : e.contract.exchange, time: formatTime(e.timestamp) }));
          this.send(msg.commissionReport(e.execId, e.commission, e.commissionCurrency, e.realizedPnl));
        }
        return this.send(msg.executionDataEnd(r.reqId));
      case 'REQ_CONTRACT_DETAILS': {
        const found = venue.contracts.match(r.contract);
        if (found.length === 0) return this.error(r.reqId, 200, 'No security definition has been found for the request');
        for (const c of found) this.send(msg.contractData(r.reqId, c, venue.marketRules.idsFor(c)));
        return this.send(msg.contractDataEnd(r.reqId));
      }
      case 'REQ_MKT_DATA': {
        const contract = venue.contracts.resolve(r.contract);
        if (!contract) return this.error(r.reqId, 200, 'No security definition has been found for the request');
        // TWS serves live data when the login has it, whatever type was asked; without it, delayed data
        // (types 3/4, delayed tick types 66-71) or error 354 (tws-api delayed_data.html, message_codes.html)
        const delayed = !this.host.marketData.live;
        if (delayed && this.marketDataType < 3) return this.error(r.reqId, 354, 'Requested market data is not subscribed. Delayed market data is available.');
        this.send(msg.marketDataType(r.reqId, delayed ? this.marketDataType : 1));
        const quote = venue.quote(contract.conId);
        if (quote) this.sendTicks(r.reqId, quote, delayed);
        // a snapshot ends with TICK_SNAPSHOT_END (tws-api md_snapshot.html); `snapshotEnd: false` leaves it open
        if (r.snapshot) return this.host.marketData.snapshotEnd ? this.send(msg.tickSnapshotEnd(r.reqId)) : undefined;
        this.ticks.set(r.reqId, contract.conId);
        return;
      }
      case 'CANCEL_MKT_DATA':
        this.ticks.delete(r.reqId);
        return;
      case 'REQ_MARKET_DATA_TYPE':
        this.marketDataType = r.marketDataType;
        return;
      case 'REQ_AUTO_OPEN_ORDERS':
        return; // no TWS-side orders to bind
      case 'REQ_CURRENT_TIME':
        return this.send(msg.currentTime(Math.floor(this.host.now() / 1000)));
      case 'REQ_MANAGED_ACCTS':
        return this.send(msg.managedAccounts(this.host.accounts));
      case 'REQ_GLOBAL_CANCEL':
        return venue.cancelAll();
      case 'REQ_PNL':
        return this.portfolio.subscribePnl(r.reqId, r.account);
      case 'REQ_PNL_SINGLE':
        return this.portfolio.subscribePnl(r.reqId, r.account, r.conId);
      case 'CANCEL_PNL':
        return this.portfolio.cancelPnl(r.reqId);
      case 'REQ_POSITIONS_MULTI':
        return this.portfolio.subscribeMulti('positions', r.reqId, r.account, r.modelCode);
      case 'REQ_ACCOUNT_UPDATES_MULTI':
        return this.portfolio.subscribeMulti('account', r.reqId, r.account, r.modelCode, r.ledgerAndNlv);
      case 'CANCEL_POSITIONS_MULTI':
      case 'CANCEL_ACCOUNT_UPDATES_MULTI':
        return this.portfolio.cancelMulti(r.reqId);
      case 'REQ_COMPLETED_ORDERS':
        return this.completedOrders();
      case 'REQ_MARKET_RULE': {
        const bands = venue.marketRules.bands(r.marketRuleId);
        // TWS answers an unknown rule id with nothing but an error; the id is not a request id, hence -1
        if (!bands) return this.error(-1, 321, `Error validating request.-'bN' : cause - Invalid market rule id ${r.marketRuleId}`);
        return this.send(ref.marketRule(r.marketRuleId, bands));
      }
      case 'REQ_USER_INFO':
        return this.send(ref.userInfo(r.reqId, '')); // an IB login, not a white-branded one
      case 'REQ_MATCHING_SYMBOLS':
        return this.send(ref.symbolSamples(r.reqId, matchingSymbols(venue.contracts.all(), r.pattern)));
      case 'UNSUPPORTED':
        this.host.unsupported(r.messageId, this);
        // TWS answers a request it cannot serve with an error rather than silence, so the client fails
        // at once instead of at its own timeout. The code and text are inferred: 321 is TWS's "Error
        // validating request" (tws-api message_codes.html); IB documents no code for "not served here".
        return this.error(r.reqId, 321, `Error validating request.-'bN' : cause - request type ${r.messageId} is not supported by this TWS emulator`);
    }
  }

  /** REQ_COMPLETED_ORDERS: every order that reached a final state, oldest first, then the end marker. */
  private completedOrders(): void {
    const done = this.host.venue.listOrders().filter((o) => isDone(o) && o.completedAt !== undefined);
    done.sort((a, b) => (a.completedAt ?? 0) - (b.completedAt ?? 0));
    for (const o of done) {
      this.send(completedOrder({
        ...openOrderFields(o), filledQuantity: o.filled.toString(), completedTime: connectionTime(o.completedAt ?? 0), completedStatus: o.completedStatus ?? o.status,
      }));
    }
    this.send(completedOrdersEnd());
  }

  /** A quote's ticks: real-time types, or their delayed twins (66-71) for a login without live data. */
  private sendTicks(reqId: number, q: MarketQuote, delayed = false): void {
    const T = delayed ? msg.DelayedTickType : msg.TickType;
    if (q.bid !== undefined) this.send(msg.tickPrice(reqId, T.BID, q.bid, q.bidSize));
    if (q.bidSize !== undefined) this.send(msg.tickSize(reqId, T.BID_SIZE, q.bidSize));
    if (q.ask !== undefined) this.send(msg.tickPrice(reqId, T.ASK, q.ask, q.askSize));
    if (q.askSize !== undefined) this.send(msg.tickSize(reqId, T.ASK_SIZE, q.askSize));
    if (q.last !== undefined) this.send(msg.tickPrice(reqId, T.LAST, q.last, q.lastSize));
    if (q.lastSize !== undefined) this.send(msg.tickSize(reqId, T.LAST_SIZE, q.lastSize));
  }
}

function formatTime(epochMs: number): string {
  return connectionTime(epochMs);
}
