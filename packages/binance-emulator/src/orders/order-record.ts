import { Decimal } from '@silvertine/core';
import type { BinanceOrderType, BinanceSide, BinanceTif } from '../rules/new-order.params';

/** Binance order statuses the emulator produces. */
export type BinanceOrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED';

/** One execution of an order (a row of myTrades and of a FULL response's `fills`). */
export interface TradeRecord {
  readonly id: number;
  readonly symbol: string;
  readonly orderId: number;
  readonly orderListId: number;
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly quoteQty: Decimal;
  readonly commission: Decimal;
  readonly commissionAsset: string;
  readonly time: number;
  readonly isBuyer: boolean;
  readonly isMaker: boolean;
}

/** The emulator's state of one order; mutable, owned by the OrderService. */
export interface OrderRecord {
  readonly symbol: string;
  readonly orderId: number;
  orderListId: number;
  readonly clientOrderId: string;
  readonly side: BinanceSide;
  readonly type: BinanceOrderType;
  readonly timeInForce: BinanceTif;
  /** Zero for market and stop-market orders, as Binance reports it. */
  readonly price: Decimal;
  readonly stopPrice: Decimal;
  readonly origQty: Decimal;
  readonly origQuoteOrderQty: Decimal;
  executedQty: Decimal;
  cummulativeQuoteQty: Decimal;
  status: BinanceOrderStatus;
  readonly time: number;
  updateTime: number;
  /** -1 until a stop order triggers. */
  workingTime: number;
  /** Basis points of a trailing stop (trailing-stop.ts); absent for every other order. */
  readonly trailingDelta?: number;
  /** A trailing stop's state: the best price since trailing began (undefined before activation) and when it began (-1 before). */
  trail?: { extreme: Decimal | undefined; time: number };
  isWorking: boolean;
  readonly trades: TradeRecord[];
  /** What is still locked for this order, released on cancel/expiry. */
  lockedAsset: string;
  lockedAmount: Decimal;
  /** Locked per unit of base (the limit price for buys, 1 for sells), to release per fill. */
  lockPerUnit: Decimal;
}

/** The open statuses (counted by MAX_NUM_ORDERS and listed by openOrders). */
export function isOpen(o: OrderRecord): boolean {
  return o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';
}

/** Remaining quantity. */
export function remainingQty(o: OrderRecord): Decimal {
  return o.origQty.minus(o.executedQty);
}

/** Builds a fresh record with zero executions. */
export function newOrderRecord(fields: Omit<OrderRecord, 'executedQty' | 'cummulativeQuoteQty' | 'status' | 'updateTime' | 'trades' | 'lockedAsset' | 'lockedAmount' | 'lockPerUnit'>): OrderRecord {
  return {
    ...fields,
    executedQty: Decimal.ZERO,
    cummulativeQuoteQty: Decimal.ZERO,
    status: 'NEW',
    updateTime: fields.time,
    trades: [],
    lockedAsset: '',
    lockedAmount: Decimal.ZERO,
    lockPerUnit: Decimal.ZERO,
  };
}
