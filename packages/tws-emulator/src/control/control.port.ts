import type { DecimalLike } from '@silvertine/core';
import type { ExecutionRecord } from '../server/execution-store';
import type { LedgerPosition } from '../server/account-ledger';
import type { TwsOrder } from '../server/order-record';
import type { StreamFault } from './stream-faults';

/** A market update through the control interface; omitted fields keep their previous value. */
export interface QuoteInput {
  readonly bid?: DecimalLike;
  readonly ask?: DecimalLike;
  readonly last?: DecimalLike;
  readonly bidSize?: DecimalLike;
  readonly askSize?: DecimalLike;
  readonly lastSize?: DecimalLike;
}

/**
 * An execution sent as raw text to one client: what a broken or hostile TWS could report (an SLD on a
 * BUY order, a price of "abc", a price above the order's limit). The emulator's own orders, executions
 * and positions do not change.
 */
export interface InjectedExecution {
  /** The API client whose sessions receive it. */
  readonly clientId: number;
  /** The IB order id and orderRef (our clientOrderId) it claims to belong to. */
  readonly orderId: number;
  readonly orderRef: string;
  /** A contract key (see TwsEmulatorControl). */
  readonly contract: string | number;
  readonly execId: string;
  /** BOT or SLD on a real TWS; anything here. */
  readonly side: string;
  readonly shares: string;
  readonly price: string;
  /** Default: `shares`. */
  readonly cumQty?: string;
  /** Default: `price`. */
  readonly avgPrice?: string;
  /** Default: the first managed account. */
  readonly account?: string;
  /** When given, a COMMISSION_REPORT with this commission (USD) follows. */
  readonly commission?: string;
}

/** TWS system messages the control interface can send (to every connected client, with id -1). */
export type SystemMessageCode = 1100 | 1101 | 1102;

/**
 * Fault injection and inspection for tests. `contract` is a conId, a local symbol ("EUR.USD",
 * "ESZ6", "AAPL  261218C00150000") or a stock/forex/crypto symbol ("AAPL", "BTC").
 */
export interface TwsEmulatorControl {
  /** Moves a market: drives order matching, marks, and TICK_PRICE/TICK_SIZE subscriptions. */
  setQuote(contract: string | number, quote: QuoteInput): void;
  /** Shorthand: bid = ask = last = price. */
  setPrice(contract: string | number, price: DecimalLike): void;
  /** Destroys every client socket now (clients see a reset). */
  dropConnections(): void;
  /** Sends 1100 (connectivity lost), 1101 (restored, data lost: market data subscriptions are dropped) or 1102 (restored, data kept). */
  sendSystemMessage(code: SystemMessageCode, message?: string): void;
  /**
   * Refuses new connections (the port stops listening) for `ms`, or until `until` settles when given (a
   * test that must see a refusal ends the downtime itself instead of racing a timer); resolves once
   * listening again.
   */
  refuseConnections(ms: number, until?: PromiseLike<unknown>): Promise<void>;
  /**
   * Like TWS's nightly restart: drops and forgets every session, refuses connections for `downtimeMs` (or
   * until `until` settles), keeps orders, positions and today's executions.
   */
  restart(options?: { readonly downtimeMs?: number; readonly until?: PromiseLike<unknown> }): Promise<void>;
  /** Sets a cash balance. */
  setCash(account: string, currency: string, amount: DecimalLike): void;
  /** Every order (all clients). */
  orders(): readonly TwsOrder[];
  /** Today's executions. */
  executions(): readonly ExecutionRecord[];
  /** Non-zero positions of an account. */
  positions(account: string): readonly LedgerPosition[];
  /** Client ids of the live sessions. */
  connectedClientIds(): number[];
  /** Message ids clients sent that the emulator does not serve. */
  unsupportedRequests(): readonly number[];
  /** Writes corrupt bytes (see StreamFault) to the sessions of `clientId`, or of every client. */
  corruptStream(fault: StreamFault, clientId?: number): void;
  /** Sends one correctly framed message with these fields verbatim to the sessions of `clientId`, or of every client. */
  sendRawMessage(fields: readonly string[], clientId?: number): void;
  /** Sends an execution as raw text (and its commission report) to one client; see InjectedExecution. */
  injectExecution(execution: InjectedExecution): void;
}

/** System message texts from error-codes.json. */
export const SYSTEM_MESSAGES: Readonly<Record<SystemMessageCode, string>> = {
  1100: 'Connectivity between IB and the TWS has been lost.',
  1101: 'Connectivity between IB and TWS has been restored- data lost.',
  1102: 'Connectivity between IB and TWS has been restored- data maintained.',
};
