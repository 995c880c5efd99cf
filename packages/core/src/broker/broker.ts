import type { Observable } from 'rxjs';
import type { BrokerAccountInfo, BrokerBalance, BrokerPosition } from '../domain/account';
import type { Fill, Order, OrderRequestInput } from '../domain/order';
import type { BrokerCapabilities } from './capabilities';
import type { ConnectionState } from './connection-state';
import type { InstrumentProvider } from './instrument-provider';

/**
 * What every broker offers, whatever the venue. Implementations extend AbstractBroker, which supplies
 * validation, the order state machine, event publication and metrics around a small set of venue calls.
 */
export interface Broker extends InstrumentProvider {
  /** Unique id of this broker instance (a config may run several of one type). */
  readonly id: string;
  readonly capabilities: BrokerCapabilities;
  readonly state: ConnectionState;
  /** Current state first, then every change. */
  readonly state$: Observable<ConnectionState>;
  /** Every new snapshot of every order of this broker. */
  readonly orders$: Observable<Order>;
  /** Every fill, once per tradeId. */
  readonly fills$: Observable<Fill>;

  connect(): Promise<void>;
  /** Releases every socket, timer and subscription. */
  disconnect(): Promise<void>;
  /**
   * Validates and sends an order. Resolves with the order as acknowledged (it may already be filled).
   * Rejects with InvalidOrderError / NotSupportedError before any I/O, with the venue's classified error
   * on rejection, or with UnknownOrderStatusError when the outcome is unknown (the order is then tracked
   * as UNKNOWN, never resent).
   */
  placeOrder(request: OrderRequestInput): Promise<Order>;
  /** Requests a cancel; resolves with the order as PENDING_CANCEL or CANCELED. */
  cancelOrder(clientOrderId: string): Promise<Order>;
  getOrder(clientOrderId: string): Promise<Order | undefined>;
  getOpenOrders(symbol?: string): Promise<readonly Order[]>;
  /**
   * The venue's positions: quantities as the venue reports them (TWS positions, Binance account
   * balances of base assets, the simulated venue's book on paper), with the venue's average price
   * where it reports one.
   */
  getPositions(): Promise<readonly BrokerPosition[]>;
  /** The broker's own view: positions built from the fills this process applied (exact cost basis). */
  localPositions(): Promise<readonly BrokerPosition[]>;
  getBalances(): Promise<readonly BrokerBalance[]>;
  getAccountInfo(): Promise<BrokerAccountInfo>;
}

/** The venue's answer to a submission. Fills are reported separately through applyVenueFill. */
export interface SubmitAcknowledgement {
  readonly venueOrderId?: string;
  /** SUBMITTED when the venue only received it, ACCEPTED when it is working (default). */
  readonly status?: 'SUBMITTED' | 'ACCEPTED';
}
