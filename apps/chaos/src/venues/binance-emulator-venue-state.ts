import { Decimal, dec, type BrokerPosition, type Fill, type Instrument, type Order, type OrderStatus } from '@silvertine/core';
import type { VenueStateSource } from '@silvertine/resilience';
import type { BinanceSignedReads, RawVenueOrder, RawVenueTrade } from './binance-signed-reads';

const STATUS: Readonly<Record<string, OrderStatus>> = {
  NEW: 'ACCEPTED', PARTIALLY_FILLED: 'PARTIALLY_FILLED', FILLED: 'FILLED', CANCELED: 'CANCELED', EXPIRED: 'EXPIRED', REJECTED: 'REJECTED',
  PENDING_CANCEL: 'PENDING_CANCEL', EXPIRED_IN_MATCH: 'EXPIRED',
};

/**
 * A VenueStateSource read straight from the Binance emulator's REST records, standing in until the
 * adapter's own `BinanceVenueState` lands. Positions are net quantities from the venue's trades since the
 * scenario started (spot has no positions; balances mix in seeds and base-asset commissions), which is
 * what the broker passed to the reconciler reports too (see `FillPositionBroker`).
 */
export class BinanceEmulatorVenueState implements VenueStateSource {
  constructor(private readonly reads: BinanceSignedReads, private readonly instruments: ReadonlyMap<string, Instrument>) {}

  async openOrders(): Promise<readonly Order[]> {
    const out: Order[] = [];
    for (const symbol of this.instruments.keys()) out.push(...(await this.reads.openOrders(symbol)).map((o) => this.toOrder(o)));
    return out;
  }

  async recentFills(since: number): Promise<readonly Fill[]> {
    const out: Fill[] = [];
    for (const symbol of this.instruments.keys()) {
      const [orders, trades] = await Promise.all([this.reads.allOrders(symbol), this.reads.myTrades(symbol)]);
      const cid = new Map(orders.map((o) => [o.orderId, o.clientOrderId]));
      for (const t of trades) {
        const clientOrderId = cid.get(t.orderId);
        if (t.time >= since && clientOrderId !== undefined) out.push(this.toFill(t, clientOrderId));
      }
    }
    return out;
  }

  async positions(): Promise<readonly BrokerPosition[]> {
    const out: BrokerPosition[] = [];
    for (const [symbol, instrument] of this.instruments) {
      const trades = await this.reads.myTrades(symbol);
      const quantity = Decimal.sum(trades.map((t) => (t.isBuyer ? dec(t.qty) : dec(t.qty).negated())));
      if (!quantity.isZero()) out.push({ instrument, quantity, averagePrice: Decimal.ZERO, realizedPnl: Decimal.ZERO, unrealizedPnl: Decimal.ZERO });
    }
    return out;
  }

  async orderByClientId(clientOrderId: string): Promise<Order | undefined> {
    for (const symbol of this.instruments.keys()) {
      const raw = await this.reads.order(symbol, clientOrderId);
      if (raw) return this.toOrder(raw);
    }
    return undefined;
  }

  private toOrder(o: RawVenueOrder): Order {
    const instrument = this.instruments.get(o.symbol);
    if (!instrument) throw new Error(`venue order on unconfigured symbol ${o.symbol}`);
    const filled = dec(o.executedQty);
    const quantity = dec(o.origQty);
    const limit = dec(o.price);
    return {
      request: {
        clientOrderId: o.clientOrderId, instrument, side: o.side, type: o.type === 'MARKET' ? 'MARKET' : 'LIMIT', quantity,
        limitPrice: limit.isZero() ? undefined : limit, timeInForce: o.timeInForce === 'IOC' || o.timeInForce === 'FOK' ? o.timeInForce : 'GTC',
      },
      clientOrderId: o.clientOrderId, status: STATUS[o.status] ?? 'ACCEPTED', venueOrderId: String(o.orderId), filledQuantity: filled,
      remainingQuantity: quantity.minus(filled), averageFillPrice: filled.isZero() ? undefined : dec(o.cummulativeQuoteQty).div(filled),
      createdAt: o.time, updatedAt: o.time,
    };
  }

  private toFill(t: RawVenueTrade, clientOrderId: string): Fill {
    return {
      tradeId: String(t.id), clientOrderId, venueOrderId: String(t.orderId), symbol: t.symbol, side: t.isBuyer ? 'BUY' : 'SELL',
      quantity: dec(t.qty), price: dec(t.price), commission: dec(t.commission), commissionAsset: t.commissionAsset,
      liquidity: t.isMaker ? 'MAKER' : 'TAKER', timestamp: t.time,
    };
  }
}
