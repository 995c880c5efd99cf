import type { BrokerErrorCode, ErrorSeverity } from '../errors/broker-error';
import type { MarketData } from '../domain/market-data';
import type { Fill, Order, OrderRequest, OrderRequestInput } from '../domain/order';
import type { Decimal } from '../decimal/decimal';
import type { ConnectionState } from '../broker/connection-state';

/** Fields every event carries. */
export interface EventEnvelope {
  /** Unique per event; used to deduplicate on replay. */
  readonly id: string;
  /** Epoch milliseconds at which the event was created. */
  readonly timestamp: number;
}

export type MarketDataEvent = EventEnvelope & {
  readonly type: 'MarketData';
  /** Source broker or feed, when the data came from one. */
  readonly brokerId?: string;
  /**
   * The `market_data.sources` entry that delivered the data, when a failover feed picked it:
   * `<broker>:stream`, `<broker>:poll`, `synthetic` or `csv`. Absent on a broker's or replay's own events.
   */
  readonly source?: string;
  /**
   * True on a last known value re-served while no source is healthy: `data` is old news, to show, never
   * to act on as a new price. Absent (or false) on data as it arrives.
   */
  readonly stale?: boolean;
  readonly data: MarketData;
};

/** Whether a MarketData event is data as it arrived, not a last known value re-served stale: what a strategy may act on. */
export function isLiveMarketData(event: MarketDataEvent): boolean {
  return event.stale !== true;
}

/** Changes a `modify` request may carry. */
export interface OrderModification {
  readonly quantity?: Decimal;
  readonly limitPrice?: Decimal;
  readonly stopPrice?: Decimal;
}

/** A request to a broker, addressed by broker id; the broker subscribed to the bus acts on it. */
export type OrderEvent = EventEnvelope & {
  readonly type: 'Order';
  readonly brokerId: string;
} & (
    | { readonly action: 'submit'; readonly request: OrderRequest | OrderRequestInput }
    | { readonly action: 'cancel'; readonly clientOrderId: string }
    | { readonly action: 'modify'; readonly clientOrderId: string; readonly changes: OrderModification }
  );

/** A new snapshot of an order (every state change). */
export interface OrderUpdateEvent extends EventEnvelope {
  readonly type: 'OrderUpdate';
  readonly brokerId: string;
  readonly order: Order;
}

/** One execution, published exactly once per tradeId. */
export interface FillEvent extends EventEnvelope {
  readonly type: 'Fill';
  readonly brokerId: string;
  readonly fill: Fill;
  /** The order after this fill was applied. */
  readonly order: Order;
}

export interface ConnectionStateEvent extends EventEnvelope {
  readonly type: 'ConnectionState';
  readonly brokerId: string;
  readonly previous: ConnectionState;
  readonly current: ConnectionState;
  readonly reason?: string;
}

/** An error worth telling subscribers about (already classified). */
export interface BrokerErrorEvent extends EventEnvelope {
  readonly type: 'BrokerError';
  readonly brokerId: string;
  readonly code: BrokerErrorCode;
  readonly severity: ErrorSeverity;
  readonly retryable: boolean;
  readonly message: string;
  readonly clientOrderId?: string;
  readonly venueCode?: string | number;
}

export type AlertSeverity = 'INFO' | 'WARNING' | 'CRITICAL';

export interface AlertEvent extends EventEnvelope {
  readonly type: 'Alert';
  readonly severity: AlertSeverity;
  /** Which rule or component raised it (e.g. "kill-switch", "circuit-breaker"). */
  readonly source: string;
  readonly message: string;
  readonly brokerId?: string;
  readonly details?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Profit and loss as the venue computes it (IB's PNL and PNL_SINGLE streams): of an account, or of one
 * position when `symbol` is set. Daily P&L counts from the venue's start of day. A value the venue leaves
 * unset (IB sends its "unset" double) is absent, never zero.
 */
export interface PnLEvent extends EventEnvelope {
  readonly type: 'PnL';
  readonly brokerId: string;
  readonly account: string;
  /** The position's instrument; absent for the whole account. */
  readonly symbol?: string;
  readonly dailyPnL?: Decimal;
  readonly unrealizedPnL?: Decimal;
  readonly realizedPnL?: Decimal;
  /** Position PnL only: the position's size and market value. */
  readonly position?: Decimal;
  readonly marketValue?: Decimal;
}

export type SilvertineEvent =
  | MarketDataEvent
  | OrderEvent
  | OrderUpdateEvent
  | FillEvent
  | ConnectionStateEvent
  | BrokerErrorEvent
  | AlertEvent
  | PnLEvent;

export type SilvertineEventType = SilvertineEvent['type'];

/** The event type for a given `type` tag. */
export type EventOfType<T extends SilvertineEventType> = Extract<SilvertineEvent, { type: T }>;
