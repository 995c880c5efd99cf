import type { BrokerPosition, Fill, InstrumentProvider, Order, VenueStateSource } from '@silvertine/core';
import type { AcmeExchangeClient } from '../connection/acme-exchange.client';
import { toFill, toOrder, type AcmeExchangeOrderState } from '../mapping/acme-exchange.mapping';

/**
 * The venue's own account of orders, fills and positions, for @silvertine/resilience's Reconciler (its
 * `VenueStateSource`): what it reads after a reconnect or a restart, and after a venue fill contradicted
 * its order, to find out what really happened. Reads through the client; maps through the mapper.
 */
export class AcmeExchangeVenueState implements VenueStateSource {
  constructor(
    private readonly client: AcmeExchangeClient,
    private readonly instruments: InstrumentProvider,
    private readonly venuePositions: () => Promise<readonly BrokerPosition[]>,
  ) {}

  async openOrders(): Promise<readonly Order[]> {
    return this.toOrders(await this.client.openOrders());
  }

  async recentFills(since: number): Promise<readonly Fill[]> {
    return (await this.client.executions(since)).map(toFill);
  }

  async positions(): Promise<readonly BrokerPosition[]> {
    return this.venuePositions();
  }

  async orderByClientId(clientOrderId: string): Promise<Order | undefined> {
    const state = await this.client.order(clientOrderId);
    return state === undefined ? undefined : (await this.toOrders([state]))[0];
  }

  /** Orders of listed instruments (an order on a symbol the venue no longer lists cannot be mapped). */
  private async toOrders(states: readonly AcmeExchangeOrderState[]): Promise<Order[]> {
    const orders: Order[] = [];
    for (const state of states) {
      const instrument = await this.instruments.instrument(state.symbol);
      if (instrument) orders.push(toOrder(state, instrument));
    }
    return orders;
  }
}
