import { Decimal } from '@silvertine/core';
import type { AccountBook } from '../account/account-book';
import type { SymbolSpec } from '../rules/symbol-spec';
import type { OrderRecord, TradeRecord } from './order-record';

/** Maker and taker commission rates (0.001 = 0.1 %). */
export interface CommissionRates {
  readonly maker: Decimal;
  readonly taker: Decimal;
}

/**
 * Books one fill: releases what the order had locked for this quantity, moves base and quote, and
 * charges commission in the asset received (base on a buy, quote on a sell), as Binance does without BNB.
 */
export function settleFill(
  book: AccountBook,
  spec: SymbolSpec,
  order: OrderRecord,
  fill: { price: Decimal; qty: Decimal; maker: boolean; id: number; time: number },
  rates: CommissionRates,
): TradeRecord {
  const quoteQty = fill.price.times(fill.qty);
  const rate = fill.maker ? rates.maker : rates.taker;
  const buy = order.side === 'BUY';
  const commission = (buy ? fill.qty : quoteQty).times(rate).round(8, 'UP');
  const release = Decimal.min(order.lockedAmount, order.lockPerUnit.times(fill.qty));
  if (release.isPositive()) {
    book.unlock(order.lockedAsset, release);
    order.lockedAmount = order.lockedAmount.minus(release);
  }
  if (buy) {
    book.adjust(spec.quoteAsset, quoteQty.negated());
    book.adjust(spec.baseAsset, fill.qty.minus(commission));
  } else {
    book.adjust(spec.baseAsset, fill.qty.negated());
    book.adjust(spec.quoteAsset, quoteQty.minus(commission));
  }
  order.executedQty = order.executedQty.plus(fill.qty);
  order.cummulativeQuoteQty = order.cummulativeQuoteQty.plus(quoteQty);
  order.status = order.executedQty.gte(order.origQty) ? 'FILLED' : 'PARTIALLY_FILLED';
  order.updateTime = fill.time;
  const trade: TradeRecord = {
    id: fill.id,
    symbol: order.symbol,
    orderId: order.orderId,
    orderListId: order.orderListId,
    price: fill.price,
    qty: fill.qty,
    quoteQty,
    commission,
    commissionAsset: buy ? spec.baseAsset : spec.quoteAsset,
    time: fill.time,
    isBuyer: buy,
    isMaker: fill.maker,
  };
  order.trades.push(trade);
  // A filled order no longer needs what remains locked (a buy filled below its limit).
  if (order.status === 'FILLED') releaseLock(book, order);
  return trade;
}

/** Releases everything still locked for an order (cancel, expiry, fill). */
export function releaseLock(book: AccountBook, order: OrderRecord): void {
  if (order.lockedAmount.isPositive()) book.unlock(order.lockedAsset, order.lockedAmount);
  order.lockedAmount = Decimal.ZERO;
}
