import { Decimal, type BrokerPosition, type Fill, type Instrument, type Order, type OrderStatus } from '@silvertine/core';
import type { VenueStateSource } from '@silvertine/resilience';
import type { ExecutionRecord, TwsEmulator, TwsOrder } from '@silvertine/tws-emulator';
import { TWS_DONE } from '../oracle/ib-snapshot';

const STATUS: Readonly<Record<string, OrderStatus>> = {
  PendingSubmit: 'SUBMITTED', PreSubmitted: 'ACCEPTED', Submitted: 'ACCEPTED', PendingCancel: 'PENDING_CANCEL',
  Filled: 'FILLED', Cancelled: 'CANCELED', ApiCancelled: 'CANCELED', Inactive: 'REJECTED',
};

/**
 * A VenueStateSource read from the TWS emulator's own records (orders, executions, positions), standing
 * in until the adapter's `IbVenueState` lands. Positions are net executed quantity per symbol, the same
 * measure the reconciler's broker view reports.
 */
export class IbEmulatorVenueState implements VenueStateSource {
  constructor(private readonly tws: TwsEmulator, private readonly instruments: ReadonlyMap<string, Instrument>) {}

  async openOrders(): Promise<readonly Order[]> {
    return this.tws.orders().filter((o) => !TWS_DONE.has(o.status) && o.orderRef).map((o) => this.toOrder(o));
  }

  async recentFills(since: number): Promise<readonly Fill[]> {
    return this.tws.executions().filter((e) => e.timestamp >= since && e.orderRef).map((e) => this.toFill(e));
  }

  async positions(): Promise<readonly BrokerPosition[]> {
    const net = new Map<string, Decimal>();
    for (const e of this.tws.executions()) net.set(e.contract.symbol, (net.get(e.contract.symbol) ?? Decimal.ZERO).plus(e.side === 'BOT' ? e.shares : e.shares.negated()));
    return [...net].flatMap(([s, quantity]) => {
      const instrument = this.instruments.get(s);
      return instrument && !quantity.isZero() ? [{ instrument, quantity, averagePrice: Decimal.ZERO, realizedPnl: Decimal.ZERO, unrealizedPnl: Decimal.ZERO }] : [];
    });
  }

  async orderByClientId(clientOrderId: string): Promise<Order | undefined> {
    const order = this.tws.orders().find((o) => o.orderRef === clientOrderId);
    return order ? this.toOrder(order) : undefined;
  }

  private toOrder(o: TwsOrder): Order {
    const instrument = this.instruments.get(o.contract.symbol);
    if (!instrument) throw new Error(`TWS order on unconfigured contract ${o.contract.symbol}`);
    const type = o.orderType === 'LMT' ? 'LIMIT' : 'MARKET';
    return {
      request: { clientOrderId: o.orderRef, instrument, side: o.action, type, quantity: o.totalQuantity, limitPrice: type === 'LIMIT' ? o.lmtPrice : undefined, timeInForce: 'DAY' },
      clientOrderId: o.orderRef, status: STATUS[o.status] ?? 'ACCEPTED', venueOrderId: String(o.orderId), filledQuantity: o.filled,
      remainingQuantity: o.totalQuantity.minus(o.filled), averageFillPrice: o.filled.isZero() ? undefined : o.filledValue.div(o.filled), createdAt: 0, updatedAt: 0,
    };
  }

  private toFill(e: ExecutionRecord): Fill {
    return {
      tradeId: e.execId, clientOrderId: e.orderRef, venueOrderId: String(e.orderId), symbol: e.contract.symbol, side: e.side === 'BOT' ? 'BUY' : 'SELL',
      quantity: e.shares, price: e.price, commission: e.commission, commissionAsset: e.commissionCurrency, liquidity: e.lastLiquidity === 1 ? 'MAKER' : 'TAKER', timestamp: e.timestamp,
    };
  }
}
