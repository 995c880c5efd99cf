import { dec, type Fill, type Instrument, type Order, type OrderRequest, type OrderStatus } from '@silvertine/core';

/** An order as the venue expects it (numbers as strings, as venues send them). */
export interface AcmeExchangeOrderPayload {
  readonly clientId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'MARKET' | 'LIMIT';
  readonly qty: string;
  readonly price?: string;
}

/** An execution report as the venue sends it. */
export interface AcmeExchangeExecution {
  readonly id: string;
  readonly clientId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly qty: string;
  readonly px: string;
  readonly fee: string;
  readonly feeAsset: string;
  readonly maker: boolean;
  readonly ts: number;
}

/** A symbol as the venue lists it (its exchange-info call), numbers as strings. */
export interface AcmeExchangeSymbolInfo {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly tick: string;
  readonly step: string;
  readonly minNotional: string;
}

/** An order as the venue reports it (its order-status and open-orders calls), numbers as strings. */
export interface AcmeExchangeOrderState {
  readonly clientId: string;
  readonly orderId: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'MARKET' | 'LIMIT';
  readonly qty: string;
  readonly price?: string;
  /** Quantity filled so far. */
  readonly filled: string;
  /** Average fill price, once something filled. */
  readonly avgPx?: string;
  readonly state: 'open' | 'filled' | 'canceled';
  readonly ts: number;
}

const ORDER_STATES: Readonly<Record<AcmeExchangeOrderState['state'], OrderStatus>> = { open: 'ACCEPTED', filled: 'FILLED', canceled: 'CANCELED' };

/** Venue order → Order (what reconciliation compares with the broker's own); venue strings are parsed here, once. */
export function toOrder(state: AcmeExchangeOrderState, instrument: Instrument): Order {
  const quantity = dec(state.qty);
  const filledQuantity = dec(state.filled);
  return {
    request: {
      clientOrderId: state.clientId, instrument, side: state.side === 'buy' ? 'BUY' : 'SELL', type: state.type, quantity,
      limitPrice: state.price === undefined ? undefined : dec(state.price), timeInForce: 'GTC',
    },
    clientOrderId: state.clientId,
    status: state.state === 'open' && filledQuantity.isPositive() ? 'PARTIALLY_FILLED' : ORDER_STATES[state.state],
    venueOrderId: state.orderId,
    filledQuantity,
    remainingQuantity: quantity.minus(filledQuantity),
    averageFillPrice: state.avgPx === undefined ? undefined : dec(state.avgPx),
    createdAt: state.ts,
    updatedAt: state.ts,
  };
}

/** Venue symbol → Instrument (what `broker.instrument(symbol)` serves); venue strings are parsed here, once. */
export function toInstrument(info: AcmeExchangeSymbolInfo): Instrument {
  return {
    symbol: info.symbol,
    venueSymbol: info.symbol,
    assetClass: 'CRYPTO',
    baseAsset: info.base,
    quoteAsset: info.quote,
    tickSize: dec(info.tick),
    stepSize: dec(info.step),
    minNotional: dec(info.minNotional),
    multiplier: dec(1),
  };
}

/** Silvertine request → venue payload. */
export function toVenueOrder(request: OrderRequest): AcmeExchangeOrderPayload {
  if (request.type !== 'MARKET' && request.type !== 'LIMIT') throw new Error(`unsupported type ${request.type}`);
  return {
    clientId: request.clientOrderId,
    symbol: request.instrument.venueSymbol ?? request.instrument.symbol,
    side: request.side === 'BUY' ? 'buy' : 'sell',
    type: request.type,
    qty: request.quantity.toString(),
    price: request.limitPrice?.toString(),
  };
}

/** Venue execution → Fill; venue strings are parsed here, once. */
export function toFill(execution: AcmeExchangeExecution): Fill {
  return {
    tradeId: execution.id,
    clientOrderId: execution.clientId,
    symbol: execution.symbol,
    side: execution.side === 'buy' ? 'BUY' : 'SELL',
    quantity: dec(execution.qty),
    price: dec(execution.px),
    commission: dec(execution.fee),
    commissionAsset: execution.feeAsset,
    liquidity: execution.maker ? 'MAKER' : 'TAKER',
    timestamp: execution.ts,
  };
}
