import type { BrokerPosition } from '../domain/account';
import type { Fill, Order } from '../domain/order';

/**
 * The venue's own account of orders, fills and positions: the port a reconciler reads to find out
 * what really happened. Adapters implement it over their reads (Binance openOrders / myTrades /
 * account / order?origClientOrderId; IB reqOpenOrders / reqExecutions / reqPositions), mapping venue
 * payloads to core types in their mappers.
 */
export interface VenueStateSource {
  openOrders(): Promise<readonly Order[]>;
  /**
   * Executions since `since` (epoch ms), in any order; duplicates are harmless. `known`: orders the
   * caller knows with their venue ids (an earlier process's, from its journal), so that an adapter whose
   * trades name only the venue's order id (Binance) attributes theirs without asking the venue.
   */
  recentFills(since: number, known?: readonly Order[]): Promise<readonly Fill[]>;
  /** The venue's positions (quantities as the venue reports them). */
  positions(): Promise<readonly BrokerPosition[]>;
  /** One order by our clientOrderId, open or closed; undefined if the venue never saw it. */
  orderByClientId(clientOrderId: string): Promise<Order | undefined>;
}
